-- GET /api/customers/{id}?include=customer_group over seeded customers that have a group.
local common = dofile("bench/common.lua")
common.api_headers()
local ids = common.lines("GROUPED_IDS")

function request()
  return wrk.format("GET", "/api/customers/" .. common.pick(ids) .. "?include=customer_group")
end
