#!/usr/bin/env bash
# Throughput and latency of a small GET through the kit against the same GET direct, with wrk, on loopback.
# The upstream is nginx answering a 2-byte body under /hdr/, standing in for a fast Qlik virtual proxy.
# Needs: a built WAR (mvn -B package -DskipTests), and the Debian packages wrk and nginx.
# Usage: src/bench/small-get.sh [duration-seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/../.."
duration="${1:-15}"
connections="${2:-50}"
upstream_port=18090
kit_port=18080
work=$(mktemp -d)
trap 'kill "${kit_pid:-}" 2>/dev/null || true; nginx -p "$work" -c "$work/nginx.conf" -s stop 2>/dev/null || true; rm -rf "$work"' EXIT

for tool in wrk nginx java; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install wrk nginx" >&2; exit 1; }
done
[ -f target/qlik-anon-kit.war ] || { echo "build first: mvn -B package -DskipTests" >&2; exit 1; }

cat > "$work/nginx.conf" <<NGINX
worker_processes 1;
error_log $work/error.log;
pid $work/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work;
  server {
    listen 127.0.0.1:$upstream_port;
    keepalive_requests 1000000;
    location /hdr/ { default_type text/plain; return 200 "ok"; }
  }
}
NGINX
nginx -p "$work" -c "$work/nginx.conf"

ANONKIT_HOME="$work/home" ANONKIT_PORT=$kit_port ANONKIT_BIND_ADDRESS=127.0.0.1 \
  ANONKIT_UPSTREAM="http://127.0.0.1:$upstream_port/hdr" java -jar target/qlik-anon-kit.war > "$work/kit.log" 2>&1 &
kit_pid=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$kit_port/health" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$kit_port/qlik/echo" >/dev/null

run() {
  wrk -t2 -c"$connections" -d"${duration}s" --latency "$1" | awk -v label="$2" '
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 }
    END { printf "%-8s requests/s %10s   p50 %8s   p99 %8s\n", label, rps, p50, p99 }'
}

echo "warming up the kit's JIT ($duration s)"
wrk -t2 -c"$connections" -d"${duration}s" "http://127.0.0.1:$kit_port/qlik/echo" >/dev/null
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -n 1); wrk -t2 -c$connections -d${duration}s"
run "http://127.0.0.1:$upstream_port/hdr/echo" direct
run "http://127.0.0.1:$kit_port/qlik/echo" kit
