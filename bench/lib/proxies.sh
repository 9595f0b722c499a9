# The .NET proxies the bench scripts run: publishing, rollout files and starting bare YARP or the
# gateway. Sourced, not run; needs servers.sh (BENCH_TMP, free ports) sourced first.

# dotnet publish, quiet unless it fails (then its output goes to stderr).
bench_publish() { # project output
  dotnet publish "$1" -c Release -o "$2" --nologo -v quiet > "$BENCH_TMP/publish.log" 2>&1 || {
    cat "$BENCH_TMP/publish.log" >&2
    echo "publishing $1 failed" >&2
    return 1
  }
}

# Publishes the gateway of the working tree (Release) into $BENCH_TMP/gateway, once.
publish_gateway() {
  [ -d "$BENCH_TMP/gateway" ] && return 0
  echo "Publishing the gateway (Release)..." >&2
  bench_publish gateway "$BENCH_TMP/gateway"
}

# Publishes the gateway and bare YARP (Release) into $BENCH_TMP/gateway and $BENCH_TMP/bare-yarp.
publish_proxies() {
  publish_gateway
  echo "Publishing bare YARP (Release)..." >&2
  bench_publish bench/BareYarp "$BENCH_TMP/bare-yarp"
}

# Publishes the gateway as of a git revision (a commit, tag or branch of this repository) into
# $BENCH_TMP/gateway@<rev>, from a temporary worktree, so before/after builds run side by side.
publish_gateway_revision() { # rev
  local rev=$1 tree=$BENCH_TMP/tree-${1//\//_}
  [ -d "$BENCH_TMP/gateway@$rev" ] && return 0
  echo "Publishing the gateway at $rev (Release)..." >&2
  git worktree add --detach -q "$tree" "$rev"
  bench_publish "$tree/gateway" "$BENCH_TMP/gateway@$rev"
  git worktree remove --force "$tree"
}

# Publishes the build a bench argument names, "gateway" (the working tree) or "gateway@REV", and
# sets GATEWAY_DIR to it (start_gateway runs that build).
publish_gateway_kind() { # gateway|gateway@REV
  case $1 in
    gateway) publish_gateway; GATEWAY_DIR=$BENCH_TMP/gateway ;;
    gateway@?*) publish_gateway_revision "${1#gateway@}"; GATEWAY_DIR=$BENCH_TMP/$1 ;;
    *) echo "unknown gateway build: $1 (gateway or gateway@REV)" >&2; return 2 ;;
  esac
}

# Writes $BENCH_TMP/rollout-<percent>/rollout.json (one feature for /api/restaurants, stage
# partial, ids from X-User-Id then a JWT) and checks it with the gateway's own validator.
write_rollout() { # percent v3_port v4_port
  write_rollout_file "$BENCH_TMP/rollout-$1/rollout.json" "$@"
}

# The same rollout at another path, with an optional "shadow" block (JSON object) for the feature.
write_rollout_file() { # file percent v3_port v4_port [shadow_json]
  local file=$1 shadow=
  [ -z "${5:-}" ] || shadow=$',\n      "shadow": '"$5"
  mkdir -p "$(dirname "$file")"
  cat > "$file" <<JSON
{
  "backends": {
    "v3": { "destinations": ["http://127.0.0.1:$3"] },
    "v4": { "destinations": ["http://127.0.0.1:$4"] }
  },
  "identity": { "sources": ["header:X-User-Id", "jwt:sub"], "anonymous": { "policy": "v3" } },
  "features": {
    "api_v4_restaurants": {
      "routes": [{ "path": "/api/restaurants", "v4_path": "/api/v4/restaurants" }],
      "stage": "partial",
      "percentage": $2$shadow
    }
  }
}
JSON
  "$BENCH_TMP/gateway/gateway" validate "$file" >&2
}

# The shadow block of the bench rollouts: the backends' bodies differ only in $.data.backend
# (lib/nginx.sh), which is ignored, so every comparison is a match; every other setting is the
# default (docs/rollout.md) unless given.
shadow_block() { # sample_percent [max_in_flight]
  printf '{ "sample_percent": %s, "ignore": ["$.data.backend"]%s }' "$1" "${2:+, \"max_in_flight\": $2}"
}

# Starts bare YARP in front of a destination; sets PROXY_PID. Extra NAME=VALUE arguments are
# added to its environment.
start_bare_yarp() { # port destination_port [NAME=VALUE...]
  local port=$1 destination=$2; shift 2
  (cd "$BENCH_TMP/bare-yarp" && exec env "$@" ./bare-yarp --urls "http://127.0.0.1:$port" \
    --destination "http://127.0.0.1:$destination/") > "$BENCH_TMP/bare-yarp-$port.log" 2>&1 &
  PROXY_PID=$!
}

# Starts the gateway on a rollout file, with a fresh state file beside it and the management port
# on a free loopback port; sets PROXY_PID and MANAGEMENT_PORT. GATEWAY_DIR picks another published
# build (default $BENCH_TMP/gateway). Extra NAME=VALUE arguments are added to its environment.
start_gateway_on() { # rollout_file port observe(true|false) [NAME=VALUE...]
  local file=$1 port=$2 observe=$3 build=${GATEWAY_DIR:-$BENCH_TMP/gateway}; shift 3
  local state=${file%.json}.state-$port.json
  MANAGEMENT_PORT=$(bench_free_port)
  rm -f "$state"
  (cd "$build" && exec env Gateway__RolloutFile="$file" Gateway__StateFile="$state" \
    Gateway__PublicUrls="http://127.0.0.1:$port" Gateway__Management__Urls="http://127.0.0.1:$MANAGEMENT_PORT" \
    Gateway__Observe="$observe" "$@" ./gateway) > "$BENCH_TMP/gateway-$port.log" 2>&1 &
  PROXY_PID=$!
}

# Starts the gateway on a rollout file written by write_rollout (see start_gateway_on).
start_gateway() { # port percent observe(true|false) [NAME=VALUE...]
  local port=$1 percent=$2; shift 2
  start_gateway_on "$BENCH_TMP/rollout-$percent/rollout.json" "$port" "$@"
}
