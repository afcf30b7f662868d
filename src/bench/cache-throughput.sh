#!/usr/bin/env bash
# Cached small-asset throughput, in one run on one machine: the kit answering from its asset cache, nginx's
# proxy_cache serving the same file, and the kit with the cache off (ANONKIT_CACHE_SIZE=0, every request to the
# upstream). The upstream is nginx serving a 2 KiB static file with ETag, Last-Modified and Cache-Control: public,
# max-age=3600, and no cookie (as Qlik answers a request with a valid session). wrk -t2 -cCONNECTIONS, ROUNDS rounds.
# Needs: a built WAR (mvn -B package -DskipTests) and the Debian packages wrk and nginx.
# Usage: src/bench/cache-throughput.sh [duration-seconds] [connections]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
duration="${1:-15}"
connections="${2:-50}"
. "$here/gateways.sh"
uncached_port=18086
proxy_cache_port=18087
rounds="${ROUNDS:-2}"
warmup="${WARMUP_SECONDS:-60}"
mkdir -p "$work/www/hdr/resources" "$work/pc"
head -c 2048 /dev/urandom | base64 -w 100 | head -c 2048 > "$work/www/hdr/resources/small.js"
start_upstream "
    location /hdr/resources/ {
      root $work/www;
      add_header Cache-Control \"public, max-age=3600\";
    }"
cat > "$work/pc/nginx.conf" <<NGINX
$user_line
worker_processes auto;
error_log $work/pc/error.log;
pid $work/pc/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  proxy_temp_path $work/pc;
  proxy_cache_path $work/pc/cache keys_zone=assets:10m max_size=64m;
  keepalive_requests 1000000;
  upstream qlik { server 127.0.0.1:$upstream_port; keepalive 32; }
  server {
    listen 127.0.0.1:$proxy_cache_port;
    location /qlik/ {
      proxy_pass http://qlik/hdr/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache assets;
      proxy_cache_lock on;
      proxy_cache_revalidate on;
    }
  }
}
NGINX
nginx -p "$work/pc" -c "$work/pc/nginx.conf"
start_kit
cached_pid=$kit_pid
ANONKIT_HOME="$work/home-uncached" ANONKIT_PORT=$uncached_port ANONKIT_BIND_ADDRESS=127.0.0.1 ANONKIT_CACHE_SIZE=0 \
  ANONKIT_REQUESTS_PER_SECOND=1000000 ANONKIT_REQUEST_BURST=1000000 ANONKIT_ACCESS_LOG=off \
  ANONKIT_UPSTREAM="http://127.0.0.1:$upstream_port/hdr" "$java_command" -jar "$war" > "$work/uncached.log" 2>&1 &
uncached_pid=$!
trap 'kill "$cached_pid" "$uncached_pid" 2>/dev/null || true; nginx -p "$work/pc" -c "$work/pc/nginx.conf" -s stop 2>/dev/null || true
      nginx -p "$work" -c "$work/upstream.conf" -s stop 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$uncached_port/health" >/dev/null 2>&1 && break; sleep 0.5; done
path=/qlik/resources/small.js
for port in $kit_port $uncached_port $proxy_cache_port; do
  curl -fsS "http://127.0.0.1:$port$path" -o /dev/null || { echo "no answer on $port"; exit 1; }
done
echo "warming up the JVMs' JIT ($warmup s each)"
wrk -t2 -c"$connections" -d"${warmup}s" "http://127.0.0.1:$kit_port$path" >/dev/null
wrk -t2 -c"$connections" -d"${warmup}s" "http://127.0.0.1:$uncached_port$path" >/dev/null
echo "machine: $(nproc) cores, $("$java_command" -version 2>&1 | head -n 1); wrk -t2 -c$connections -d${duration}s; a 2 KiB file"
for round in $(seq 1 "$rounds"); do
  echo "round $round"
  run "http://127.0.0.1:$proxy_cache_port$path" nginx-cache $(nginx_pids "$work/pc/nginx.pid")
  run "http://127.0.0.1:$kit_port$path" kit-cached "$cached_pid"
  run "http://127.0.0.1:$uncached_port$path" kit-uncached "$uncached_pid"
done
