#!/usr/bin/env bash
# A spike of page views through the kit in front of an nginx standing in for Qlik that serves real-sized static files
# (the qlik-embed loader's own files, from the npm package the build downloads), with and without the asset cache:
# how many requests reach "Qlik" per page view, cold (an empty cache) and warm (the same spike again), and the
# visitors' p50/p99 asset latency. Views come from ADDRESSES client addresses (127.0.x.y), CONCURRENCY at once.
# The files get ETag and Last-Modified from nginx and Cache-Control: public, max-age=3600, as static files do; the
# answers carry no Set-Cookie, as Qlik sends none to a request with a valid session (the kit's pooled one).
# Needs: a built WAR (mvn -B package -DskipTests), the jmh profile's classes, and the Debian package nginx.
# Usage: src/bench/cache-spike.sh [views] [addresses] [concurrency]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
views="${1:-2000}"
addresses="${2:-500}"
concurrency="${3:-64}"
. "$here/gateways.sh"
files=target/qlik-embed-npm/package/dist
[ -d "$files" ] || { echo "build first: mvn -B package -DskipTests (it downloads the qlik-embed package)" >&2; exit 1; }
mkdir -p "$work/www/hdr/resources/embed"
cp "$files"/*.js "$work/www/hdr/resources/embed/"
assets=()
for file in "$work/www/hdr/resources/embed/"*.js; do assets+=("/resources/embed/$(basename "$file")"); done
start_upstream "
    location /hdr/resources/ {
      root $work/www;
      access_log $work/assets.log;
      add_header Cache-Control \"public, max-age=3600\";
    }"
mvn -q -B -Pjmh -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/classpath.txt" >/dev/null
spike() {
  "$java_command" -cp "target/test-classes:target/classes:$(cat "$work/classpath.txt")" io.anonkit.bench.AssetSpike \
    "http://127.0.0.1:$kit_port/qlik" "$views" "$addresses" "$concurrency" "${assets[@]}"
}
asked() { [ -f "$work/assets.log" ] && wc -l < "$work/assets.log" || echo 0; }
for cache in 64MB 0; do
  : > "$work/assets.log" 2>/dev/null || true
  ANONKIT_CACHE_SIZE=$cache start_kit
  before=$(asked)
  cold=$(spike)
  after_cold=$(asked)
  warm=$(spike)
  after_warm=$(asked)
  echo "cache=$cache assets_per_view=${#assets[@]}"
  echo "  cold: $cold upstream_requests=$((after_cold - before)) per_view=$(awk "BEGIN{printf \"%.3f\", ($after_cold - $before) / $views}")"
  echo "  warm: $warm upstream_requests=$((after_warm - after_cold)) per_view=$(awk "BEGIN{printf \"%.3f\", ($after_warm - $after_cold) / $views}")"
  kill "$kit_pid"; wait "$kit_pid" 2>/dev/null || true
done
