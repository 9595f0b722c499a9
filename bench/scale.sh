#!/usr/bin/env bash
# The gateway with a large rollout: 1,000 features (one route each, one with a 100,000-id always_v4
# list) against the same gateway with one feature covering the same paths, per git revision, all
# arms running at once and measured in turn. Per arm: requests/s and CPU per request at 64
# connections (requests spread over the features' paths, random user ids), throughput against the
# one-feature arm of the same revision, RSS at start and peak RSS under the load, guard CPU at idle
# after the load, /admin/status size and time, and how long a one-feature edit of the file takes to
# route and to show in status. Prints a Markdown table (also written to a results file).
#
#   bash bench/scale.sh                                        # the working tree: current=gateway
#   bash bench/scale.sh before=gateway@main after=gateway      # a revision against the working tree
#   bash bench/scale.sh --quick                                # 1 short round: checks the script
#
# An arm is NAME=gateway or NAME=gateway@REV (REV: a git revision of this repository, published from
# a temporary worktree), then optionally :VAR=VALUE,VAR=VALUE (the environment of its processes,
# e.g. runtime settings); each gives two gateways, NAME 1000 and NAME 1. Options: --rounds N
# (default 6), --duration S per run (10), --warmup S per arm (10), --connections N (64), --idle S
# (30), --reloads N (9), --features N (1000, at least 500), --out FILE (default
# artifacts/bench/scale-<time>.md).
set -euo pipefail
cd "$(dirname "$0")/.."
COMMAND="bash bench/scale.sh${*:+ $*}"
ROUNDS=6 DURATION=10 WARMUP=10 CONNECTIONS=64 IDLE=30 RELOADS=9 FEATURES=1000 OUT="" SPECS=()
while [ $# -gt 0 ]; do
  case $1 in
    --quick) ROUNDS=1 DURATION=3 WARMUP=3 IDLE=5 RELOADS=2 ;;
    --rounds) ROUNDS=$2; shift ;;
    --duration) DURATION=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --connections) CONNECTIONS=$2; shift ;;
    --idle) IDLE=$2; shift ;;
    --reloads) RELOADS=$2; shift ;;
    --features) FEATURES=$2; shift ;;
    --out) OUT=$2; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *=gateway*) SPECS+=("$1") ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[ ${#SPECS[@]} -gt 0 ] || SPECS=(current=gateway)
for tool in wrk nginx python3 dotnet curl; do
  command -v $tool >/dev/null || { echo "$tool is required (apt-get install wrk nginx-light python3 curl)" >&2; exit 2; }
done

source bench/lib/servers.sh
source bench/lib/nginx.sh
source bench/lib/measure.sh
source bench/lib/proxies.sh
source bench/lib/rounds.sh
FREEZE_IDLE_ARMS=1
OUT=${OUT:-artifacts/bench/scale-$(date -u +%Y%m%d-%H%M%S).md}
mkdir -p "$(dirname "$OUT")"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
TOKEN=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
PROBE_PATH=/api/area-0001/items/1

REVISIONS=""
for spec in "${SPECS[@]}"; do
  kind=${spec#*=} kind=${kind%%:*}
  publish_gateway_kind "$kind"
  if [ "$kind" = gateway ]; then
    label=$(git rev-parse --short HEAD)
    [ -z "$(git status --porcelain -- . ':!bench' ':!docs')" ] || label+=" with uncommitted changes"
  else
    label="${kind#gateway@} ($(git rev-parse --short "${kind#gateway@}"))"
  fi
  [[ ${spec#*=} == *:* ]] && label+=" with ${spec#*:}"
  REVISIONS+="${REVISIONS:+, }${spec%%=*} = $label"
done
start_backends
python3 bench/lib/scale_rollout.py "$BENCH_TMP" "$V3_PORT" "$V4_PORT" "$FEATURES"
WRK_SCRIPT=$BENCH_TMP/scale.lua

# Per arm, in the order of ARM_NAMES: its build's revision label, file, feature count, ports.
ARM_FILES=() ARM_FEATURES=() ARM_EDITED=() ARM_PORTS=() ARM_MANAGEMENT=() ARM_VALIDATE=() ARM_REVISION=()
ARMS_TSV=$BENCH_TMP/arms.tsv
printf 'arm\trevision\tfeatures\tvalidate_s\trss_start_mb\tpeak_rss_mb\tidle_cpu_percent\tstatus_bytes\tstatus_ms\treload_routing_ms\treload_status_ms\n' > "$ARMS_TSV"

for spec in "${SPECS[@]}"; do
  name=${spec%%=*} kind=${spec#*=} environment=()
  [[ $kind == *:* ]] && IFS=, read -ra environment <<< "${kind#*:}"
  kind=${kind%%:*}
  publish_gateway_kind "$kind"
  for size in many one; do
    count=$([ $size = many ] && echo "$FEATURES" || echo 1)
    dir=$BENCH_TMP/arm-$name-$size
    mkdir -p "$dir"
    cp "$BENCH_TMP/rollout-$size.json" "$dir/rollout.json"
    # Each build validates the file it will run, timed as an operator would run it.
    started=$(date +%s%N)
    "$GATEWAY_DIR/gateway" validate "$dir/rollout.json" >&2
    ARM_VALIDATE+=("$(awk -v ns=$(($(date +%s%N) - started)) 'BEGIN { printf "%.2f", ns / 1e9 }')")
    port=$(bench_free_port)
    start_gateway_on "$dir/rollout.json" "$port" true Gateway__Management__Token="$TOKEN" "${environment[@]}"
    BENCH_PIDS+=("$PROXY_PID")
    ARM_NAMES+=("$name $count") ARM_PIDS+=("$PROXY_PID") ARM_URLS+=("http://127.0.0.1:$port$PROBE_PATH")
    ARM_FILES+=("$dir/rollout.json") ARM_FEATURES+=("$count") ARM_PORTS+=("$port") ARM_MANAGEMENT+=("$MANAGEMENT_PORT")
    ARM_EDITED+=("$([ $size = many ] && echo area_0001 || echo api_all)") ARM_REVISION+=("$name")
  done
done

# RSS once each arm serves, before any load.
RSS_START=()
for i in "${!ARM_NAMES[@]}"; do
  bench_wait_http "${ARM_URLS[$i]}" 120
  RSS_START+=("$(rss_kb "${ARM_PIDS[$i]}")")
done

echo "Warming up ${#ARM_NAMES[@]} arms (${WARMUP} s each at $CONNECTIONS connections)..." >&2
warm_up_arms "$WARMUP" "$CONNECTIONS"
ROUNDS_TSV=$BENCH_TMP/rounds.tsv
alternate_rounds "$ROUNDS_TSV" "$ROUNDS" "$DURATION" "$CONNECTIONS"

PEAK=()
for i in "${!ARM_NAMES[@]}"; do PEAK+=("$(peak_rss_kb "${ARM_PIDS[$i]}")"); done

# Idle right after the load, every arm at once: the guard still judges the windows the load filled.
echo "Idle for ${IDLE} s..." >&2
IDLE0=()
for i in "${!ARM_NAMES[@]}"; do IDLE0+=("$(cpu_ticks "${ARM_PIDS[$i]}")"); done
sleep "$IDLE"
IDLE_CPU=()
for i in "${!ARM_NAMES[@]}"; do
  IDLE_CPU+=("$(awk -v t=$(($(cpu_ticks "${ARM_PIDS[$i]}") - IDLE0[i])) -v hz="$CLOCK_TICKS" -v s="$IDLE" 'BEGIN { printf "%.1f", t * 100 / hz / s }')")
done

# /admin/status: size of the answer and the median of three fetches' times.
status_fetch() { # index
  curl -fsS -o /dev/null -w '%{size_download} %{time_total}\n' -H "Authorization: Bearer $TOKEN" \
    "http://127.0.0.1:${ARM_MANAGEMENT[$1]}/admin/status"
}
status_figures() { # index
  local runs
  runs=$(for _ in 1 2 3; do status_fetch "$1"; done)
  echo "$(tail -1 <<< "$runs" | cut -d' ' -f1) $(cut -d' ' -f2 <<< "$runs" | awk '{ print $1 * 1000 }' | median)"
}

for i in "${!ARM_NAMES[@]}"; do
  read -r status_bytes status_ms <<< "$(with_others_stopped "$i" status_figures "$i")"
  echo "Reload timing, ${ARM_NAMES[$i]}..." >&2
  read -r routing routing_min routing_max status status_min status_max <<< "$(with_others_stopped "$i" python3 bench/lib/reload_probe.py \
    --file "${ARM_FILES[$i]}" --feature "${ARM_EDITED[$i]}" --path "$PROBE_PATH" \
    --public-port "${ARM_PORTS[$i]}" --management-port "${ARM_MANAGEMENT[$i]}" --token "$TOKEN" \
    --repeats "$RELOADS" | tail -1)"
  printf '%s\t%s\t%s\t%s\t%.0f\t%.0f\t%s\t%s\t%.0f\t%s\t%s\n' "${ARM_NAMES[$i]}" "${ARM_REVISION[$i]}" "${ARM_FEATURES[$i]}" \
    "${ARM_VALIDATE[$i]}" "$((RSS_START[i] / 1024))" "$((PEAK[i] / 1024))" "${IDLE_CPU[$i]}" \
    "$status_bytes" "$status_ms" "$routing ($routing_min-$routing_max)" "$status ($status_min-$status_max)" >> "$ARMS_TSV"
done

report() {
  echo "## Scale: $(python3 -c "print(f'{$FEATURES:,}')") features against one"
  echo
  echo "- Machine: $(nproc) vCPUs ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM, Linux $(uname -r); .NET $(dotnet --list-runtimes | awk '/NETCore.App/ { v = $2 } END { print v }'), nginx $(nginx -v 2>&1 | sed 's/.*nginx\///'), wrk $(wrk -v 2>&1 | awk 'NR == 1 { print $2 }')"
  echo "- Command: \`$COMMAND\` (rounds: $ROUNDS, ${DURATION} s per arm after a ${WARMUP} s warm-up, $CONNECTIONS connections, other arms stopped while one is measured; idle ${IDLE} s; $RELOADS reloads per arm)"
  echo "- Revisions: $REVISIONS"
  echo "- Load average (1, 5, 15 min) before: $LOAD_BEFORE; after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  python3 - "$ROUNDS_TSV" "$ARMS_TSV" "$FEATURES" <<'PY'
import collections, csv, statistics, sys
rounds = collections.defaultdict(dict)
for round_, name, rps, cpu, *_ in (line.rstrip("\n").split("\t") for line in open(sys.argv[1])):
    rounds[name][round_] = (float(rps), float(cpu))
arms = list(csv.DictReader(open(sys.argv[2]), delimiter="\t"))
many = sys.argv[3]
one_of = {a["revision"]: a["arm"] for a in arms if a["features"] == "1"}

def ratios(arm):
    base = rounds[one_of[arm["revision"]]]
    return sorted(rounds[arm["arm"]][r][0] / base[r][0] for r in rounds[arm["arm"]] if r in base)

print("| Arm | Features | Requests/s | Throughput / 1 feature (range) | CPU µs/request | RSS at start MB | Peak RSS under load MB | Idle CPU % of a core | /admin/status KB | Status ms | Reload to routing ms (range) | Reload to status ms (range) | validate s |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for a in arms:
    runs = rounds[a["arm"]].values()
    r = ratios(a)
    ratio = f"{statistics.median(r):.3f} ({r[0]:.3f}-{r[-1]:.3f})" if a["features"] != "1" else "1"
    print(f"| {a['arm']} | {int(a['features']):,} | {statistics.median(v[0] for v in runs):,.0f} | {ratio} | "
          f"{statistics.median(v[1] for v in runs):.1f} | {a['rss_start_mb']} | {a['peak_rss_mb']} | {a['idle_cpu_percent']} | "
          f"{int(a['status_bytes']) / 1024:,.0f} | {a['status_ms']} | {a['reload_routing_ms']} | {a['reload_status_ms']} | {a['validate_s']} |")
print()
print("Targets (for the arms with many features):")
for a in arms:
    if a["features"] == "1":
        continue
    r = statistics.median(ratios(a))
    checks = [
        ("peak RSS <= 200 MB", float(a["peak_rss_mb"]), 200, "<="),
        ("throughput / 1 feature >= 0.95", r, 0.95, ">="),
        ("reload <= 500 ms", float(a["reload_routing_ms"].split()[0]), 500, "<="),
        ("idle CPU <= 2 % of a core", float(a["idle_cpu_percent"]), 2, "<="),
    ]
    said = [f"{what}: {round(value, 3):g} {'met' if (value <= bound if op == '<=' else value >= bound) else 'MISSED'}" for what, value, bound, op in checks]
    print(f"- {a['arm']}: " + "; ".join(said))
PY
}

report | tee "$OUT"
echo >&2
echo "Results: $OUT" >&2
