#!/usr/bin/env bash
# v4 backend throughput on PostgreSQL with Redis: a cached GET by id and an uncached list (every
# request a search no earlier request made, each answered with a full page). Prints a markdown
# table, then checks that the uncached run never hit the cache and returned full pages.
#   bash bench/v4-backend.sh [seconds per run, default 20] [connections, default 32]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/servers.sh
SECONDS_PER_RUN=${1:-20}
CONNECTIONS=${2:-32}

dotnet publish v4-backend -c Release -o "$BENCH_TMP/v4" --nologo -v quiet >/dev/null
bench_start_postgres
bench_start_redis
PORT=$(bench_free_port)
(cd "$BENCH_TMP/v4" && Auth__SigningKey=bench-signing-key-0123456789abcdefghij ConnectionStrings__Postgres="$BENCH_PG_URL" \
  ConnectionStrings__Redis="$BENCH_REDIS" Logging__LogLevel__Default=Warning DOTNET_gcServer=0 \
  exec ./v4-backend --urls "http://127.0.0.1:$PORT" >"$BENCH_TMP/v4.log" 2>&1) &
BENCH_PIDS+=($!)   # exec: the recorded pid is the backend itself, so bench_cleanup stops it
bench_wait_http "http://127.0.0.1:$PORT/readyz" 120

# Uncached list. Every description contains "serves" and "kosher food in", so a search for any
# substring of those matches all 500 restaurants. Each request takes the next index of its own
# sequence: thread t of T uses t, t+T, t+2T, ... from a base given by the run (warm-up 0, measured
# 1), and the index picks a term (67), a limit (20..24) and an offset (0..476), so every page is full
# and no two requests of the warm-up and the measured run share a cache key: each one misses
# Redis and runs the COUNT and the page query on PostgreSQL (trigram-indexed folded columns).
cat > "$BENCH_TMP/search.lua" <<'LUA'
local terms, seen = {}, {}
for _, text in ipairs({ "serves", "kosher food in" }) do
  for len = 3, #text do
    for start = 1, #text - len + 1 do
      local term = text:sub(start, start + len - 1)
      -- The API trims the search, so a term with an outer space would repeat another term's key.
      if term:sub(1, 1) ~= " " and term:sub(-1) ~= " " and not seen[term] then
        seen[term] = true
        terms[#terms + 1] = term
      end
    end
  end
end
local limits, offsets = 5, 477
local per_run = math.floor(#terms * limits * offsets / 2)

local threads_set_up = 0
function setup(thread)
  thread:set("tid", threads_set_up)
  threads_set_up = threads_set_up + 1
end

function init(args)
  run, threads = tonumber(args[1]), tonumber(args[2])
  index = run * per_run + tid
end

function request()
  local i = index
  index = index + threads
  local term = terms[i % #terms + 1]
  local rest = math.floor(i / #terms)
  local limit = 20 + rest % limits
  local offset = math.floor(rest / limits) % offsets
  return wrk.format("GET", "/api/v4/restaurants?search=" .. term:gsub(" ", "%%20") .. "&limit=" .. limit .. "&offset=" .. offset)
end
LUA

# Redis lookups of the restaurant area by result, from the backend's /metrics.
lookups() { # hit|miss
  curl -fsS "http://127.0.0.1:$PORT/metrics" | awk -v result="$1" '
    /^strangler_v4_cache_lookups_total\{/ && /area="restaurants"/ && /tier="redis"/ && $0 ~ "result=\"" result "\"" { n += $NF }
    END { printf "%d\n", n }'
}

echo "| Endpoint | Requests/s | p50 ms | p99 ms | non-2xx |"
echo "| --- | ---: | ---: | ---: | ---: |"
run_index=0
for run in warmup measure; do
  seconds=$([ $run = warmup ] && echo 5 || echo "$SECONDS_PER_RUN")
  cached=$(bench_wrk "http://127.0.0.1:$PORT/api/v4/restaurants/42" "$CONNECTIONS" "$seconds")
  hits_before=$(lookups hit); misses_before=$(lookups miss)
  uncached=$(bench_wrk "http://127.0.0.1:$PORT/" "$CONNECTIONS" "$seconds" -s "$BENCH_TMP/search.lua" -- "$run_index" "$BENCH_WRK_THREADS")
  hits=$(( $(lookups hit) - hits_before )); misses=$(( $(lookups miss) - misses_before ))
  run_index=$((run_index + 1))
done
read -r rps p50 p99 bad <<<"$cached";   echo "| cached GET /api/v4/restaurants/42 (Redis hit) | $rps | $p50 | $p99 | $bad |"
read -r rps p50 p99 bad <<<"$uncached"; echo "| uncached GET /api/v4/restaurants?search=...&limit=20..24&offset=... (Redis miss, PostgreSQL) | $rps | $p50 | $p99 | $bad |"

echo
echo "Uncached run: $misses Redis misses, $hits Redis hits in the restaurant area."
page=$(curl -fsS "http://127.0.0.1:$PORT/api/v4/restaurants?search=kosher%20food%20in&limit=24&offset=476")
python3 -c "import json,sys; d=json.load(sys.stdin)['data']; print('Sample page (offset 476, limit 24): %d items of %d matches' % (len(d['items']), d['total']))" <<<"$page"
if [ "$hits" -ne 0 ]; then
  echo "the uncached run hit the cache $hits times: it ran out of unique searches (shorten the run)" >&2
  exit 1
fi
