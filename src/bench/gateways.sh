# Shared by the benchmark scripts (source it; not run on its own): the nginx upstream standing in for a fast Qlik
# virtual proxy, the reference gateway (deploy/nginx/reference-gateway.conf, nginx doing the kit's strip and inject with
# one worker per core), the kit under java -jar, and CPU accounting. Everything listens on 127.0.0.1 and is stopped on
# exit. KIT_WAR names the WAR to measure (default target/qlik-anon-kit.war), JAVA the java command that runs the JVMs
# under test (default java from PATH), for example JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java.
upstream_port=18090
reference_port=18081
kit_port=18080
work=$(mktemp -d -p "$( [ -d /dev/shm ] && echo /dev/shm || echo /tmp )")
trap 'kill "${kit_pid:-}" "${core_pid:-}" "${mitre_pid:-}" "${scg_pid:-}" 2>/dev/null || true
      nginx -p "$work" -c "$work/upstream.conf" -s stop 2>/dev/null || true
      nginx -p "$work/ref" -c "$work/ref/reference.conf" -s stop 2>/dev/null || true
      rm -rf "$work"' EXIT

java_command="${JAVA:-java}"
for tool in wrk nginx "$java_command" curl; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install wrk nginx curl" >&2; exit 1; }
done
war="${KIT_WAR:-target/qlik-anon-kit.war}"
[ -f "$war" ] || { echo "build first: mvn -B package -DskipTests" >&2; exit 1; }
user_line=""
[ "$(id -u)" = 0 ] && user_line="user root;"

# start_upstream LOCATIONS: nginx with one worker on $upstream_port, the session cookie a Qlik virtual proxy sets on
# every answer, and the given location blocks (a catch-all /hdr/ answering "ok" comes after them, for /qps/user).
start_upstream() {
  cat > "$work/upstream.conf" <<NGINX
$user_line
worker_processes 1;
error_log $work/upstream-error.log;
pid $work/upstream.pid;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  client_body_temp_path $work;
  client_max_body_size 0;
  server {
    listen 127.0.0.1:$upstream_port;
    keepalive_requests 1000000;
    add_header Set-Cookie "X-Qlik-Session-hdr=bench-session; Path=/; HttpOnly";
    $1
    location /hdr/ {
      default_type text/plain;
      return 200 "ok";
    }
  }
}
NGINX
  nginx -p "$work" -c "$work/upstream.conf"
}

# start_reference: deploy/nginx/reference-gateway.conf with its site lines set, on $reference_port.
start_reference() {
  mkdir -p "$work/ref"
  sed -e "s/server 127.0.0.1:4243;/server 127.0.0.1:$upstream_port;/" \
      -e "s/listen 127.0.0.1:8081;/listen 127.0.0.1:$reference_port;/" deploy/nginx/reference-gateway.conf > "$work/ref/site.conf"
  cat > "$work/ref/reference.conf" <<NGINX
$user_line
worker_processes auto;
error_log $work/ref/error.log;
pid $work/ref/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/ref;
  proxy_temp_path $work/ref;
  client_max_body_size 0;
  keepalive_requests 1000000;
  include $work/ref/site.conf;
}
NGINX
  nginx -p "$work/ref" -c "$work/ref/reference.conf"
}

# start_kit [JVM options...]: java -jar of the WAR on $kit_port in front of the upstream; waits for /health.
# The load generator is one client standing for many visitors, so the per-client request limit is lifted; the kit still
# runs it, as it runs the access policy (the small GET asks for /qlik/resources/, which the embed profile allows).
start_kit() {
  ANONKIT_HOME="$work/home" ANONKIT_PORT=$kit_port ANONKIT_BIND_ADDRESS=127.0.0.1 \
    ANONKIT_REQUESTS_PER_SECOND=1000000 ANONKIT_REQUEST_BURST=1000000 ANONKIT_ACCESS_LOG=off \
    ANONKIT_UPSTREAM="http://127.0.0.1:$upstream_port/hdr" "$java_command" "$@" -jar "$war" > "$work/kit.log" 2>&1 &
  kit_pid=$!
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$kit_port/health" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "the kit did not start:" >&2
  cat "$work/kit.log" >&2
  exit 1
}

# ticks PID...: CPU ticks (user + system) of the processes, all their threads included.
ticks() {
  local total=0 pid
  for pid in "$@"; do
    total=$(( total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat") ))
  done
  echo "$total"
}

# nginx_pids PIDFILE: an nginx master and its workers.
nginx_pids() {
  local master
  master=$(cat "$1")
  echo "$master" $(pgrep -P "$master")
}

hz=$(getconf CLK_TCK)

# run URL LABEL PID...: one wrk measurement of URL (-t2, $connections connections, $duration seconds), with the CPU
# time of the PIDs per request.
run() {
  local url=$1 label=$2 before after
  shift 2
  before=$(ticks "$@")
  wrk -t2 -c"$connections" -d"${duration}s" --latency "$url" > "$work/wrk.txt"
  after=$(ticks "$@")
  awk -v label="$label" -v cpu=$(( after - before )) -v hz="$hz" '
    /Requests\/sec/ { rps = $2 }
    /requests in/ { count = $1 }
    /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 }
    /Non-2xx/ { errors = $4 }
    END { printf "%-12s requests/s %10s   p50 %8s   p99 %8s   cpu/req %6.1f us%s\n", label, rps, p50, p99,
                 cpu / hz * 1e6 / count, errors ? "   NON-2XX " errors : "" }' "$work/wrk.txt"
}
