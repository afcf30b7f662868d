#!/usr/bin/env bash
# A spike of page views through the kit in front of an nginx standing in for Qlik that serves real-sized static files
# (the qlik-embed loader's own files, from the npm package the build downloads), with and without the asset cache:
# how many requests reach "Qlik" per page view, cold (an empty cache) and warm (the same spike again), and the
# visitors' p50/p99 asset latency. Views come from ADDRESSES client addresses (127.0.x.y), CONCURRENCY at once.
# The files get ETag and Last-Modified from nginx and Cache-Control: public, max-age=3600, as static files do; the
# answers carry no Set-Cookie, as Qlik sends none to a request with a valid session (the kit's pooled one). Each view
# also fetches /qps/csrftoken, as qlik-embed does before its engine WebSocket opens; the kit answers it from the pooled
# session's token, so those requests are counted apart (they do not depend on the cache).
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
# A page view also fetches a CSRF token before its engine WebSocket opens: the kit answers it from its pooled session.
requests=("${assets[@]}" /qps/csrftoken)
start_upstream "
    location /hdr/resources/ {
      root $work/www;
      access_log $work/assets.log;
      add_header Cache-Control \"public, max-age=3600\";
    }
    location = /hdr/qps/csrftoken {
      access_log $work/tokens.log;
      add_header qlik-csrf-token bench-token;
      return 200 \"\";
    }"
mvn -q -B -Pjmh -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/classpath.txt" >/dev/null
spike() {
  "$java_command" -cp "target/test-classes:target/classes:$(cat "$work/classpath.txt")" io.anonkit.bench.AssetSpike \
    "http://127.0.0.1:$kit_port/qlik" "$views" "$addresses" "$concurrency" "${requests[@]}"
}
asked() { [ -f "$work/assets.log" ] && wc -l < "$work/assets.log" || echo 0; }
tokens() { [ -f "$work/tokens.log" ] && wc -l < "$work/tokens.log" || echo 0; }
for cache in 64MB 0; do
  : > "$work/assets.log" 2>/dev/null || true
  ANONKIT_CACHE_SIZE=$cache start_kit
  before=$(asked)
  tokens_before=$(tokens)
  cold=$(spike)
  after_cold=$(asked)
  tokens_cold=$(tokens)
  warm=$(spike)
  after_warm=$(asked)
  tokens_warm=$(tokens)
  echo "cache=$cache assets_per_view=${#assets[@]} csrf_tokens_per_view=1 (the kit's start and pool fetch a token too)"
  echo "  cold: $cold upstream_asset_requests=$((after_cold - before)) per_view=$(awk "BEGIN{printf \"%.3f\", ($after_cold - $before) / $views}") upstream_token_requests=$((tokens_cold - tokens_before))"
  echo "  warm: $warm upstream_asset_requests=$((after_warm - after_cold)) per_view=$(awk "BEGIN{printf \"%.3f\", ($after_warm - $after_cold) / $views}") upstream_token_requests=$((tokens_warm - tokens_cold))"
  kill "$kit_pid"; wait "$kit_pid" 2>/dev/null || true
done
