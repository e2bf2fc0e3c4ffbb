#!/usr/bin/env bash
# Load-test smoke: compiles and unit-tests the simulations, starts a local platform of its own (free
# ports, temporary data directory), runs a short basic.ApiPerformanceTest and a short
# basic.BatchPerformanceTest against it, then checks with verify-run.ts that the reports API and the
# lake hold exactly what the API accepted. Exits non-zero on any failure.
#
# Environment: SMOKE_NO_LAKE=1 checks the reports API only; SMOKE_DURATION (s, default 10),
# SMOKE_USERS_PER_SEC (default 20) and SMOKE_VERIFY_TIMEOUT (s, default 120) size the run.
set -euo pipefail
cd "$(dirname "$0")/.."
PROJECT_DIR=$PWD

DURATION=${SMOKE_DURATION:-10}
USERS_PER_SEC=${SMOKE_USERS_PER_SEC:-20}
VERIFY_TIMEOUT=${SMOKE_VERIFY_TIMEOUT:-120}
POM=$PROJECT_DIR/gatling/pom.xml
OUT=$PROJECT_DIR/gatling/target/smoke
LEDGER_DIR=$PROJECT_DIR/gatling/target/ledger
RUN_ID=smoke-$(date -u +%Y%m%dT%H%M%SZ)-$$
DATA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/sdp-smoke-XXXXXX")
PLATFORM_PID=
STEP_PID=

# stop <pid> <seconds>: SIGTERM (the platform and mvn both flush on it), SIGKILL if still running
# after <seconds>; returns the process's exit status.
stop() {
  local pid=$1 seconds=$2 state
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq $((seconds * 2))); do
    state=$(ps -o stat= -p "$pid" | tr -d " " || true)
    [[ -z $state || $state == Z* ]] && break
    sleep 0.5
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid"
}

# On any exit: stop the step in progress and the platform, remove the platform's data.
cleanup() {
  [[ -z $STEP_PID ]] || stop "$STEP_PID" 30 || true
  [[ -z $PLATFORM_PID ]] || stop "$PLATFORM_PID" 30 || true
  rm -rf "$DATA_DIR"
}
trap cleanup EXIT
# fd 3 keeps the script's stderr: a signal may arrive while a step's output goes to its log file.
exec 3>&2
trap 'echo "smoke: interrupted" >&3; exit 130' INT TERM

# step <seconds> <command...>: runs a command with a time limit, in the background so that an
# interrupt reaches the trap at once; timeout relays the trap's SIGTERM to everything the command
# started (mvn and the JVM it forks).
step() {
  local limit=$1 rc=0
  shift
  timeout -k 10 "$limit" "$@" &
  STEP_PID=$!
  wait "$STEP_PID" || rc=$?
  STEP_PID=
  return "$rc"
}

mkdir -p "$OUT"
echo "== gatling: compile and unit-test the simulations"
step 900 mvn -B -ntp -q -f "$POM" test

echo "== local platform on free ports (data in $DATA_DIR, log in $OUT/platform.log)"
# Emptied here, not by the background redirection: the loop below must not read an earlier run's URL.
: >"$OUT/platform.log"
# In its own session, so that a Ctrl-C reaches only this script, which then stops the platform itself.
PORT=0 SDP_KINESIS_PORT=0 SDP_DYNAMODB_PORT=0 SDP_DATA_DIR=$DATA_DIR \
  setsid node local/bin/sdp.mjs start >"$OUT/platform.log" 2>&1 &
PLATFORM_PID=$!
URL=
for _ in $(seq 120); do
  URL=$(sed -nE 's#^ *Ingestion API +(http://[^ ]+)/bid .*#\1#p' "$OUT/platform.log")
  [[ -n $URL ]] && break
  kill -0 "$PLATFORM_PID" 2>/dev/null || { cat "$OUT/platform.log"; echo "smoke: the platform exited" >&2; exit 1; }
  sleep 0.5
done
[[ -n $URL ]] || { cat "$OUT/platform.log"; echo "smoke: the platform printed no URL within 60 s" >&2; exit 1; }
step 30 bash -c "until curl -sf '$URL/health' >/dev/null; do sleep 0.5; done" ||
  { echo "smoke: GET $URL/health never answered 200" >&2; exit 1; }
echo "platform up at $URL"

status=0
ledgers=()
# simulate <simulation class> <run id suffix> <extra -D properties...>
simulate() {
  local simulation=$1 run_id=$RUN_ID-$2 log=$OUT/$2.log rc=0
  shift 2
  echo "== gatling: $simulation for ${DURATION}s ($log)"
  step $((DURATION + 300)) mvn -B -ntp -q -f "$POM" gatling:test \
    -Dgatling.simulationClass="$simulation" -DbaseUrl="$URL" -Dduration="$DURATION" \
    -DrunId="$run_id" -DledgerDir="$LEDGER_DIR" "$@" >"$log" 2>&1 || rc=$?
  # Gatling's own summary: the global statistics, the assertion results and where the HTML report is.
  sed -n '/---- Global Information/,/^=====/p' "$log"
  sed 's/\x1b\[[0-9;]*m//g' "$log" |
    grep -E '^(Run .* against|Ledger written|.* requests got no clear answer|Reports generated|Global: )' || true
  if [[ $rc -ne 0 ]]; then
    tail -n 40 "$log"
    echo "smoke: $simulation failed (exit $rc)" >&2
    status=1
  fi
  if [[ -f $LEDGER_DIR/$run_id.json ]]; then ledgers+=(--ledger "$LEDGER_DIR/$run_id.json"); else status=1; fi
}
simulate basic.ApiPerformanceTest api -DusersPerSec="$USERS_PER_SEC" -DrampSeconds=2
simulate basic.BatchPerformanceTest batch -DusersPerSec=2 -DrampSeconds=0 -DbatchSize=50

if [[ ${#ledgers[@]} -gt 0 ]]; then
  if [[ ${SMOKE_NO_LAKE:-} == 1 ]]; then
    lake_flag=(--no-lake) checked="the reports API (SMOKE_NO_LAKE=1)"
  else
    lake_flag=() checked="the reports API and the lake"
  fi
  echo "== verify-run: the ledgers against $checked"
  SDP_DATA_DIR=$DATA_DIR step $((2 * VERIFY_TIMEOUT + 120)) \
    npx --no-install tsx gatling/verify-run.ts "${ledgers[@]}" --base-url "$URL" \
    --timeout-seconds "$VERIFY_TIMEOUT" "${lake_flag[@]}" || status=1
fi

echo "== stopping the platform"
platform_rc=0
stop "$PLATFORM_PID" 60 || platform_rc=$?
PLATFORM_PID=
if [[ $platform_rc -ne 0 ]]; then
  echo "smoke: the platform did not stop cleanly (exit $platform_rc)" >&2
  status=1
fi

if [[ $status -eq 0 ]]; then echo "smoke: OK"; else echo "smoke: FAILED" >&2; fi
exit "$status"
