-- Reports what `npm run bench` reads: throughput and latency percentiles as one JSON line.
-- BENCH_PATHS (optional) is a space-separated list of paths to rotate through at random;
-- "{id}" in a path becomes a random integer in 1..BENCH_MAX_ID.
local paths = {}
local max_id = tonumber(os.getenv("BENCH_MAX_ID") or "1")
for p in string.gmatch(os.getenv("BENCH_PATHS") or "", "%S+") do table.insert(paths, p) end

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

function done(summary, latency, requests)
  local seconds = summary.duration / 1000000
  local non2xx = summary.errors.status
  io.write(string.format('{"rps":%.2f,"p50":%.3f,"p95":%.3f,"p99":%.3f,"non2xx":%d,"requests":%d}\n',
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, non2xx, summary.requests))
end
