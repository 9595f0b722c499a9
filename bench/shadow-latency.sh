#!/usr/bin/env bash
# The client's latency with shadow traffic on and off while v4 is slow or down. Every user is on
# v3 (percentage 0): the client's answers come from the NGINX v3 backend in every arm, so anything
# the shadow copies do to v4 shows only as a difference between the on and off arms. Four gateways
# run at once; round after round, each scenario's off and on arms are loaded at the same time (two
# wrk processes of --connections each, the other scenario idle), so a stall of a shared machine
# falls on both arms of the pair alike:
#
#   off-slow, on-slow   v4 is the legacy stub under /api/v4 with a fault adding --latency-ms to
#                       every answer (its /_faults control), so each copy waits for it
#   off-down, on-down   v4 is a closed port, so each copy fails to connect
#
# "on" has a shadow block with sample_percent 100 and every other setting at its default
# (max_in_flight 32, timeout 2s: docs/rollout.md); "off" has no shadow block. Reports per arm the
# medians of p50, p99, requests/s and CPU per request, the per-round p99 ratio of on to off, and
# each on arm's shadow tally and guard verdict from /admin/status.
#
#   bash bench/shadow-latency.sh                 # 6 rounds of 10 s per pair, about 5 min
#   bash bench/shadow-latency.sh --rounds 2 --duration 3 --warmup 3
#
# Options: --rounds N (default 6), --duration S per run (10), --warmup S per arm (10),
# --connections N (64), --latency-ms MS added to every v4 answer in the slow arms (2000), --nice N
# (every process of the run at this niceness, e.g. -10 as root on a shared machine: a p99 of a
# closed-loop load is mostly the scheduler's when other work competes for the cores).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=6 DURATION=10 WARMUP=10 CONNECTIONS=64 LATENCY_MS=2000 NICE=
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) ROUNDS=$2; shift ;;
    --duration) DURATION=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --connections) CONNECTIONS=$2; shift ;;
    --latency-ms) LATENCY_MS=$2; shift ;;
    --nice) NICE=$2; shift ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
# Children inherit the niceness: wrk, the backends and every gateway get the same priority.
[ -z "$NICE" ] || renice -n "$NICE" -p $$ >/dev/null
for tool in wrk nginx python3 dotnet curl; do
  command -v $tool >/dev/null || { echo "$tool is required (apt-get install wrk nginx-light python3 curl)" >&2; exit 2; }
done

source bench/lib/servers.sh
source bench/lib/nginx.sh
source bench/lib/measure.sh
source bench/lib/proxies.sh
source bench/lib/rounds.sh
publish_gateway
echo "Publishing the legacy stub (Release)..." >&2
bench_publish legacy-v3-stub "$BENCH_TMP/legacy-stub"
write_wrk_script "$BENCH_TMP/users.lua" 1000
start_backends
BACKEND_CPU_PIDS=("$BACKEND_PID" $(nginx_workers "$BACKEND_PID"))

# The slow v4: the legacy stub standing in for v4, with latency on every /api/v4 answer.
SLOW_V4_PORT=$(bench_free_port)
(cd "$BENCH_TMP/legacy-stub" && exec env ASPNETCORE_URLS="http://127.0.0.1:$SLOW_V4_PORT" Stub__Prefix=/api/v4 \
  Stub__BackendName=v4 Faults__Enabled=true Auth__SigningKey="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
  Logging__LogLevel__Default=Warning ./legacy-v3-stub) > "$BENCH_TMP/slow-v4.log" 2>&1 &
BENCH_PIDS+=($!)
bench_wait_http "http://127.0.0.1:$SLOW_V4_PORT/healthz" 60
curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' \
  -d "{\"path_prefix\":\"/api/v4\",\"latency_ms\":$LATENCY_MS}" "http://127.0.0.1:$SLOW_V4_PORT/_faults"
# The down v4: a port that was free a moment ago and that nothing listens on.
DOWN_V4_PORT=$(bench_free_port)
curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$DOWN_V4_PORT/" 2>/dev/null && { echo "port $DOWN_V4_PORT answers; run again" >&2; exit 1; }

ON_ARMS=()
for arm in off-slow on-slow off-down on-down; do
  v4=$([ "${arm#*-}" = slow ] && echo "$SLOW_V4_PORT" || echo "$DOWN_V4_PORT")
  file=$BENCH_TMP/rollout-$arm/rollout.json
  if [ "${arm%%-*}" = on ]; then
    write_rollout_file "$file" 0 "$V3_PORT" "$v4" '{ "sample_percent": 100 }'
  else
    write_rollout_file "$file" 0 "$V3_PORT" "$v4"
  fi
  port=$(bench_free_port)
  start_gateway_on "$file" "$port" true
  [ "${arm%%-*}" = on ] && ON_ARMS+=("$arm $MANAGEMENT_PORT")
  BENCH_PIDS+=("$PROXY_PID")
  ARM_NAMES+=("$arm") ARM_PIDS+=("$PROXY_PID") ARM_URLS+=("http://127.0.0.1:$port/api/restaurants/7")
done
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
warm_up_arms "$WARMUP" "$CONNECTIONS"

