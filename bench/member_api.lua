-- wrk script for bench/member_api.py: one bearer token per request, rotating over
-- every member (BENCH_TOKENS: a file with one "token challenge_id" line per member),
-- method, path and body from BENCH_METHOD / BENCH_PATH / BENCH_BODY ("{challenge}" in
-- the path becomes that member's challenge), and a JSON summary with p50/p95/p99.
-- X-Forwarded-Proto says https as nginx would, so production settings do not redirect.

local tokens = {}
local challenges = {}
local counter = 0
local method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
local template = os.getenv("BENCH_PATH")
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("thread_id", next_id)
end

function init(args)
  for line in io.lines(os.getenv("BENCH_TOKENS")) do
    local token, challenge = line:match("^(%S+)%s*(%S*)$")
    if token then
      tokens[#tokens + 1] = token
      challenges[#challenges + 1] = challenge
    end
  end
  -- Threads start at different members so they do not walk in step.
  counter = (thread_id or 0) * 7919
end

function request()
  counter = counter + 1
  local i = (counter % #tokens) + 1
  local headers = {
    ["Authorization"] = "Bearer " .. tokens[i],
    ["Content-Type"] = "application/json",
    ["X-Forwarded-Proto"] = "https",
  }
  local path = nil
  if template then
    path = template:gsub("{challenge}", challenges[i])
  end
  return wrk.format(method, path, headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "non_2xx_3xx": %d, "socket_errors": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
