-- Baseline: GET /baseline/static, a fixed JSON:API document from a bare endpoint (Clientele.Bench --baseline).
dofile("bench/common.lua")
wrk.headers["Accept"] = "application/vnd.api+json"
wrk.path = "/baseline/static"
