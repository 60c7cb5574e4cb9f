-- SPDX-License-Identifier: Apache-2.0
-- wrk: status polls for random tickets from a file (one a line), as a million waiting
-- browsers would send them. Usage: wrk -s status.lua URL -- TICKETS_FILE
local tickets = {}

function init(args)
  local path = args[1] or "tickets.txt"
  local f = assert(io.open(path, "r"), "cannot open " .. path)
  for line in f:lines() do
    tickets[#tickets + 1] = line
  end
  f:close()
  -- Each wrk thread gets its own sequence.
  math.randomseed(os.time() + (tonumber(tostring(tickets):match("0x(%x+)"), 16) or 0))
end

function request()
  return wrk.format("GET", "/api/v1/status?ticket=" .. tickets[math.random(#tickets)])
end
