# Measurement helpers for bench/run.sh: CPU time and peak RSS from /proc, wrk runs, the routing
# check and medians. Sourced, not run.

CLOCK_TICKS=$(getconf CLK_TCK)

# utime + stime (clock ticks) summed over processes; their threads are included by the kernel.
cpu_ticks() { # pid...
  local total=0 pid line fields
  for pid in "$@"; do
    read -r line < "/proc/$pid/stat"
    # Fields after the command name, which is in parentheses: utime and stime are the 12th and 13th.
    read -ra fields <<< "${line##*) }"
    total=$((total + fields[11] + fields[12]))
  done
  echo "$total"
}

# Busy time (clock ticks) of every core of the machine, from /proc/stat: all but idle and iowait.
machine_busy_ticks() {
  local label user nice system idle iowait rest
  read -r label user nice system idle iowait rest < /proc/stat
  local total=$((user + nice + system + idle + iowait)) extra
  for extra in $rest; do total=$((total + extra)); done
  echo $((total - idle - iowait))
}

# Peak resident set size (VmHWM) in kB, summed over processes.
peak_rss_kb() { # pid...
  local total=0 pid kb
  for pid in "$@"; do
    kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status")
    total=$((total + kb))
  done
  echo "$total"
}

# An NGINX master and its workers (for CPU), or just its workers (for RSS, like the issue asks).
nginx_workers() { pgrep -P "$1" | tr '\n' ' '; }

# Current resident set size (VmRSS) in kB of one process.
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# Runs wrk with the user-id script (or the script WRK_SCRIPT names; its output goes to WRK_OUT, by
# default $BENCH_TMP/wrk.out, so that two can run at once) and prints
# "requests rps p50_ms p99_ms non2xx socket_errors".
run_wrk() { # url connections seconds
  wrk -t2 -c"$2" -d"${3}s" --latency -s "${WRK_SCRIPT:-$BENCH_TMP/users.lua}" "$1" > "${WRK_OUT:-$BENCH_TMP/wrk.out}" 2>&1 || {
    cat "${WRK_OUT:-$BENCH_TMP/wrk.out}" >&2
    return 1
  }
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    / requests in / { requests = $1 }
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
    /Non-2xx/ { non2xx = $NF }
    /Socket errors/ { gsub(",", ""); errors = $4 + $6 + $8 + $10 }
    END { printf "%d %.0f %.3f %.3f %d %d\n", requests, rps, p50, p99, non2xx, errors }' "${WRK_OUT:-$BENCH_TMP/wrk.out}"
}

# The wrk script: GET /api/restaurants/7 with X-User-Id taken in turn from a fixed table of
# user ids; each wrk thread starts at its own offset. Requests are formatted once, up front, so
# the load generator spends as little CPU as possible.
write_wrk_script() { # path users
  cat > "$1" <<LUA
local users = $2
local path = "/api/restaurants/7"
local offset = 0
local requests = {}
local n = 0

function setup(thread)
  thread:set("offset", offset)
  offset = offset + math.floor(users / 2)
end

function init(args)
  for i = 1, users do
    requests[i] = wrk.format("GET", path, { ["X-User-Id"] = "user-" .. i })
  end
  n = offset
end

function request()
  n = n % users + 1
  return requests[n]
end
LUA
}

# Sends the user-id table through a proxy once (one keep-alive connection) and prints
# "v3_count v4_count v3_uri v4_uri"; fails on anything but 200 with the 1 KB body.
route_check() { # port users
  python3 - "$1" "$2" <<'PY'
import http.client, sys
port, users = int(sys.argv[1]), int(sys.argv[2])
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
counts, uris = {"v3": 0, "v4": 0}, {"v3": "-", "v4": "-"}
for i in range(1, users + 1):
    conn.request("GET", "/api/restaurants/7", headers={"X-User-Id": f"user-{i}"})
    response = conn.getresponse()
    body = response.read()
    backend = response.getheader("X-Bench-Backend")
    if response.status != 200 or len(body) != 1024 or backend not in counts:
        sys.exit(f"unexpected response for user-{i}: {response.status}, {len(body)} bytes, backend {backend}")
    counts[backend] += 1
    uris[backend] = response.getheader("X-Bench-Uri")
print(counts["v3"], counts["v4"], uris["v3"], uris["v4"])
PY
}

# Median of numbers on stdin ("-" when there are none).
median() {
  sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
