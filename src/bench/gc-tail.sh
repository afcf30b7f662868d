#!/usr/bin/env bash
# The kit's latency tail at a fixed, realistic rate, and the collector pauses behind it, for each collector on each JDK:
# for every JDK (JDKS, default: java from PATH, and Temurin 25 where installed) and collector (GCS, default G1 Parallel Z
# Serial), java -jar of the WAR in front of the nginx upstream of gateways.sh, WARMUP_SECONDS (default 40) at saturation
# (wrk -t2 -c32), then FIXED_SECONDS (default 30) at FIXED_RATE requests/s (default 1000, hey -q, 10 workers) with
# p50, p99 and p99.9 from every response, and the collector's pauses in that window from -Xlog:safepoint (count, total,
# longest). nginx straight to the upstream, at the same rate, comes first for scale.
# Needs: a built WAR (mvn -B package -DskipTests), and the Debian packages wrk, hey and nginx.
# Usage: src/bench/gc-tail.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
. "$here/gateways.sh"
command -v hey >/dev/null || { echo "missing hey: apt-get install hey" >&2; exit 1; }
rate="${FIXED_RATE:-1000}"
seconds="${FIXED_SECONDS:-30}"
warmup="${WARMUP_SECONDS:-40}"
workers=10
jdks="${JDKS:-$(command -v java) $(ls -d /usr/lib/jvm/temurin-25-jdk-amd64/bin/java 2>/dev/null || true)}"
gcs="${GCS:-G1 Parallel Z Serial}"

# fixed URL LABEL: hey at $rate requests/s, p50/p99/p99.9 of every answer.
fixed() {
  hey -z "${seconds}s" -c "$workers" -q $(( rate / workers )) -o csv "$1" > "$work/hey.csv"
  awk -F, 'NR > 1 && $7 == 200 { print $1 * 1000 }' "$work/hey.csv" | sort -n > "$work/times.txt"
  awk -v label="$2" '{ t[NR] = $1 } END {
    printf "%-28s %6d answers  p50 %6.3f  p99 %6.3f  p99.9 %7.3f  max %7.3f ms", label, NR, t[int(NR * 0.5)],
      t[int(NR * 0.99)], t[int(NR * 0.999)], t[NR] }' "$work/times.txt"
}

start_upstream ""
echo "machine: $(nproc) cores; $rate req/s for ${seconds}s after ${warmup}s at saturation; times in ms"
fixed "http://127.0.0.1:$upstream_port/hdr/resources/echo" "nginx (the upstream itself)"
echo
for jdk in $jdks; do
  version=$("$jdk" -version 2>&1 | head -n 1 | sed -E 's/.*version "([^"]+)".*/\1/')
  for gc in $gcs; do
    java_command=$jdk
    start_kit "-XX:+Use${gc}GC" "-Xlog:safepoint:file=$work/safepoints.log:uptime"
    wrk -t2 -c32 -d"${warmup}s" "http://127.0.0.1:$kit_port/qlik/resources/echo" >/dev/null
    mark=$(wc -l < "$work/safepoints.log")
    fixed "http://127.0.0.1:$kit_port/qlik/resources/echo" "kit, JDK $version, $gc"
    # Safepoint lines of the fixed-rate window that stopped the application for a collection.
    tail -n +"$((mark + 1))" "$work/safepoints.log" | { grep -E 'Safepoint "(G1|GC_|GenCollect|Parallel|Serial|Z)' || true; } \
      | sed -E 's/.*Total: ([0-9]+) ns.*/\1/' | awk '{ n++; total += $1; if ($1 > max) max = $1 }
        END { printf "  GC pauses %4d, total %7.1f ms, longest %6.2f ms\n", n, total / 1e6, max / 1e6 }'
    kill "$kit_pid"; wait "$kit_pid" 2>/dev/null || true
    rm -rf "$work/home" "$work/safepoints.log"
  done
done
