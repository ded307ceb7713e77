-- POST /api/customers without a password; every request has an email no other request of any run has used.
local common = dofile("bench/common.lua")
common.api_headers()
local run, counter = os.getenv("RUN") or tostring(os.time()), 0 -- thread_id is set by setup()

function setup(thread)
  setup_count = (setup_count or 0) + 1
  thread:set("thread_id", setup_count)
end

function request()
  counter = counter + 1
  local body = string.format('{"data":{"type":"customers","attributes":{"email":"bench.%s.%d.%d@example.com"},"relationships":{}}}',
    run, thread_id or 0, counter)
  return wrk.format("POST", "/api/customers", nil, body)
end
