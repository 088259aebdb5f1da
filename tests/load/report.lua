-- wrk script: sends the Authorization header (BENCH_TOKEN), and at the end prints one JSON
-- line (prefixed "BENCH_JSON ") with throughput, latency percentiles and error counts.
local token = os.getenv("BENCH_TOKEN")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end

-- BENCH_METHOD and BENCH_BODY: a write (the same JSON body every time), as the writes section
-- sends it.
local method = os.getenv("BENCH_METHOD")
if method and method ~= "" then
  wrk.method = method
  wrk.body = os.getenv("BENCH_BODY") or ""
  wrk.headers["Content-Type"] = "application/json"
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.3f,"p90_ms":%.3f,' ..
    '"p99_ms":%.3f,"max_ms":%.3f,"bytes":%d,"non2xx":%d,"connect_errors":%d,' ..
    '"read_errors":%d,"write_errors":%d,"timeouts":%d}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.bytes,
    errors.status, errors.connect, errors.read, errors.write, errors.timeout))
end

-- BENCH_TOKENS_FILE: one token a line; each request takes the next. Each wrk thread cycles
-- through its own slice (BENCH_WRK_THREADS threads), so no thread ever sends a token another
-- thread sent recently: with more tokens than the gateway's cache holds, no request hits it.
local thread_counter = 0
function setup(thread)
  thread:set("thread_id", thread_counter)
  thread_counter = thread_counter + 1
end

local tokens_file = os.getenv("BENCH_TOKENS_FILE")
if tokens_file and tokens_file ~= "" then
  local tokens, i
  function init(args)
    local threads = tonumber(os.getenv("BENCH_WRK_THREADS") or "1")
    local id = thread_id or 0
    tokens = {}
    local n = 0
    for line in io.lines(tokens_file) do
      if n % threads == id then
        tokens[#tokens + 1] = line
      end
      n = n + 1
    end
    i = 0
  end
  function request()
    i = i % #tokens + 1
    wrk.headers["Authorization"] = "Bearer " .. tokens[i]
    return wrk.format()
  end
end
