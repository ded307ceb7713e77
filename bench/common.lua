-- Shared by the wrk scripts of scripts/bench.sh (wrk runs from the repository root, so dofile("bench/common.lua")).
-- Settings come from the environment: TOKEN (integration access token), CLIENT_ID, CLIENT_SECRET, SALES_CHANNEL_ID,
-- USERNAME, PASSWORD, IDS, GROUPED_IDS, EMAILS (files with one value a line), RUN (unique per wrk run).
local common = {}
math.randomseed(os.time())

function common.lines(variable)
  local path = os.getenv(variable) or error(variable .. " is not set")
  local values = {}
  for line in io.lines(path) do
    if line ~= "" then values[#values + 1] = line end
  end
  if #values == 0 then error(path .. " is empty") end
  return values
end

function common.pick(values)
  return values[math.random(#values)]
end

-- Percent-encodes everything but unreserved characters, byte by byte (UTF-8 stays UTF-8).
function common.escape(text)
  return (text:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function common.api_headers()
  wrk.headers["Accept"] = "application/vnd.api+json"
  wrk.headers["Content-Type"] = "application/vnd.api+json"
  wrk.headers["Authorization"] = "Bearer " .. (os.getenv("TOKEN") or error("TOKEN is not set"))
end

-- Emails no other request of any run has used: RUN, the thread's number (set by setup) and a counter.
local run, counter = os.getenv("RUN") or tostring(os.time()), 0

function setup(thread)
  setup_count = (setup_count or 0) + 1
  thread:set("thread_id", setup_count)
end

function common.unique_email(prefix)
  counter = counter + 1
  return string.format("%s.%s.%d.%d@example.com", prefix, run, thread_id or 0, counter)
end

-- One machine-readable line for scripts/bench.sh: requests, seconds, req/s, p50 ms, p99 ms, non-2xx, socket errors.
function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT %d %.3f %.1f %.2f %.2f %d %d\n", summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, e.status, e.connect + e.read + e.write + e.timeout))
end

return common
