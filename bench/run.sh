#!/usr/bin/env bash
# The gateway against bare YARP and NGINX on the same backends, in one run: requests/s, latency
# p50/p99, proxy CPU per request and peak RSS per arm, medians over interleaved rounds, ratios,
# a Markdown table on stdout and in a results file. Method and arms: docs/benchmarks.md.
#
#   bash bench/run.sh                 # full run: 3 rounds, 32 and 128 connections, 30 s (+10 s warm-up)
#   bash bench/run.sh --quick         # 1 round, 5 s (+5 s warm-up): checks the script in about 4 minutes
#   bash bench/run.sh --arms "C D E50" --connections 64 --rounds 3 --duration 15
#
# Options (or environment variables): --rounds N (BENCH_ROUNDS), --duration S (BENCH_DURATION),
# --warmup S (BENCH_WARMUP), --connections "32 128" (BENCH_CONNECTIONS), --arms "A B ..."
# (BENCH_ARMS), --out FILE (BENCH_OUT, default artifacts/bench/results-<time>.md), --nice N
# (BENCH_NICE: run every benchmark process at this niceness, e.g. -10 as root on a shared machine).
set -euo pipefail
cd "$(dirname "$0")/.."
COMMAND="bash bench/run.sh${*:+ $*}"
ALL_ARMS="A B C D E0 E50 E100 E50off"

ROUNDS=${BENCH_ROUNDS:-3}
DURATION=${BENCH_DURATION:-30}
WARMUP=${BENCH_WARMUP:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-"32 128"}
ARMS=${BENCH_ARMS:-$ALL_ARMS}
OUT=${BENCH_OUT:-}
NICE=${BENCH_NICE:-}
USERS=1000            # size of the fixed user-id table
PROXY_WORKERS=2       # NGINX workers of arms B and C: one per core, like the .NET thread pool

while [ $# -gt 0 ]; do
  case $1 in
    --quick) ROUNDS=1 DURATION=5 WARMUP=5 ;;
    --rounds) ROUNDS=$2; shift ;;
    --duration) DURATION=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --connections) CONNECTIONS=$2; shift ;;
    --arms) ARMS=$2; shift ;;
    --out) OUT=$2; shift ;;
    --nice) NICE=$2; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
for arm in $ARMS; do
  [[ " $ALL_ARMS " == *" $arm "* ]] || { echo "unknown arm: $arm (arms: $ALL_ARMS)" >&2; exit 2; }
done
for tool in wrk nginx python3 dotnet; do
  command -v $tool >/dev/null || { echo "$tool is required (apt-get install wrk nginx-light python3)" >&2; exit 2; }
done

# Children inherit the niceness: wrk, the backends and every proxy get the same priority.
[ -n "$NICE" ] && renice -n "$NICE" -p $$ >/dev/null

source bench/lib/servers.sh
source bench/lib/nginx.sh
source bench/lib/measure.sh
source bench/lib/proxies.sh
OUT=${OUT:-artifacts/bench/results-$(date -u +%Y%m%d-%H%M%S).md}
mkdir -p "$(dirname "$OUT")"
RAW=${OUT%.md}.tsv
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

arm_label() {
  case $1 in
    A) echo "A direct to the backend" ;;
    B) echo "B NGINX proxy_pass" ;;
    C) echo "C NGINX split_clients 50 %" ;;
    D) echo "D bare YARP" ;;
    E0) echo "E gateway 0 %" ;;
    E50) echo "E gateway 50 %" ;;
    E100) echo "E gateway 100 %" ;;
    E50off) echo "E' gateway 50 %, metrics and guard off" ;;
  esac
}

publish_proxies

write_wrk_script "$BENCH_TMP/users.lua" "$USERS"

# Backends: one NGINX serving v3 and v4 on their own ports (fixed 1 KB JSON bodies).
start_backends
BACKEND_CPU_PIDS="$BACKEND_PID $(nginx_workers "$BACKEND_PID")"

