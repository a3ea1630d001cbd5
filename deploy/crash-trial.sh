#!/usr/bin/env bash
# Crash trial: are acknowledged writes kept when Ballast and its embedded PostgreSQL die with SIGKILL?
#
#   deploy/crash-trial.sh [--trials 10] [--mode both|ballast] [--writers 4] [--min-delay 2] [--max-delay 8] [--jar J]
#
# Starts the service jar on a fresh BALLAST_HOME, runs N writers that create HA resources through
# POST /api/v1/resources and record every 2xx answer, kills at a random moment (mode "both": Ballast and the
# postmaster with its backends, all at once; mode "ballast": Ballast only), restarts on the same home and
# counts the acknowledged resources, and their audit rows (audit_event), that are missing. The restart of one
# trial is the start of the next, and every check covers all writes acknowledged so far. Needs java, curl and
# psql; builds the jar if there is none (--jar runs another build, e.g. an older version for comparison).
# Exit status 1 when anything acknowledged is missing or a start fails.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

trials=10 mode=both writers=4 min_delay=2 max_delay=8 jar=""
while [ $# -gt 0 ]; do
  case "$1" in
    --trials) trials="$2"; shift 2 ;;
    --mode) mode="$2"; shift 2 ;;
    --writers) writers="$2"; shift 2 ;;
    --min-delay) min_delay="$2"; shift 2 ;;
    --max-delay) max_delay="$2"; shift 2 ;;
    --jar) jar="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
case "$mode" in both|ballast) ;; *) echo "--mode must be both or ballast" >&2; exit 2 ;; esac

[ -n "$jar" ] || jar="$(ls "$root"/app/target/ballast-app-*-exec.jar 2>/dev/null | head -1 || true)"
if [ -z "$jar" ]; then
  (cd "$root" && mvn -B -ntp -q -DskipTests package -pl app -am >&2)
  jar="$(ls "$root"/app/target/ballast-app-*-exec.jar | head -1)"
fi

home="$(mktemp -d "${TMPDIR:-/tmp}/ballast-crash.XXXXXX")"
cp "$jar" "$home/ballast.jar"          # a rebuild during the trial must not change what runs
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
http_port="$(free_port)"; pg_port="$(free_port)"
api="http://127.0.0.1:$http_port/api/v1"
jvm="" start_secs=""

# the embedded database takes passwords only (the app role ballast owns database ballast); the first start
# writes the password file and the admin token next to the data
psql_q() { PGPASSWORD="$(cat "$home/data/pg.ballast.password")" psql -X -A -t -q -h 127.0.0.1 -p "$pg_port" \
  -U ballast -d ballast -c "$1"; }
auth() { echo "Authorization: Bearer $(cat "$home/data/admin.token")"; }

cleanup() {
  [ -n "$jvm" ] && kill -TERM "$jvm" 2>/dev/null && wait "$jvm" 2>/dev/null || true
}
trap cleanup EXIT

# start <n>: starts Ballast, waits until the API answers; sets jvm and start_secs
start() {
  local n="$1" t0; t0=$(date +%s.%N)
  if curl -s -o /dev/null -m 2 "$api/status"; then
    echo "port $http_port already answers before start $n: not our Ballast" >&2; return 1
  fi
  BALLAST_HOME="$home" java ${JAVA_OPTS:-} -jar "$home/ballast.jar" --server.port="$http_port" \
    --ballast.db.embedded.port="$pg_port" > "$home/ballast-$n.log" 2>&1 &
  jvm=$!
  for _ in $(seq 1 600); do
    if curl -sf -o /dev/null "http://127.0.0.1:$http_port/actuator/health" && kill -0 "$jvm" 2>/dev/null; then
      start_secs=$(echo "$(date +%s.%N) $t0" | awk '{printf "%.1f", $1 - $2}'); return 0
    fi
    if ! kill -0 "$jvm" 2>/dev/null; then break; fi
    sleep 0.3
  done
  echo "start $n failed; last lines of $home/ballast-$n.log:" >&2
  tail -20 "$home/ballast-$n.log" >&2
  return 1
}

