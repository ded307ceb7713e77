-- A mixed load for scripts/load-test.sh: 70 % reads (a customer by id, a sorted filtered page) and 30 % writes
-- (sign-ups, metadata updates), with an integration token.
local common = dofile("bench/common.lua")
common.api_headers()
local ids = common.lines("IDS")
local counter = 0

function request()
  counter = counter + 1
  local roll = math.random(100)
  if roll <= 45 then
    return wrk.format("GET", "/api/customers/" .. common.pick(ids))
  elseif roll <= 70 then
    return wrk.format("GET", "/api/customers?filter[q][status_eq]=repeat&sort=-created_at&page[number]=" .. math.random(5))
  elseif roll <= 85 then
    local body = string.format('{"data":{"type":"customers","attributes":{"email":"%s"},"relationships":{}}}', common.unique_email("load"))
    return wrk.format("POST", "/api/customers", nil, body)
  else
    local id = common.pick(ids)
    local body = string.format('{"data":{"type":"customers","id":"%s","attributes":{"metadata":{"touched":%d}},"relationships":{}}}', id, counter)
    return wrk.format("PATCH", "/api/customers/" .. id, nil, body)
  end
end

-- The first non-2xx answers of each status are printed as they come (wrk's done() cannot see thread state).
local seen = {}
function response(status, headers, body)
  if status >= 300 then
    seen[status] = (seen[status] or 0) + 1
    if seen[status] <= 2 then io.write(string.format("FAILED %d %s\n", status, body)) end
  end
end
