#!/usr/bin/env bash
# 1 GiB each way, in one run on one machine, three ways: direct to the upstream (nginx: the download with sendfile,
# the upload by WebDAV PUT into memory), through the reference gateway (nginx, deploy/nginx/reference-gateway.conf),
# and through the kit under java -jar with a 64 MiB heap. Files live in /dev/shm where it exists (about 3.5 GiB at
# the peak). One line per round.
# Needs: a built WAR (mvn -B package -DskipTests), and the Debian packages wrk, nginx and curl.
# Usage: src/bench/streaming.sh [rounds] [extra JVM options for the kit...]   (KIT_WAR, JAVA: see gateways.sh)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
rounds="${1:-3}"
shift $(( $# > 0 ? 1 : 0 ))
. "$here/gateways.sh"
mkdir -p "$work/files/hdr" "$work/put-temp"
head -c 1073741824 /dev/zero > "$work/files/hdr/big"
start_upstream "location = /hdr/big { root $work/files; default_type application/octet-stream; }
    location = /hdr/put { root $work/files; dav_methods PUT; client_body_temp_path $work/put-temp; }"
start_reference
# The visitor profiles allow no upload and no /big: the transfer itself is measured here, so the kit runs the open profile.
ANONKIT_ACCESS_PROFILE=open start_kit -Xmx64m "$@"

# mib_per_s BYTES_PER_SECOND
mib_per_s() {
  awk -v rate="$1" 'BEGIN { printf "%d", rate / 1048576 }'
}
down() {
  mib_per_s "$(curl -fsS -o /dev/null -w '%{speed_download}' "$1/big")"
}
up() {
  mib_per_s "$(curl -fsS -o /dev/null -w '%{speed_upload}' -T "$work/files/hdr/big" "$1/put")"
}
direct="http://127.0.0.1:$upstream_port/hdr"
reference="http://127.0.0.1:$reference_port/qlik"
kit="http://127.0.0.1:$kit_port/qlik"

# The kit's JIT compiles its copy loops on the first transfers; they are not counted.
head -c 268435456 /dev/zero > "$work/warm-up"
for _ in 1 2 3; do
  curl -fsS -o /dev/null "$kit/big"
  curl -fsS -o /dev/null -T "$work/warm-up" "$kit/put"
done
rm -f "$work/warm-up"
echo "machine: $(nproc) cores, $("$java_command" -version 2>&1 | head -n 1); kit JVM options: -Xmx64m $*"
for round in $(seq 1 "$rounds"); do
  printf 'round %d  download MiB/s: direct %5s  reference %5s  kit %5s   upload MiB/s: direct %5s  reference %5s  kit %5s\n' \
    "$round" "$(down "$direct")" "$(down "$reference")" "$(down "$kit")" "$(up "$direct")" "$(up "$reference")" "$(up "$kit")"
done
