#!/usr/bin/env bash
# v4 backend throughput on PostgreSQL with Redis: a cached GET by id and an uncached list
# (a distinct search per request defeats the cache). Prints a markdown table.
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
  ./v4-backend --urls "http://127.0.0.1:$PORT" >"$BENCH_TMP/v4.log" 2>&1) &
BENCH_PIDS+=($!)
bench_wait_http "http://127.0.0.1:$PORT/readyz" 120

# Uncached: a different search term per request (wrk script), so every request reaches PostgreSQL.
cat > "$BENCH_TMP/search.lua" <<'LUA'
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", "/api/v4/restaurants?limit=20&search=" .. string.char(97 + counter % 26) .. (counter % 997))
end
LUA

echo "| Endpoint | Requests/s | p50 ms | p99 ms | non-2xx |"
echo "| --- | ---: | ---: | ---: | ---: |"
for run in warmup measure; do
  cached=$(bench_wrk "http://127.0.0.1:$PORT/api/v4/restaurants/42" "$CONNECTIONS" "$([ $run = warmup ] && echo 5 || echo "$SECONDS_PER_RUN")")
  uncached=$(bench_wrk "http://127.0.0.1:$PORT/" "$CONNECTIONS" "$([ $run = warmup ] && echo 5 || echo "$SECONDS_PER_RUN")" -s "$BENCH_TMP/search.lua")
done
read -r rps p50 p99 bad <<<"$cached";   echo "| cached GET /api/v4/restaurants/42 (Redis hit) | $rps | $p50 | $p99 | $bad |"
read -r rps p50 p99 bad <<<"$uncached"; echo "| uncached GET /api/v4/restaurants?search=... (PostgreSQL) | $rps | $p50 | $p99 | $bad |"
