-- POST /api/customers without a password; every request has an email no other request of any run has used.
local common = dofile("bench/common.lua")
common.api_headers()

function request()
  local body = string.format('{"data":{"type":"customers","attributes":{"email":"%s"},"relationships":{}}}', common.unique_email("bench"))
  return wrk.format("POST", "/api/customers", nil, body)
end
