-- Reports what `npm run bench` reads: throughput and latency percentiles as one JSON line.
-- BENCH_PATHS (optional) is a space-separated list of paths to rotate through at random
-- (BENCH_PATHS_FILE, below, one a line);
-- "{id}" in a path becomes a random integer in 1..BENCH_MAX_ID.
-- BENCH_START_DELAY_MS holds every connection's first request back that long, so the
-- counted load starts on connections already accepted: a Node server that is busy
-- accepts one new connection per turn of its event loop, and wrk would otherwise
-- count that ramp (up to a second at 50 connections on a slow page) as latency.
-- BENCH_CONNECTIONS_PER_THREAD says how many first requests a thread sends.
local paths = {}
local max_id = tonumber(os.getenv("BENCH_MAX_ID") or "1")
local start_delay_ms = tonumber(os.getenv("BENCH_START_DELAY_MS") or "0")
local first_requests = tonumber(os.getenv("BENCH_CONNECTIONS_PER_THREAD") or "0")
local delayed = 0
for p in string.gmatch(os.getenv("BENCH_PATHS") or "", "%S+") do table.insert(paths, p) end
-- BENCH_PATHS_FILE: the same, one path a line, for lists longer than an environment variable holds.
local paths_file = os.getenv("BENCH_PATHS_FILE")
if paths_file and paths_file ~= "" then
  for line in io.lines(paths_file) do
    if line ~= "" then table.insert(paths, line) end
  end
end

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed)
end

-- A browser's User-Agent, so that article views count (and are flushed) as readers' would.
local headers = { ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36" }

function request()
  if #paths == 0 then return wrk.format(nil, nil, headers) end
  local path = paths[math.random(1, #paths)]
  path = string.gsub(path, "{id}", function() return tostring(math.random(1, max_id)) end)
  return wrk.format(nil, path, headers)
end

-- wrk does not count a delay in a request's latency: it stamps the request when it sends it.
function delay()
  if delayed < first_requests then
    delayed = delayed + 1
    return start_delay_ms
  end
  return 0
end

function done(summary, latency, requests)
  -- Throughput over the time the load ran, after the held-back start.
  local seconds = summary.duration / 1000000 - start_delay_ms / 1000
  local non2xx = summary.errors.status
  io.write(string.format('{"rps":%.2f,"p50":%.3f,"p95":%.3f,"p99":%.3f,"non2xx":%d,"requests":%d}\n',
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, non2xx, summary.requests))
end
