#!/usr/bin/env bash
# Compares proxies or settings on a machine whose speed drifts: every arm runs at once (warm, idle
# while the others are measured) and wrk alternates short runs between them, so each round sees
# the machine at nearly the same speed for every arm. Reports, per arm, the median of its
# requests/s and CPU per request and, against the first arm, the median of the per-round ratios.
#
#   bash bench/pair.sh D=bare E=gateway
#   bash bench/pair.sh E=gateway E-pool=gateway:DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=0
#   bash bench/pair.sh D=bare before=gateway@HEAD~3 after=gateway
#   bash bench/pair.sh E=gateway S5=gateway+shadow=5 S100=gateway+shadow=100 --percent 0
#
# An arm is NAME=bare|gateway|gateway@REV (REV: a git revision of this repository, published from a
# temporary worktree), then for a gateway arm optionally its own rollout variation, +percent=P (that
# arm's percentage instead of --percent) and +shadow=P (a shadow block with sample_percent P,
# max_in_flight 10000 and the backends' one differing field ignored), then optionally
# :VAR=VALUE,VAR=VALUE (environment of that process). Options: --rounds N (default 8), --duration S
# per run (6), --warmup S per arm (10), --connections N (64), --percent P for the gateway arms (50).
# Besides the arm's own CPU it reports the backends' (NGINX) and the whole machine's per request,
# and each shadow arm's comparison counters after the runs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=8 DURATION=6 WARMUP=10 CONNECTIONS=64 PERCENT=50 ARMS=()
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) ROUNDS=$2; shift ;;
    --duration) DURATION=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --connections) CONNECTIONS=$2; shift ;;
    --percent) PERCENT=$2; shift ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *=bare*|*=gateway*) ARMS+=("$1") ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[ ${#ARMS[@]} -ge 2 ] || { echo "give at least two arms, e.g. D=bare E=gateway (see --help)" >&2; exit 2; }
for tool in wrk nginx python3 dotnet; do
  command -v $tool >/dev/null || { echo "$tool is required (apt-get install wrk nginx-light python3)" >&2; exit 2; }
done

source bench/lib/servers.sh
source bench/lib/nginx.sh
source bench/lib/measure.sh
source bench/lib/proxies.sh
source bench/lib/rounds.sh
publish_proxies
write_wrk_script "$BENCH_TMP/users.lua" 1000
start_backends
BACKEND_CPU_PIDS=("$BACKEND_PID" $(nginx_workers "$BACKEND_PID"))
SHADOW_ARMS=()

for arm in "${ARMS[@]}"; do
  name=${arm%%=*} spec=${arm#*=} environment=()
  head=${spec%%:*}
  kind=${head%%+*} percent=$PERCENT shadow=
  [[ $spec == *:* ]] && IFS=, read -ra environment <<< "${spec#*:}"
  IFS=+ read -ra variations <<< "${head#"$kind"}"
  for variation in "${variations[@]}"; do
    case $variation in
      '') ;;
      percent=*) percent=${variation#*=} ;;
      shadow=*) shadow=${variation#*=} ;;
      *) echo "arm $name: unknown variation +$variation (+percent=P or +shadow=P)" >&2; exit 2 ;;
    esac
  done
  [ "$kind" = bare ] && [ "$head" != bare ] && { echo "arm $name: a bare YARP arm has no rollout to vary" >&2; exit 2; }
  port=$(bench_free_port)
  case $kind in
    bare) start_bare_yarp "$port" "$V3_PORT" "${environment[@]}" ;;
    gateway|gateway@*) publish_gateway_kind "$kind"
      file=$BENCH_TMP/rollout-$percent${shadow:+-shadow-$shadow}/rollout.json
      [ -f "$file" ] || write_rollout_file "$file" "$percent" "$V3_PORT" "$V4_PORT" ${shadow:+"$(shadow_block "$shadow" 10000)"}
      start_gateway_on "$file" "$port" true "${environment[@]}"
      [ -z "$shadow" ] || SHADOW_ARMS+=("$name $MANAGEMENT_PORT") ;;
    *) echo "arm $name: unknown kind $kind (bare, gateway or gateway@REV)" >&2; exit 2 ;;
  esac
  BENCH_PIDS+=("$PROXY_PID")
  ARM_NAMES+=("$name") ARM_PIDS+=("$PROXY_PID") ARM_URLS+=("http://127.0.0.1:$port/api/restaurants/7")
done
warm_up_arms "$WARMUP" "$CONNECTIONS"

RAW=$BENCH_TMP/pair.tsv
alternate_rounds "$RAW" "$ROUNDS" "$DURATION" "$CONNECTIONS"

echo "$ROUNDS rounds of ${DURATION} s per arm, $CONNECTIONS connections, gateway at $PERCENT % unless the arm says otherwise; load average $(cut -d' ' -f1-3 /proc/loadavg); ratios and differences against ${ARM_NAMES[0]}, median (min-max) over the rounds; CPU per request of the arm's process, the backends (NGINX) and the machine (every core: wrk and anything else running included):"
python3 - "$RAW" <<'PY'
import collections, statistics, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
arms, order = collections.defaultdict(dict), []
for round_, name, rps, cpu, p50, p99, backends, machine in rows:
    if name not in order:
        order.append(name)
    arms[name][round_] = (float(rps), float(cpu), float(p50), float(p99), float(backends), float(machine))
base = arms[order[0]]
for name in order:
    runs = arms[name]
    median = lambda i: statistics.median(v[i] for v in runs.values())
    ratio = sorted(runs[r][0] / base[r][0] for r in runs)
    delta = sorted(runs[r][1] - base[r][1] for r in runs)
    print(f"{name}: {median(0):,.0f} req/s, "
          f"{median(1):.1f} µs CPU/request; "
          f"throughput x{statistics.median(ratio):.3f} ({ratio[0]:.3f}-{ratio[-1]:.3f}), "
          f"CPU {statistics.median(delta):+.1f} µs ({delta[0]:+.1f} to {delta[-1]:+.1f}); "
          f"backends {median(4):.1f} µs, machine {median(5):.1f} µs; p50 {median(2):.2f} ms, p99 {median(3):.2f} ms")
PY
for entry in "${SHADOW_ARMS[@]}"; do
  read -r name management <<< "$entry"
  echo "$name shadow comparisons (warm-up included): $(curl -fsS "http://127.0.0.1:$management/metrics" | awk '
    /^strangler_gateway_requests_total\{.*feature="api_v4_restaurants"/ { requests += $NF }
    /^strangler_gateway_shadow_comparisons_total\{/ { match($0, /result="[a-z0-9_]+"/); result = substr($0, RSTART + 8, RLENGTH - 9)
      counts[result] = $NF; if (result != "skipped") mirrored += $NF }
    END { for (r in counts) printf "%s %d, ", r, counts[r]
      printf "of %d requests (%.2f %% mirrored)", requests, requests ? 100 * mirrored / requests : 0 }')"
done