# One rollout file per percentage, checked with the gateway's own validator.
for percent in 0 50 100; do
  write_rollout "$percent" "$V3_PORT" "$V4_PORT"
done

# Starts an arm's proxy; sets ARM_PORT, ARM_PID (0 for arm A), ARM_CPU_PIDS and ARM_RSS_PIDS.
start_arm() { # arm
  local arm=$1 dir
  ARM_PORT=$(bench_free_port)
  case $arm in
    A)
      ARM_PORT=$V3_PORT ARM_PID=0 ARM_CPU_PIDS="" ARM_RSS_PIDS=""
      return ;;
    B|C)
      dir=$BENCH_TMP/nginx-$arm
      mkdir -p "$dir"
      nginx_proxy_conf "$dir" "$PROXY_WORKERS" "$ARM_PORT" "$V3_PORT" "$V4_PORT" "$([ "$arm" = B ] && echo proxy || echo split)" > "$dir/nginx.conf"
      nginx -p "$dir" -c "$dir/nginx.conf" &
      ARM_PID=$! ;;
    D)
      start_bare_yarp "$ARM_PORT" "$V3_PORT"
      ARM_PID=$PROXY_PID ;;
    E*)
      local percent=${arm#E}; percent=${percent%off}
      local observe=true; [[ $arm == *off ]] && observe=false
      start_gateway "$ARM_PORT" "$percent" "$observe"
      ARM_PID=$PROXY_PID ;;
  esac
  bench_wait_http "http://127.0.0.1:$ARM_PORT/api/restaurants/7" 60
  case $arm in
    B|C) ARM_RSS_PIDS=$(nginx_workers "$ARM_PID"); ARM_CPU_PIDS="$ARM_PID $ARM_RSS_PIDS" ;;
    *) ARM_CPU_PIDS=$ARM_PID ARM_RSS_PIDS=$ARM_PID ;;
  esac
}

stop_arm() {
  [ "${ARM_PID:-0}" -eq 0 ] && return
  kill "$ARM_PID" 2>/dev/null || true
  wait "$ARM_PID" 2>/dev/null || true
  ARM_PID=0
}
trap 'stop_arm; bench_cleanup' EXIT

# The split must really happen before anything is measured: v3 only at 0 %, v4 only (with the
# rewritten path) at 100 %, both at 50 %.
check_routing() { # arm quiet
  local v3 v4 uri3 uri4 ok=0 v3_path=/api/restaurants/7 v4_path=/api/v4/restaurants/7
  read -r v3 v4 uri3 uri4 <<< "$(route_check "$ARM_PORT" "$USERS")"
  case $1 in
    A|B|D|E0) [[ $v4 -eq 0 && $uri3 == "$v3_path" ]] && ok=1 ;;
    E100) [[ $v3 -eq 0 && $uri4 == "$v4_path" ]] && ok=1 ;;
    *) [[ $v3 -gt $((USERS * 4 / 10)) && $v4 -gt $((USERS * 4 / 10)) && $uri3 == "$v3_path" && $uri4 == "$v4_path" ]] && ok=1 ;;
  esac
  [[ $ok -eq 1 && -n ${2:-} ]] && return
  echo "routing check, $(arm_label "$1"): $v3 of $USERS users on v3 ($uri3), $v4 on v4 ($uri4)" >&2
  [ $ok -eq 1 ] || { echo "routing check failed for arm $1" >&2; exit 1; }
}

