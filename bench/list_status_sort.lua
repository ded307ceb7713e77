-- GET /api/customers?filter[q][status_eq]=...&sort=-created_at&page[number]=2, the three statuses in turn.
local common = dofile("bench/common.lua")
common.api_headers()
local statuses, turn = { "prospect", "acquired", "repeat" }, 0

function request()
  turn = turn % #statuses + 1
  return wrk.format("GET", "/api/customers?filter[q][status_eq]=" .. statuses[turn] .. "&sort=-created_at&page[number]=2")
end