# writer <trial> <w>: creates vm:<id> resources until the stop file appears; appends acknowledged sids
writer() {
  local trial="$1" w="$2" i=0 sid code
  while [ ! -e "$home/stop" ]; do
    sid="vm:$((1000 + trial * 100000 + w * 20000 + i))"
    code=$(curl -s -o /dev/null -w '%{http_code}' -m 10 -X POST -H 'Content-Type: application/json' -H "$(auth)" \
      -d "{\"sid\":\"$sid\"}" "$api/resources" || true)
    case "$code" in 2??) echo "$sid" >> "$home/acked.$trial.$w" ;; esac
    i=$((i + 1))
  done
}

echo "crash trial: $trials trials, mode $mode, $writers writers, kill after ${min_delay}-${max_delay} s; home $home"
echo "load before: $(uptime)"
touch "$home/acked.all"
failures=0 missing_total=0 audit_missing_total=0 acked_total=0
printf '%-5s %-8s %-7s %-7s %-9s %-8s %-8s %-8s\n' trial start_s kill_s acked acked_sum missing audit_mis unacked
start 0 || exit 1
echo "first start: ${start_secs} s"
for trial in $(seq 1 "$trials"); do
  rm -f "$home/stop"
  pids=()
  for w in $(seq 0 $((writers - 1))); do writer "$trial" "$w" & pids+=($!); done
  delay=$(awk -v a="$min_delay" -v b="$max_delay" -v r="$RANDOM" 'BEGIN { printf "%.2f", a + (b - a) * r / 32767 }')
  sleep "$delay"
  pm="$(head -1 "$home/data/pg/postmaster.pid" 2>/dev/null || true)"
  if [ "$mode" = both ] && [ -n "$pm" ]; then
    backends="$(ps -o pid= --ppid "$pm" | tr '\n' ' ')"
    # shellcheck disable=SC2086
    kill -KILL "$jvm" "$pm" $backends 2>/dev/null || true
  else
    kill -KILL "$jvm" 2>/dev/null || true
  fi
  wait "$jvm" 2>/dev/null || true
  if kill -0 "$jvm" 2>/dev/null; then echo "Ballast pid $jvm survived kill -9" >&2; exit 1; fi
  jvm=""
  touch "$home/stop"
  wait "${pids[@]}" 2>/dev/null || true
  cat "$home"/acked."$trial".* 2>/dev/null | sort -u > "$home/acked.trial" || true
  acked=$(wc -l < "$home/acked.trial")
  sort -u "$home/acked.all" "$home/acked.trial" -o "$home/acked.all"
  acked_sum=$(wc -l < "$home/acked.all")

  if ! start "$trial.restart"; then failures=$((failures + 1)); break; fi
  psql_q "SELECT sid FROM ha_resource" | sort -u > "$home/present"
  psql_q "SELECT entity_id FROM audit_event WHERE entity_type = 'resource' AND operation = 'create'" | sort -u > "$home/audited"
  missing=$(comm -23 "$home/acked.all" "$home/present" | wc -l)
  audit_missing=$(comm -23 "$home/acked.all" "$home/audited" | wc -l)
  unacked=$(comm -13 "$home/acked.all" "$home/present" | wc -l)   # committed, answer lost in the kill
  missing_total=$missing; audit_missing_total=$audit_missing   # acked.all only grows: the last check counts all
  acked_total=$acked_sum
  printf '%-5s %-8s %-7s %-7s %-9s %-8s %-8s %-8s\n' "$trial" "$start_secs" "$delay" "$acked" "$acked_sum" "$missing" "$audit_missing" "$unacked"
done
echo "load after: $(uptime)"
echo "summary: $trials trials (mode $mode), $acked_total acknowledged writes, missing after the restarts: $missing_total resources, $audit_missing_total audit rows; failed starts: $failures"
[ "$missing_total" -eq 0 ] && [ "$audit_missing_total" -eq 0 ] && [ "$failures" -eq 0 ]
