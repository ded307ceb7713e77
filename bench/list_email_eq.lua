-- GET /api/customers?filter[q][email_eq]=... with the email of a random seeded customer (one match).
local common = dofile("bench/common.lua")
common.api_headers()
local emails = common.lines("EMAILS")

function request()
  return wrk.format("GET", "/api/customers?filter[q][email_eq]=" .. common.escape(common.pick(emails)))
end
