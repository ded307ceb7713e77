-- GET /api/customers?filter[q][metadata_jcont]={"tier":...}; platinum is rare (about 3 %), the others common.
local common = dofile("bench/common.lua")
common.api_headers()
local tiers, turn = { "platinum", "gold", "silver", "bronze" }, 0

function request()
  turn = turn % #tiers + 1
  return wrk.format("GET", "/api/customers?filter[q][metadata_jcont]=" .. common.escape('{"tier":"' .. tiers[turn] .. '"}'))
end
