#!/usr/bin/env bash
# Where a small proxied GET spends its CPU, by layer, in the kit and in Jetty's own core proxy: async-profiler (Maven
# Central's tools.profiler:async-profiler, loaded into the running JVM) samples each for SECONDS (default 20) of
# wrk -t2 -c32 after WARMUP_SECONDS (default 40), and every sample is charged to the layer of its innermost frame that
# is not the JDK's: the kernel (socket calls, thread wake-ups), the JVM (GC, JIT), Jetty's I/O and threads, its server
# and HTTP parsing, its HTTP client, the servlet layer (Jetty ee10's servlet, security and session handlers, CDI's and
# Faces' request listeners), Jetty's proxy servlet, and the kit's own code. The collapsed stacks stay in
# target/profile-*.collapsed for a closer look.
# Needs: a built WAR (mvn -B package -DskipTests), the Debian packages wrk and nginx, Linux on x86-64.
# Usage: src/bench/profile.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
. "$here/gateways.sh"
seconds="${SECONDS_PROFILED:-20}"
warmup="${WARMUP_SECONDS:-40}"
core_port=18083
mvn -q -B dependency:copy -Dartifact=tools.profiler:async-profiler:4.0:jar:linux-x64 -DoutputDirectory="$work" >/dev/null
(cd "$work" && unzip -qo async-profiler-4.0-linux-x64.jar)
agent="$work/linux-x64/libasyncProfiler.so"
mvn -q -B -Pjmh -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/classpath.txt" >/dev/null
start_upstream ""
start_kit
"$java_command" -cp "target/test-classes:target/classes:$(cat "$work/classpath.txt")" io.anonkit.bench.JettyCoreProxy \
  "$core_port" "http://127.0.0.1:$upstream_port/hdr" > "$work/core.log" 2>&1 &
core_pid=$!
for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:$core_port/qlik/resources/echo" >/dev/null 2>&1 && break
  sleep 0.5
done

# layers FILE: percentage of samples per layer.
layers() {
  awk '
    function layer(frame) {
      if (frame ~ /_\[k\]$/) return "kernel (sockets, scheduling)"
      if (frame ~ /^io[.\/]anonkit[.\/]/) return "the kit"
      if (frame ~ /^org[.\/]eclipse[.\/]jetty[.\/]ee10[.\/]proxy[.\/]/) return "Jetty proxy servlet"
      if (frame ~ /^org[.\/]eclipse[.\/]jetty[.\/](ee10|security|session)[.\/]/ || frame ~ /^(org[.\/]jboss[.\/]weld|com[.\/]sun[.\/]faces|jakarta[.\/](faces|servlet))[.\/]/) return "servlet layer (servlet, security, sessions, CDI, Faces)"
      if (frame ~ /^org[.\/]eclipse[.\/]jetty[.\/]client[.\/]/) return "Jetty HTTP client"
      if (frame ~ /^org[.\/]eclipse[.\/]jetty[.\/]proxy[.\/]/) return "Jetty core proxy"
      if (frame ~ /^org[.\/]eclipse[.\/]jetty[.\/](server|http)[.\/]/) return "Jetty server, HTTP parsing"
      if (frame ~ /^org[.\/]eclipse[.\/]jetty[.\/]/) return "Jetty I/O, threads, utilities"
      if (frame ~ /^io[.\/]prometheus[.\/]/) return "the kit"
      return ""
    }
    {
      count = $NF; $NF = ""; n = split($0, frames, ";"); total += count; found = ""
      if (frames[n] ~ /_\[k\]$/) found = layer(frames[n])
      for (i = n; i >= 1 && found == ""; i--) found = layer(frames[i])
      if (found == "") found = "JVM and JDK (GC, JIT, other)"
      by[found] += count
    }
    END { for (l in by) printf "  %5.1f%%  %s\n", 100 * by[l] / total, l }' "$1" | sort -rn
}

# profile LABEL PID PORT: warm up, sample, print the layers.
profile() {
  local out="target/profile-$1.collapsed"
  wrk -t2 -c32 -d"${warmup}s" "http://127.0.0.1:$3/qlik/resources/echo" >/dev/null
  # The options are quoted for jcmd, which would otherwise read their '=' as its own.
  jcmd "$2" JVMTI.agent_load "$agent" "\"start,event=cpu,interval=${INTERVAL:-10ms}\"" >/dev/null
  wrk -t2 -c32 -d"${seconds}s" "http://127.0.0.1:$3/qlik/resources/echo" | awk -v l="$1" '/Requests\/sec/ { print l ": " $2 " req/s while sampled" }'
  jcmd "$2" JVMTI.agent_load "$agent" "\"stop,collapsed,file=$PWD/$out\"" >/dev/null
  layers "$out"
}
mkdir -p target
profile kit "$kit_pid" "$kit_port"
profile jetty-core "$core_pid" "$core_port"
