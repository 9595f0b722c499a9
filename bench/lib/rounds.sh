# Arms that run at once, measured in turn (bench/pair.sh, bench/scale.sh): warm-up, then round after
# round of one short wrk run per arm, so a drifting machine speed affects every arm alike. Sourced,
# not run; needs servers.sh and measure.sh. The arms are the arrays ARM_NAMES, ARM_PIDS and ARM_URLS.
# BACKEND_CPU_PIDS (optional) are the backends' processes: their CPU during an arm's run is that
# arm's, since only one arm takes load at a time.
#
# FREEZE_IDLE_ARMS=1 stops (SIGSTOP) every other arm while one is measured and resumes them
# afterwards, so the background work of an idle arm (timers, the guard over many features) cannot
# take CPU from the measured one on a machine with few cores.
ARM_NAMES=() ARM_PIDS=() ARM_URLS=() BACKEND_CPU_PIDS=()
FREEZE_IDLE_ARMS=${FREEZE_IDLE_ARMS:-0}

# Runs a command while the arms other than the index are stopped (when FREEZE_IDLE_ARMS=1).
with_others_stopped() { # index command...
  local index=$1 i status=0; shift
  if [ "$FREEZE_IDLE_ARMS" = 1 ]; then
    for i in "${!ARM_PIDS[@]}"; do [ "$i" = "$index" ] || kill -STOP "${ARM_PIDS[$i]}"; done
  fi
  "$@" || status=$?
  if [ "$FREEZE_IDLE_ARMS" = 1 ]; then
    for i in "${!ARM_PIDS[@]}"; do [ "$i" = "$index" ] || kill -CONT "${ARM_PIDS[$i]}"; done
  fi
  return $status
}

# Waits until every arm answers its URL, then gives each one discarded wrk run.
warm_up_arms() { # seconds connections
  local i
  for i in "${!ARM_NAMES[@]}"; do bench_wait_http "${ARM_URLS[$i]}" 120; done
  for i in "${!ARM_NAMES[@]}"; do with_others_stopped "$i" run_wrk "${ARM_URLS[$i]}" "$2" "$1" >/dev/null; done
}

backend_ticks() { if [ ${#BACKEND_CPU_PIDS[@]} -gt 0 ]; then cpu_ticks "${BACKEND_CPU_PIDS[@]}"; else echo 0; fi; }

# One measured wrk run of an arm; prints "round name rps cpu p50_ms p99_ms backend_cpu machine_cpu"
# (tab-separated; CPU in µs per request: the arm's process, the backends' processes, and every core
# of the machine, which includes wrk and whatever else runs).
measure_arm_run() { # round index seconds connections
  local round=$1 i=$2 cpu0 cpu1 backend0 backend1 machine0 machine1 requests rps p50 p99 non2xx errors
  backend0=$(backend_ticks)
  machine0=$(machine_busy_ticks)
  cpu0=$(cpu_ticks "${ARM_PIDS[$i]}")
  read -r requests rps p50 p99 non2xx errors <<< "$(run_wrk "${ARM_URLS[$i]}" "$4" "$3")"
  cpu1=$(cpu_ticks "${ARM_PIDS[$i]}")
  machine1=$(machine_busy_ticks)
  backend1=$(backend_ticks)
  [ $((non2xx + errors)) -eq 0 ] || { echo "arm ${ARM_NAMES[$i]}: $non2xx non-2xx answers, $errors socket errors" >&2; return 1; }
  awk -v round="$round" -v name="${ARM_NAMES[$i]}" -v rps="$rps" -v n="$requests" -v hz="$CLOCK_TICKS" \
    -v p50="$p50" -v p99="$p99" -v t=$((cpu1 - cpu0)) -v b=$((backend1 - backend0)) -v m=$((machine1 - machine0)) \
    'BEGIN { f = 1000000 / hz / n; printf "%s\t%s\t%s\t%.1f\t%s\t%s\t%.1f\t%.1f\n", round, name, rps, t * f, p50, p99, b * f, m * f }'
}

# Round after round, one run per arm in order; appends each run's line to the file and to stderr.
alternate_rounds() { # tsv rounds seconds connections
  local round i
  for ((round = 1; round <= $2; round++)); do
    for i in "${!ARM_NAMES[@]}"; do
      with_others_stopped "$i" measure_arm_run "$round" "$i" "$3" "$4" | tee -a "$1" >&2
      [ "${PIPESTATUS[0]}" -eq 0 ] || exit 1
    done
  done
}
