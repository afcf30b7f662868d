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
# KIT_WAR=path/to/other.war compares another build of the kit; JAVA=path/to/java runs the JVMs on another JDK.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
duration="${1:-15}"
connections="${2:-50}"
shift $(( $# > 2 ? 2 : $# ))
. "$here/gateways.sh"
core_port=18083
warmup="${WARMUP_SECONDS:-60}"
mvn -q -B -Pjmh -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/classpath.txt" >/dev/null
start_upstream ""
start_reference
start_kit "$@"
"$java_command" -cp "target/test-classes:target/classes:$(cat "$work/classpath.txt")" io.anonkit.bench.JettyCoreProxy \
  "$core_port" "http://127.0.0.1:$upstream_port/hdr" > "$work/core.log" 2>&1 &
core_pid=$!
for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:$core_port/qlik/echo" >/dev/null 2>&1 && break
  sleep 0.5
done
for target in "$kit_port/qlik/echo" "$reference_port/qlik/echo" "$core_port/qlik/echo"; do
  curl -fsS "http://127.0.0.1:$target" >/dev/null || { echo "no answer from $target"; cat "$work/kit.log"; exit 1; }
done

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
echo "machine: $(nproc) cores, $("$java_command" -version 2>&1 | head -n 1); wrk -t2 -c$connections -d${duration}s; kit JVM options: ${*:-none}"
run "http://127.0.0.1:$upstream_port/hdr/echo" direct $(nginx_pids "$work/upstream.pid")
run "http://127.0.0.1:$reference_port/qlik/echo" reference $(nginx_pids "$work/ref/nginx.pid")
run "http://127.0.0.1:$core_port/qlik/echo" jetty-core "$core_pid"
run "http://127.0.0.1:$kit_port/qlik/echo" kit "$kit_pid"
