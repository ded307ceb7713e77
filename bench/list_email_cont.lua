-- GET /api/customers?filter[q][email_cont]=... with 8 characters from inside a random seeded email (few matches).
local common = dofile("bench/common.lua")
common.api_headers()
local emails = common.lines("EMAILS")

function request()
  local term = common.pick(emails):sub(3, 10):gsub("[\128-\255]", "") -- ASCII only: a cut may split a UTF-8 character
  return wrk.format("GET", "/api/customers?filter[q][email_cont]=" .. common.escape(term))
end