# One round of a scenario: its off and on arms (indexes) loaded at the same time by two wrk
# processes, so that a stall of the shared machine falls on both; prints a line per arm in the
# format of measure_arm_run (the backends' and machine's CPU per request over both arms' requests).
measure_together() { # round off_index on_index seconds connections
  local round=$1 seconds=$4 connections=$5 i cpu0=() cpu1=() results=() loads=() backend0 backend1 machine0 machine1 total=0
  backend0=$(backend_ticks) machine0=$(machine_busy_ticks)
  for i in "$2" "$3"; do cpu0[$i]=$(cpu_ticks "${ARM_PIDS[$i]}"); done
  for i in "$2" "$3"; do
    WRK_OUT=$BENCH_TMP/wrk-$i.out run_wrk "${ARM_URLS[$i]}" "$connections" "$seconds" > "$BENCH_TMP/result-$i" &
    loads+=($!)
  done
  wait "${loads[@]}"
  for i in "$2" "$3"; do cpu1[$i]=$(cpu_ticks "${ARM_PIDS[$i]}"); done
  backend1=$(backend_ticks) machine1=$(machine_busy_ticks)
  for i in "$2" "$3"; do
    read -r requests rps p50 p99 non2xx errors < "$BENCH_TMP/result-$i"
    [ $((non2xx + errors)) -eq 0 ] || { echo "arm ${ARM_NAMES[$i]}: $non2xx non-2xx answers, $errors socket errors" >&2; return 1; }
    results[$i]="$requests $rps $p50 $p99"
    total=$((total + requests))
  done
  for i in "$2" "$3"; do
    read -r requests rps p50 p99 <<< "${results[$i]}"
    awk -v round="$round" -v name="${ARM_NAMES[$i]}" -v rps="$rps" -v n="$requests" -v all="$total" -v hz="$CLOCK_TICKS" \
      -v p50="$p50" -v p99="$p99" -v t=$((cpu1[i] - cpu0[i])) -v b=$((backend1 - backend0)) -v m=$((machine1 - machine0)) \
      'BEGIN { f = 1000000 / hz; printf "%s\t%s\t%s\t%.1f\t%s\t%s\t%.1f\t%.1f\n", round, name, rps, t * f / n, p50, p99, b * f / all, m * f / all }'
  done
}

RAW=$BENCH_TMP/latency.tsv
for ((round = 1; round <= ROUNDS; round++)); do
  measure_together "$round" 0 1 "$DURATION" "$CONNECTIONS" | tee -a "$RAW" >&2
  [ "${PIPESTATUS[0]}" -eq 0 ] || exit 1
  measure_together "$round" 2 3 "$DURATION" "$CONNECTIONS" | tee -a "$RAW" >&2
  [ "${PIPESTATUS[0]}" -eq 0 ] || exit 1
done

echo
echo "$ROUNDS rounds of ${DURATION} s per arm, $CONNECTIONS connections, niceness $(ps -o ni= -p $$ | tr -d ' '), every user on v3, v4 slow by $LATENCY_MS ms or down; load average before $LOAD_BEFORE, after $(cut -d' ' -f1-3 /proc/loadavg); medians over the rounds, on/off ratios per round (median, min-max):"
echo
python3 - "$RAW" <<'PY'
import collections, statistics, sys
arms = collections.defaultdict(dict)
for round_, name, rps, cpu, p50, p99, backends, machine in (line.rstrip("\n").split("\t") for line in open(sys.argv[1])):
    arms[name][round_] = dict(rps=float(rps), cpu=float(cpu), p50=float(p50), p99=float(p99))
def med(name, key):
    return statistics.median(v[key] for v in arms[name].values())
print("| v4 | Shadow | p50 ms | p99 ms | p99 on / off (range) | p50 on / off (range) | Requests/s | Gateway CPU µs/request |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for scenario in ("slow", "down"):
    off, on = arms[f"off-{scenario}"], arms[f"on-{scenario}"]
    for mode in ("off", "on"):
        name = f"{mode}-{scenario}"
        ratios = {}
        if mode == "on":
            for key in ("p99", "p50"):
                r = sorted(on[k][key] / off[k][key] for k in on if k in off)
                ratios[key] = f"{statistics.median(r):.3f} ({r[0]:.3f}-{r[-1]:.3f})"
        print(f"| {scenario} | {mode} | {med(name, 'p50'):.2f} | {med(name, 'p99'):.2f} | {ratios.get('p99', '')} | {ratios.get('p50', '')} | "
              f"{med(name, 'rps'):,.0f} | {med(name, 'cpu'):.1f} |")
PY
echo
for entry in "${ON_ARMS[@]}"; do
  read -r name management <<< "$entry"
  python3 - "$name" "$(curl -fsS "http://127.0.0.1:$management/admin/status")" <<'PY'
import json, sys
name, status = sys.argv[1], json.loads(sys.argv[2])
feature = next(f for f in status["features"] if f["name"] == "api_v4_restaurants")
s, guard = feature["shadow"], feature["guard"]
print(f"{name} (warm-up included): {s['comparisons']} compared, {s['v4_errors']} v4 errors, {s['skipped']} skipped; "
      f"guard verdict {guard['verdict']}, effective percentage {feature['effective']['percentage']}")
PY
done
