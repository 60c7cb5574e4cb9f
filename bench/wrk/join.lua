-- SPDX-License-Identifier: Apache-2.0
-- wrk: joins (POST /api/v1/join with an empty body). Usage: wrk -s join.lua URL
wrk.method = "POST"
wrk.path = "/api/v1/join"
wrk.headers["Content-Length"] = "0"
