-- Baseline: GET /baseline/customers/{id}, one raw SQLite primary-key read behind a bare endpoint (Clientele.Bench --baseline).
local common = dofile("bench/common.lua")
wrk.headers["Accept"] = "application/vnd.api+json"
local ids = common.lines("IDS")

function request()
  return wrk.format("GET", "/baseline/customers/" .. common.pick(ids))
end
