-- SPDX-License-Identifier: Apache-2.0
-- wrk: joins with a solved proof of work, each body once (bench/bench_fair_joins.sh writes
-- them to the file named by JOIN_BODIES; each thread takes every other line).
-- Usage: JOIN_BODIES=FILE wrk -s join_pow.lua URL
local bodies = {}
local next_body = 1
function setup(thread)
  thread:set("id", #bodies)
  table.insert(bodies, thread)
end
function init(args)
  local all = {}
  for line in io.lines(os.getenv("JOIN_BODIES")) do table.insert(all, line) end
  mine = {}
  local threads = tonumber(os.getenv("WRK_THREADS") or "2")
  for i = id + 1, #all, threads do table.insert(mine, all[i]) end
  at = 0
end
function request()
  at = at + 1
  local body = mine[((at - 1) % #mine) + 1]
  return wrk.format("POST", "/api/v1/join", { ["Content-Type"] = "application/json" }, body)
end
