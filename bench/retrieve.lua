-- GET /api/customers/{id} over a random sample of the seeded customers.
local common = dofile("bench/common.lua")
common.api_headers()
local ids = common.lines("IDS")

function request()
  return wrk.format("GET", "/api/customers/" .. common.pick(ids))
end
