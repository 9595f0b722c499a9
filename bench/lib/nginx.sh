# NGINX configurations for bench/run.sh: the two backends (arm A's targets and every proxy's
# upstreams) and the NGINX proxy arms B and C. Sourced, not run.

# Shared header of every configuration: foreground master, everything in one private directory,
# and client connections that are never closed by request count (nginx closes a keep-alive
# connection after 1000 requests by default, which would add reconnects to the measurement).
nginx_common() { # dir workers
  local dir=$1 workers=$2
  mkdir -p "$dir/tmp"
  # As root the workers would run as nobody and could not use the private temp directories.
  [ "$(id -u)" -eq 0 ] && echo "user root;"
  cat <<EOF
daemon off;
master_process on;
worker_processes $workers;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 8192; }
EOF
}

nginx_http_common() { # dir
  cat <<EOF
  access_log off;
  keepalive_requests 1000000000;
  keepalive_timeout 300s;
  client_body_temp_path $1/tmp/body;
  proxy_temp_path $1/tmp/proxy;
  fastcgi_temp_path $1/tmp/fastcgi;
  uwsgi_temp_path $1/tmp/uwsgi;
  scgi_temp_path $1/tmp/scgi;
EOF
}

# A JSON body of exactly 1024 bytes naming the backend, like a small API response.
bench_body() { # backend
  local head="{\"success\":true,\"data\":{\"id\":7,\"backend\":\"$1\",\"name\":\"Benchmark Bistro\",\"padding\":\""
  local tail="\"}}"
  local pad=$((1024 - ${#head} - ${#tail}))
  printf '%s%s%s' "$head" "$(head -c "$pad" /dev/zero | tr '\0' 'x')" "$tail"
}

# The backends: v3 and v4 on their own ports, each answering every path with its fixed 1 KB body
# and X-Bench-Backend / X-Bench-Uri headers that let the script check where a proxy sent a request
# and with which path.
nginx_backends_conf() { # dir workers v3_port v4_port
  local dir=$1 workers=$2
  nginx_common "$dir" "$workers"
  echo "http {"
  nginx_http_common "$dir"
  local name port
  for name in v3 v4; do
    port=$([ $name = v3 ] && echo "$3" || echo "$4")
    cat <<EOF
  server {
    listen 127.0.0.1:$port backlog=4096;
    location / {
      default_type application/json;
      add_header X-Bench-Backend $name;
      add_header X-Bench-Uri \$request_uri;
      return 200 '$(bench_body $name)';
    }
  }
EOF
  done
  echo "}"
}

# Starts the backends (one NGINX with one worker, never the bottleneck) on two free ports and
# waits for both; sets V3_PORT, V4_PORT and BACKEND_PID. Needs servers.sh sourced first.
start_backends() {
  V3_PORT=$(bench_free_port)
  V4_PORT=$(bench_free_port)
  mkdir -p "$BENCH_TMP/backends"
  nginx_backends_conf "$BENCH_TMP/backends" 1 "$V3_PORT" "$V4_PORT" > "$BENCH_TMP/backends/nginx.conf"
  nginx -p "$BENCH_TMP/backends" -c "$BENCH_TMP/backends/nginx.conf" &
  BACKEND_PID=$!
  BENCH_PIDS+=("$BACKEND_PID")
  bench_wait_http "http://127.0.0.1:$V3_PORT/" 10
  bench_wait_http "http://127.0.0.1:$V4_PORT/" 10
}

# Arm B (mode "proxy"): plain proxy_pass to v3. Arm C (mode "split"): split_clients on the same
# user id the gateway hashes, the v4 path rewrite the gateway does, and the backend header.
# Both keep upstream connections alive and never close them by request count.
nginx_proxy_conf() { # dir workers listen_port v3_port v4_port mode
  local dir=$1 workers=$2 port=$3 v3=$4 v4=$5 mode=$6
  nginx_common "$dir" "$workers"
  echo "http {"
  nginx_http_common "$dir"
  local name
  for name in v3 v4; do
    cat <<EOF
  upstream $name {
    server 127.0.0.1:$([ $name = v3 ] && echo "$v3" || echo "$v4");
    keepalive 512;
    keepalive_requests 1000000000;
    keepalive_timeout 300s;
  }
EOF
  done
  if [ "$mode" = split ]; then
    cat <<'EOF'
  split_clients "strangler:${http_x_user_id}" $backend {
    50% v4;
    *   v3;
  }
  map "$backend:$request_uri" $target {
    "~^v4:/api/restaurants(?<rest>.*)$" /api/v4/restaurants$rest;
    default $request_uri;
  }
EOF
  fi
  cat <<EOF
  server {
    listen 127.0.0.1:$port backlog=4096 reuseport;
    location / {
      proxy_http_version 1.1;
      proxy_set_header Connection "";
EOF
  if [ "$mode" = split ]; then
    cat <<'EOF'
      proxy_set_header X-Strangler-Backend $backend;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_pass http://$backend$target;
EOF
  else
    echo "      proxy_pass http://v3;"
  fi
  echo "    }"
  echo "  }"
  echo "}"
}