# One measured run of an arm: a fresh process, the routing check, a discarded warm-up, then wrk
# with CPU time (utime + stime of the proxy's processes, and of the backends) read around it.
measure() { # round connections arm
  local round=$1 connections=$2 arm=$3 url cpu0 cpu1 back0 back1 requests rps p50 p99 non2xx errors rss
  start_arm "$arm"
  # Checked before every run; reported the first time.
  check_routing "$arm" "$([[ " $CHECKED " == *" $arm "* ]] && echo quiet)"
  CHECKED+=" $arm"
  url="http://127.0.0.1:$ARM_PORT/api/restaurants/7"
  run_wrk "$url" "$connections" "$WARMUP" >/dev/null
  cpu0=$(cpu_ticks $ARM_CPU_PIDS) back0=$(cpu_ticks $BACKEND_CPU_PIDS)
  read -r requests rps p50 p99 non2xx errors <<< "$(run_wrk "$url" "$connections" "$DURATION")"
  cpu1=$(cpu_ticks $ARM_CPU_PIDS) back1=$(cpu_ticks $BACKEND_CPU_PIDS)
  rss=$(peak_rss_kb $ARM_RSS_PIDS)
  stop_arm
  awk -v OFS='\t' -v round="$round" -v c="$connections" -v arm="$arm" -v n="$requests" -v rps="$rps" -v p50="$p50" \
    -v p99="$p99" -v cpu=$((cpu1 - cpu0)) -v back=$((back1 - back0)) -v rss="$rss" -v hz="$CLOCK_TICKS" \
    -v non2xx="$non2xx" -v errors="$errors" -v proxied="${ARM_CPU_PIDS:+1}" 'BEGIN {
      us = 1000000 / hz / (n > 0 ? n : 1)
      print round, c, arm, n, rps, p50, p99, (proxied ? sprintf("%.1f", cpu * us) : "-"),
        (proxied ? sprintf("%.0f", rss / 1024) : "-"), sprintf("%.1f", back * us), non2xx, errors
    }' >> "$RAW"
  tail -1 "$RAW" | awk -F'\t' -v label="$(arm_label "$arm")" -v rounds="$ROUNDS" \
    '{ printf "round %s/%s, %s connections, %s: %s req/s, p50 %s ms, p99 %s ms, proxy %s us/req, peak RSS %s MB, backends %s us/req, errors %d\n",
       $1, rounds, $2, label, $5, $6, $7, $8, $9, $10, $11 + $12 }' >&2
}

