#!/usr/bin/env bash
# Compares proxies or settings on a machine whose speed drifts: every arm runs at once (warm, idle
# while the others are measured) and wrk alternates short runs between them, so each round sees
# the machine at nearly the same speed for every arm. Reports, per arm, the median of its
# requests/s and CPU per request and, against the first arm, the median of the per-round ratios.
#
#   bash bench/pair.sh D=bare E=gateway
#   bash bench/pair.sh E=gateway E-pool=gateway:DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=0
#   bash bench/pair.sh D=bare before=gateway@HEAD~3 after=gateway
#
# An arm is NAME=bare|gateway|gateway@REV (REV: a git revision of this repository, published from a
# temporary worktree), optionally followed by :VAR=VALUE,VAR=VALUE (environment of that process). Options: --rounds N (default 8), --duration S per run (6), --warmup S per arm (10),
# --connections N (64), --percent P for the gateway arms (50).
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
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
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
write_rollout "$PERCENT" "$V3_PORT" "$V4_PORT"

for arm in "${ARMS[@]}"; do
  name=${arm%%=*} spec=${arm#*=} environment=()
  kind=${spec%%:*}
  [[ $spec == *:* ]] && IFS=, read -ra environment <<< "${spec#*:}"
  port=$(bench_free_port)
  case $kind in
    bare) start_bare_yarp "$port" "$V3_PORT" "${environment[@]}" ;;
    gateway|gateway@*) publish_gateway_kind "$kind"
      start_gateway "$port" "$PERCENT" true "${environment[@]}" ;;
    *) echo "arm $name: unknown kind $kind (bare, gateway or gateway@REV)" >&2; exit 2 ;;
  esac
  BENCH_PIDS+=("$PROXY_PID")
  ARM_NAMES+=("$name") ARM_PIDS+=("$PROXY_PID") ARM_URLS+=("http://127.0.0.1:$port/api/restaurants/7")
done
warm_up_arms "$WARMUP" "$CONNECTIONS"

RAW=$BENCH_TMP/pair.tsv
alternate_rounds "$RAW" "$ROUNDS" "$DURATION" "$CONNECTIONS"

echo "$ROUNDS rounds of ${DURATION} s per arm, $CONNECTIONS connections, gateway at $PERCENT %; ratios and differences against ${ARM_NAMES[0]}, median (min-max) over the rounds:"
python3 - "$RAW" <<'PY'
import collections, statistics, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
arms, order = collections.defaultdict(dict), []
for round_, name, rps, cpu in rows:
    if name not in order:
        order.append(name)
    arms[name][round_] = (float(rps), float(cpu))
base = arms[order[0]]
for name in order:
    runs = arms[name]
    ratio = sorted(runs[r][0] / base[r][0] for r in runs)
    delta = sorted(runs[r][1] - base[r][1] for r in runs)
    print(f"{name}: {statistics.median(v[0] for v in runs.values()):,.0f} req/s, "
          f"{statistics.median(v[1] for v in runs.values()):.1f} µs CPU/request; "
          f"throughput x{statistics.median(ratio):.3f} ({ratio[0]:.3f}-{ratio[-1]:.3f}), "
          f"CPU {statistics.median(delta):+.1f} µs ({delta[0]:+.1f} to {delta[-1]:+.1f})")
PY
