-- GET /api/customers/{id} as retrieve.lua, each request from one of 1 000 client addresses (X-Forwarded-For, which
-- the server is told to trust), so that the rate limits follow many windows at once.
local common = dofile("bench/common.lua")
common.api_headers()
local ids = common.lines("IDS")

function request()
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  headers["X-Forwarded-For"] = string.format("10.1.%d.%d", math.random(0, 3), math.random(0, 249))
  return wrk.format("GET", "/api/customers/" .. common.pick(ids), headers)
end