# Medians of one column over the rounds of an arm at a connection count.
col() { # arm connections column
  awk -F'\t' -v a="$1" -v c="$2" -v k="$3" 'NR > 1 && $3 == a && $2 == c && $k != "-" { print $k }' "$RAW" | median
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f", a / b }'; }
diff_us() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-") print "-"; else printf "%+.1f", a - b }'; }
check() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { if (v == "-") print "not measured"; else if ((op == ">=" && v + 0 >= t) || (op == "<=" && v + 0 <= t)) print "met"; else print "MISSED" }'; }
has_arm() { [[ " $ARMS " == *" $1 "* ]]; }

report() {
  local c arm errors
  echo "## Gateway vs bare YARP vs NGINX"
  echo
  echo "- Machine: $(nproc) vCPUs ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM, Linux $(uname -r); wrk, backends and proxy share all cores"
  echo "- .NET $(dotnet --list-runtimes | awk '/NETCore.App/ { v = $2 } END { print v }'), nginx $(nginx -v 2>&1 | sed 's/.*nginx\///'), wrk $(wrk -v 2>&1 | awk 'NR == 1 { print $2 }')"
  echo "- Command: \`$COMMAND\` (rounds: $ROUNDS, ${DURATION} s per run after a ${WARMUP} s warm-up, medians over the rounds)"
  echo "- Load average (1, 5, 15 min) before: $LOAD_BEFORE; after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| Arm | Connections | Requests/s | p50 ms | p99 ms | Proxy CPU µs/request | Proxy peak RSS MB | Backend CPU µs/request | Errors |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for c in $CONNECTIONS; do
    for arm in $ALL_ARMS; do
      has_arm "$arm" || continue
      errors=$(awk -F'\t' -v a="$arm" -v c="$c" 'NR > 1 && $3 == a && $2 == c { e += $11 + $12 } END { print e + 0 }' "$RAW")
      echo "| $(arm_label "$arm") | $c | $(col "$arm" "$c" 5) | $(col "$arm" "$c" 6) | $(col "$arm" "$c" 7) | $(col "$arm" "$c" 8) | $(col "$arm" "$c" 9) | $(col "$arm" "$c" 10) | $errors |"
    done
  done
  echo
  printf '| Ratio (medians) |'; for c in $CONNECTIONS; do printf ' %s connections |' "$c"; done; echo
  printf '| --- |'; for c in $CONNECTIONS; do printf ' ---: |'; done; echo
  printf '| E 50 %% / D throughput (target >= 0.90) |'; for c in $CONNECTIONS; do printf ' %s |' "$(ratio "$(col E50 "$c" 5)" "$(col D "$c" 5)")"; done; echo
  printf '| E 50 %% - D CPU µs/request (target <= +5) |'; for c in $CONNECTIONS; do printf ' %s |' "$(diff_us "$(col E50 "$c" 8)" "$(col D "$c" 8)")"; done; echo
  printf '| E 50 %% / C throughput (target >= 0.85, stretch 1.0) |'; for c in $CONNECTIONS; do printf ' %s |' "$(ratio "$(col E50 "$c" 5)" "$(col C "$c" 5)")"; done; echo
  printf '| D / B throughput |'; for c in $CONNECTIONS; do printf ' %s |' "$(ratio "$(col D "$c" 5)" "$(col B "$c" 5)")"; done; echo
  printf "| E' / E (50 %%) throughput |"; for c in $CONNECTIONS; do printf ' %s |' "$(ratio "$(col E50off "$c" 5)" "$(col E50 "$c" 5)")"; done; echo
  printf "| E' - E (50 %%) CPU µs/request |"; for c in $CONNECTIONS; do printf ' %s |' "$(diff_us "$(col E50off "$c" 8)" "$(col E50 "$c" 8)")"; done; echo
  printf '| A / E 50 %% throughput (backends are not the bottleneck when well above 1) |'; for c in $CONNECTIONS; do printf ' %s |' "$(ratio "$(col A "$c" 5)" "$(col E50 "$c" 5)")"; done; echo
  echo
  echo "Targets:"
  for c in $CONNECTIONS; do
    echo "- $c connections: E 50 % / D >= 0.90: $(check "$(ratio "$(col E50 "$c" 5)" "$(col D "$c" 5)")" ">=" 0.90);" \
      "CPU E 50 % <= D + 5 µs: $(check "$(diff_us "$(col E50 "$c" 8)" "$(col D "$c" 8)")" "<=" 5);" \
      "E 50 % / C >= 0.85: $(check "$(ratio "$(col E50 "$c" 5)" "$(col C "$c" 5)")" ">=" 0.85)"
  done
  local peak
  peak=$(awk -F'\t' 'NR > 1 && $2 == 128 && $3 ~ /^E/ && $9 > m { m = $9 } END { print (m == "" ? "-" : m) }' "$RAW")
  echo "- Gateway peak RSS at 128 connections (highest of every E run) <= 150 MB: ${peak} MB, $(check "$peak" "<=" 150)"
}

printf 'round\tconnections\tarm\trequests\trps\tp50_ms\tp99_ms\tproxy_cpu_us\tpeak_rss_mb\tbackend_cpu_us\tnon2xx\tsocket_errors\n' > "$RAW"
CHECKED=""
read -ra ARM_LIST <<< "$ARMS"
for ((round = 1; round <= ROUNDS; round++)); do
  for connections in $CONNECTIONS; do
    # Interleaved: every round runs every arm once, each round starting one arm later, so no arm
    # always runs first or right after the same neighbour.
    for ((i = 0; i < ${#ARM_LIST[@]}; i++)); do
      measure "$round" "$connections" "${ARM_LIST[(i + round - 1) % ${#ARM_LIST[@]}]}"
    done
  done
done

report | tee "$OUT"
echo >&2
echo "Results: $OUT (every run: $RAW)" >&2
