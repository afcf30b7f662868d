#!/usr/bin/env bash
# How many engine tunnels one node holds: the packaged kit with the engine firewall on (embed profile) and a fixed heap,
# in front of the Qlik stand-in, every tunnel opening the app through the firewall; after each step, the kit's heap
# after a full GC, per tunnel, its resident memory, and whether every tunnel still answers a request.
# Each tunnel costs four sockets on this machine (visitor and Qlik side, both ends), so the file limit is raised.
# Needs: a built WAR (mvn -B package -DskipTests) and the jmh profile's classes (built here).
# Usage: src/bench/tunnel-capacity.sh [target] [step] [heap]; the figures in docs/performance.md: 10000 2000 512m
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
target="${1:-10000}"
step="${2:-2000}"
heap="${3:-512m}"
[ -f target/qlik-anon-kit.war ] || { echo "build first: mvn -B package -DskipTests" >&2; exit 1; }
ulimit -n "$(( 4 * target + 10000 ))" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mvn -q -B -Pjmh -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/classpath.txt" >/dev/null
java -Xmx4g -cp "target/test-classes:target/classes:$(cat "$work/classpath.txt")" io.anonkit.bench.TunnelCapacity \
  "$target" "$step" "$heap"
