# Helpers shared by the bench scripts: throwaway PostgreSQL and Redis, free ports, readiness waits.
# Sourced, not run. Everything started here is stopped by bench_cleanup (registered on EXIT).

BENCH_TMP=$(mktemp -d -t strangler-bench-XXXXXX)
BENCH_PIDS=()

bench_cleanup() {
  # SIGCONT after SIGTERM: a process stopped by with_others_stopped (rounds.sh) would otherwise
  # never act on the SIGTERM, and wait would hang.
  for pid in "${BENCH_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; kill -CONT "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "${BENCH_PG_DATA:-}" ]; then bench_as_pg "$BENCH_PG_BIN/pg_ctl" -D "$BENCH_PG_DATA" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$BENCH_TMP"
}
trap bench_cleanup EXIT

bench_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

bench_wait_http() { # url [seconds]
  local url=$1 deadline=$((SECONDS + ${2:-60}))
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || { echo "timed out waiting for $url" >&2; return 1; }
    sleep 0.2
  done
}

bench_as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

bench_start_postgres() { # sets BENCH_PG_URL (Npgsql connection string)
  BENCH_PG_BIN=$(dirname "$(command -v initdb || ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
  BENCH_PG_DATA=$BENCH_TMP/pg
  mkdir -p "$BENCH_PG_DATA"
  [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$BENCH_TMP"
  bench_as_pg "$BENCH_PG_BIN/initdb" -D "$BENCH_PG_DATA" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
  local port; port=$(bench_free_port)
  bench_as_pg "$BENCH_PG_BIN/pg_ctl" -D "$BENCH_PG_DATA" -l "$BENCH_TMP/pg.log" -w \
    -o "-p $port -k $BENCH_TMP -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c shared_buffers=256MB" start >/dev/null
  BENCH_PG_URL="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Maximum Pool Size=64"
}

bench_start_redis() { # sets BENCH_REDIS
  local port; port=$(bench_free_port)
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$BENCH_TMP" >/dev/null &
  BENCH_PIDS+=($!)
  BENCH_REDIS=127.0.0.1:$port
  until redis-cli -p "$port" ping >/dev/null 2>&1; do sleep 0.1; done
}

# wrk threads for every run (a wrk script that partitions work per thread reads it as an argument).
BENCH_WRK_THREADS=2

# Runs wrk and prints "requests_per_second p50_ms p99_ms non2xx" from its latency distribution.
# Arguments after "--" go to the wrk script's init(args).
bench_wrk() { # url connections seconds [extra wrk args...] [-- script args...]
  local url=$1 connections=$2 seconds=$3 options=(); shift 3
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do options+=("$1"); shift; done
  wrk -t"$BENCH_WRK_THREADS" -c"$connections" -d"${seconds}s" --latency "${options[@]}" "$url" "$@" > "$BENCH_TMP/wrk.out"
  awk '
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 }
    /Non-2xx/ { non2xx = $NF }
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    END { printf "%.0f %.2f %.2f %s\n", rps, ms(p50), ms(p99), (non2xx == "" ? 0 : non2xx) }' "$BENCH_TMP/wrk.out"
}
