#!/usr/bin/env bash
# JMH: what the metrics cost per proxied request, per relayed engine frame and per scrape, with allocation (GC profiler).
# Extra arguments go to JMH, for example: src/bench/metrics.sh -f 3
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -B -Pjmh -DskipTests test-compile
mvn -q -B -Pjmh exec:exec -Djmh.args="MetricsBenchmark -prof gc -rf text -rff target/jmh-metrics.txt $*"
