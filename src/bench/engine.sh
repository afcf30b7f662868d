#!/usr/bin/env bash
# JMH: the engine firewall's cost per visitor message (a layout, a data page, a selection, a refused request), with the
# engine's answer read as the tunnel reads it. Extra arguments go to JMH, for example: src/bench/engine.sh -f 3
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -B -Pjmh -DskipTests test-compile
mvn -q -B -Pjmh exec:exec -Djmh.args="EngineFirewallBenchmark -prof gc -rf text -rff target/jmh-engine.txt $*"
