#!/usr/bin/env bash
# JMH: the sanitising filter on browser header sets (15 and 25 headers, clean and spoofed), time and allocation per
# request (GC profiler). Extra arguments go to JMH, for example: src/bench/filter.sh -f 3
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -B -Pjmh -DskipTests test-compile
mvn -q -B -Pjmh exec:exec -Djmh.args="SanitiserBenchmark -prof gc -rf text -rff target/jmh-filter.txt $*"
