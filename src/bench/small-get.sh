#!/usr/bin/env bash
# Throughput, latency and CPU time of one small GET, in one run on one machine, four ways:
#   direct      straight to the upstream (nginx answering 2 bytes under /hdr/, standing in for a fast Qlik virtual proxy);
#   reference   through nginx doing the gateway's job (deploy/nginx/reference-gateway.conf: strip and inject);
#   jetty-core  through Jetty 12's own core reverse proxy with nothing of the kit (src/jmh/.../JettyCoreProxy.java):
#               the ceiling of a gateway built on Jetty's server and HTTP client here;
#   kit         through java -jar target/qlik-anon-kit.war.
# "cpu/req" is the CPU time (user + system) of the gateway's processes divided by the requests it answered.
# Each JVM is first warmed up for WARMUP_SECONDS (default 60): after 15 s the JIT still takes a quarter of the CPU.
# Needs: a built WAR (mvn -B package -DskipTests), and the Debian packages wrk and nginx.
# Usage: src/bench/small-get.sh [duration-seconds] [connections] [extra JVM options for the kit...]
# KIT_WAR=path/to/other.war compares another build of the kit.
set -euo pipefail
cd "$(dirname "$0")/../.."
duration="${1:-15}"
connections="${2:-50}"
shift $(( $# > 2 ? 2 : $# ))
upstream_port=18090
reference_port=18081
kit_port=18080
core_port=18083
warmup="${WARMUP_SECONDS:-60}"
work=$(mktemp -d)
trap 'kill "${kit_pid:-}" "${core_pid:-}" 2>/dev/null || true
      nginx -p "$work" -c "$work/upstream.conf" -s stop 2>/dev/null || true
      nginx -p "$work/ref" -c "$work/ref/reference.conf" -s stop 2>/dev/null || true
      rm -rf "$work"' EXIT

for tool in wrk nginx java curl; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install wrk nginx curl" >&2; exit 1; }
done
war="${KIT_WAR:-target/qlik-anon-kit.war}"
[ -f "$war" ] || { echo "build first: mvn -B package -DskipTests" >&2; exit 1; }
mvn -q -B -Pjmh -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/classpath.txt" >/dev/null
user_line=""
[ "$(id -u)" = 0 ] && user_line="user root;"

# The upstream: one worker, a 2-byte body, and the session cookie a Qlik virtual proxy sets.
cat > "$work/upstream.conf" <<NGINX
$user_line
worker_processes 1;
error_log $work/upstream-error.log;
pid $work/upstream.pid;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work;
  server {
    listen 127.0.0.1:$upstream_port;
    keepalive_requests 1000000;
    location /hdr/ {
      default_type text/plain;
      add_header Set-Cookie "X-Qlik-Session-hdr=bench-session; Path=/; HttpOnly";
      return 200 "ok";
    }
  }
}
NGINX
nginx -p "$work" -c "$work/upstream.conf"

# The reference gateway: deploy/nginx/reference-gateway.conf with its site lines set, one worker per core.
mkdir -p "$work/ref"
sed -e "s/server 127.0.0.1:4243;/server 127.0.0.1:$upstream_port;/" \
    -e "s/listen 127.0.0.1:8081;/listen 127.0.0.1:$reference_port;/" deploy/nginx/reference-gateway.conf > "$work/ref/site.conf"
cat > "$work/ref/reference.conf" <<NGINX
$user_line
worker_processes auto;
error_log $work/ref/error.log;
pid $work/ref/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/ref;
  proxy_temp_path $work/ref;
  keepalive_requests 1000000;
  include $work/ref/site.conf;
}
NGINX
nginx -p "$work/ref" -c "$work/ref/reference.conf"

ANONKIT_HOME="$work/home" ANONKIT_PORT=$kit_port ANONKIT_BIND_ADDRESS=127.0.0.1 \
  ANONKIT_UPSTREAM="http://127.0.0.1:$upstream_port/hdr" java "$@" -jar "$war" > "$work/kit.log" 2>&1 &
kit_pid=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$kit_port/health" >/dev/null 2>&1 && break
  sleep 0.5
done
java -cp "target/test-classes:target/classes:$(cat "$work/classpath.txt")" io.anonkit.bench.JettyCoreProxy \
  "$core_port" "http://127.0.0.1:$upstream_port/hdr" > "$work/core.log" 2>&1 &
core_pid=$!
for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:$core_port/qlik/echo" >/dev/null 2>&1 && break
  sleep 0.5
done
for target in "$kit_port/qlik/echo" "$reference_port/qlik/echo" "$core_port/qlik/echo"; do
  curl -fsS "http://127.0.0.1:$target" >/dev/null || { echo "no answer from $target"; cat "$work/kit.log"; exit 1; }
done

# CPU ticks (user + system) of the given processes and their children's threads.
ticks() {
  local total=0 pid
  for pid in "$@"; do
    total=$(( total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat") ))
  done
  echo "$total"
}
nginx_pids() {
  local master
  master=$(cat "$1")
  echo "$master" $(pgrep -P "$master")
}
hz=$(getconf CLK_TCK)

# run URL LABEL PID...: one measurement, with the CPU time of the PIDs per request.
run() {
  local url=$1 label=$2 before after
  shift 2
  before=$(ticks "$@")
  wrk -t2 -c"$connections" -d"${duration}s" --latency "$url" > "$work/wrk.txt"
  after=$(ticks "$@")
  awk -v label="$label" -v cpu=$(( after - before )) -v hz="$hz" '
    /Requests\/sec/ { rps = $2 }
    /requests in/ { count = $1 }
    /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 }
    /Non-2xx/ { errors = $4 }
    END { printf "%-10s requests/s %10s   p50 %8s   p99 %8s   cpu/req %6.1f us%s\n", label, rps, p50, p99,
                 cpu / hz * 1e6 / count, errors ? "   NON-2XX " errors : "" }' "$work/wrk.txt"
}

echo "warming up the JVMs' JIT ($warmup s each)"
wrk -t2 -c"$connections" -d"${warmup}s" "http://127.0.0.1:$kit_port/qlik/echo" >/dev/null
wrk -t2 -c"$connections" -d"${warmup}s" "http://127.0.0.1:$core_port/qlik/echo" >/dev/null
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -n 1); wrk -t2 -c$connections -d${duration}s; kit JVM options: ${*:-none}"
run "http://127.0.0.1:$upstream_port/hdr/echo" direct $(nginx_pids "$work/upstream.pid")
run "http://127.0.0.1:$reference_port/qlik/echo" reference $(nginx_pids "$work/ref/nginx.pid")
run "http://127.0.0.1:$core_port/qlik/echo" jetty-core "$core_pid"
run "http://127.0.0.1:$kit_port/qlik/echo" kit "$kit_pid"
