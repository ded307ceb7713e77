-- POST /api/customers with a password (one slow hash per request); unique emails as in create.lua.
local common = dofile("bench/common.lua")
common.api_headers()

function request()
  local body = string.format('{"data":{"type":"customers","attributes":{"email":"%s","password":"correct-horse-battery"},"relationships":{}}}',
    common.unique_email("bench.pw"))
  return wrk.format("POST", "/api/customers", nil, body)
end
