#!/usr/bin/env bash
# Throughput, latency and CPU time of one small GET, in one run on one machine, four ways:
#   direct      straight to the upstream (nginx answering 2 bytes under /hdr/, standing in for a fast Qlik virtual proxy);
#   reference   through nginx doing the gateway's job (deploy/nginx/reference-gateway.conf: strip and inject);
#   jetty-core  through Jetty 12's own core reverse proxy with nothing of the kit (src/jmh/.../JettyCoreProxy.java):
#               the ceiling of a gateway built on Jetty's server and HTTP client here;
#   mitre       through MITRE's HTTP-Proxy-Servlet 2.0 on Jetty 12 ee10 behind a header filter (src/jmh/.../MitreProxy.java),
#               what a Java team would otherwise assemble;
#   scg         through Spring Cloud Gateway (Netty) with the same filter job (src/bench/scg, built here with Maven;
#               SCG=off leaves it out);
#   kit         through java -jar target/qlik-anon-kit.war.
# ROUNDS (default 2) repeats the saturation runs, every target once per round, so that drift shows in the figures.
# Then the same at a fixed rate (open loop, hey -q; FIXED_RATE requests/s, default 1000, for FIXED_SECONDS, default 30)
# with p50, p99 and p99.9 computed from every response's time.
# "cpu/req" is the CPU time (user + system) of the gateway's processes divided by the requests it answered.
# Each JVM is first warmed up for WARMUP_SECONDS (default 60): after 15 s the JIT still takes a quarter of the CPU.
# Needs: a built WAR (mvn -B package -DskipTests), and the Debian packages wrk, hey and nginx.
# Usage: src/bench/small-get.sh [duration-seconds] [connections] [extra JVM options for the kit...]
# The README's table: WARMUP_SECONDS=90 src/bench/small-get.sh 15 32
# KIT_WAR=path/to/other.war compares another build of the kit; JAVA=path/to/java runs the JVMs on another JDK.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
duration="${1:-15}"
connections="${2:-50}"
shift $(( $# > 2 ? 2 : $# ))
. "$here/gateways.sh"
core_port=18083
mitre_port=18084
scg_port=18085
rounds="${ROUNDS:-2}"
warmup="${WARMUP_SECONDS:-60}"
mvn -q -B -Pjmh -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/classpath.txt" >/dev/null
if [ "${SCG:-on}" != off ]; then
  mvn -q -B -f src/bench/scg/pom.xml -DskipTests package >/dev/null
fi
start_upstream ""
start_reference
start_kit "$@"
"$java_command" -cp "target/test-classes:target/classes:$(cat "$work/classpath.txt")" io.anonkit.bench.JettyCoreProxy \
  "$core_port" "http://127.0.0.1:$upstream_port/hdr" > "$work/core.log" 2>&1 &
core_pid=$!
"$java_command" -cp "target/test-classes:target/classes:$(cat "$work/classpath.txt")" io.anonkit.bench.MitreProxy \
  "$mitre_port" "http://127.0.0.1:$upstream_port/hdr" > "$work/mitre.log" 2>&1 &
mitre_pid=$!
targets="$core_port $mitre_port"
if [ "${SCG:-on}" != off ]; then
  "$java_command" -jar src/bench/scg/target/scg-gateway.jar "$scg_port" "http://127.0.0.1:$upstream_port/hdr" \
    > "$work/scg.log" 2>&1 &
  scg_pid=$!
  targets="$targets $scg_port"
fi
for port in $targets; do
  for _ in $(seq 1 60); do
    curl -fs "http://127.0.0.1:$port/qlik/resources/echo" >/dev/null 2>&1 && break
    sleep 0.5
  done
done
for target in "$kit_port/qlik/resources/echo" "$reference_port/qlik/resources/echo" $(for port in $targets; do echo "$port/qlik/resources/echo"; done); do
  curl -fsS "http://127.0.0.1:$target" >/dev/null || { echo "no answer from $target"; cat "$work/kit.log"; exit 1; }
done

echo "warming up the JVMs' JIT ($warmup s each)"
wrk -t2 -c"$connections" -d"${warmup}s" "http://127.0.0.1:$kit_port/qlik/resources/echo" >/dev/null
wrk -t2 -c"$connections" -d"${warmup}s" "http://127.0.0.1:$core_port/qlik/resources/echo" >/dev/null
wrk -t2 -c"$connections" -d"${warmup}s" "http://127.0.0.1:$mitre_port/qlik/resources/echo" >/dev/null
[ -n "${scg_pid:-}" ] && wrk -t2 -c"$connections" -d"${warmup}s" "http://127.0.0.1:$scg_port/qlik/resources/echo" >/dev/null
echo "machine: $(nproc) cores, $("$java_command" -version 2>&1 | head -n 1); wrk -t2 -c$connections -d${duration}s; kit JVM options: ${*:-none}"
for round in $(seq 1 "$rounds"); do
  echo "round $round"
  run "http://127.0.0.1:$upstream_port/hdr/resources/echo" direct $(nginx_pids "$work/upstream.pid")
  run "http://127.0.0.1:$reference_port/qlik/resources/echo" reference $(nginx_pids "$work/ref/nginx.pid")
  run "http://127.0.0.1:$core_port/qlik/resources/echo" jetty-core "$core_pid"
  run "http://127.0.0.1:$mitre_port/qlik/resources/echo" mitre "$mitre_pid"
  [ -n "${scg_pid:-}" ] && run "http://127.0.0.1:$scg_port/qlik/resources/echo" scg "$scg_pid"
  run "http://127.0.0.1:$kit_port/qlik/resources/echo" kit "$kit_pid"
done

rate="${FIXED_RATE:-1000}"
seconds="${FIXED_SECONDS:-30}"
workers=10
# fixed URL LABEL: hey at $rate requests/s in all (10 workers), every response's time kept; p50, p99, p99.9 from them.
fixed() {
  hey -z "${seconds}s" -c "$workers" -q $(( rate / workers )) -o csv "$1" > "$work/hey.csv"
  awk -F, -v label="$2" 'NR > 1 && $7 == 200 { print $1 * 1000 } NR > 1 && $7 != 200 { bad++ }
    END { if (bad) print "NON-200 " bad > "/dev/stderr" }' "$work/hey.csv" | sort -n > "$work/times.txt"
  awk -v label="$2" -v rate="$rate" '{ t[NR] = $1 } END {
    printf "%-10s at %5d req/s: %7d answers   p50 %6.3f ms   p99 %6.3f ms   p99.9 %6.3f ms   max %7.3f ms\n", label, rate,
      NR, t[int(NR * 0.5)], t[int(NR * 0.99)], t[int(NR * 0.999)], t[NR] }' "$work/times.txt"
}
command -v hey >/dev/null || { echo "fixed rate skipped: apt-get install hey"; exit 0; }
fixed "http://127.0.0.1:$reference_port/qlik/resources/echo" reference
fixed "http://127.0.0.1:$core_port/qlik/resources/echo" jetty-core
fixed "http://127.0.0.1:$mitre_port/qlik/resources/echo" mitre
[ -n "${scg_pid:-}" ] && fixed "http://127.0.0.1:$scg_port/qlik/resources/echo" scg
fixed "http://127.0.0.1:$kit_port/qlik/resources/echo" kit
