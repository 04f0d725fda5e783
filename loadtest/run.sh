#!/usr/bin/env bash
# One command: a headless locust run against the local two-instance topology.
#
#   loadtest/run.sh                 the full run: 4,000 users (50 coaches), ramp 20/s, 10 min
#   loadtest/run.sh --smoke         200 users (5 coaches), ramp 20/s, 30 s; 404s reported, not failed
#   loadtest/run.sh --users N --spawn-rate R --run-time 5m --coaches C --label NAME
#
# It brings the topology up (deploy/local.sh up: migrates and seeds gymintel_loadtest
# when empty), writes access tokens with `manage.py loadtest_tokens`, samples PostgreSQL,
# PgBouncer and worker memory during the run, and prints a Markdown summary (also saved
# as loadtest/out/<label>/summary.md). The topology is left running; stop it with
# deploy/local.sh down. The load generator shares the machine's cores with the app.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=$ROOT/.venv/bin

USERS=4000 SPAWN_RATE=20 RUN_TIME=10m COACHES=50 SMOKE=0 LABEL=""
WAIT_MIN=${LOADTEST_WAIT_MIN:-5} WAIT_MAX=${LOADTEST_WAIT_MAX:-15}
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) SMOKE=1 USERS=200 SPAWN_RATE=20 RUN_TIME=30s COACHES=5; shift ;;
    --users) USERS=$2; shift 2 ;;
    --spawn-rate) SPAWN_RATE=$2; shift 2 ;;
    --run-time) RUN_TIME=$2; shift 2 ;;
    --coaches) COACHES=$2; shift 2 ;;
    --label) LABEL=$2; shift 2 ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
LABEL=${LABEL:-$(date -u +%Y%m%dT%H%M%SZ)-u$USERS}
OUT=$ROOT/loadtest/out/$LABEL
mkdir -p "$OUT"
HOST=http://127.0.0.1:${NGINX_PORT:-8480}
DB_NAME=${DEPLOY_DB_NAME:-gymintel_loadtest}

deploy/local.sh up

echo "==> Tokens and challenge ids"
(
  eval "$(deploy/local.sh env)"
  # Valid for the ramp, the run and a margin: an expiring token mid-run would show as 401s.
  "$VENV/python" manage.py loadtest_tokens --out "$OUT/tokens.json" --lifetime 7200 -v0
  "$VENV/python" loadtest/prepare.py "$OUT/meta.json"
)

cat >"$OUT/run.json" <<JSON
{"label": "$LABEL", "users": $USERS, "coaches": $COACHES, "spawn_rate": $SPAWN_RATE,
 "run_time": "$RUN_TIME", "wait": "$WAIT_MIN-$WAIT_MAX", "host": "$HOST", "smoke": $SMOKE,
 "started": "$(date -u +%FT%TZ)", "cpus": $(nproc)}
JSON

echo "==> Sampling PostgreSQL, PgBouncer and worker memory"
pidfiles=()
for pf in deploy/run/pids/app*.pid deploy/run/pids/celery.pid; do pidfiles+=(--pidfile "$pf"); done
"$VENV/python" loadtest/sample.py --db "$DB_NAME" \
  --pgbouncer "postgresql://postgres:postgres@127.0.0.1:${PGBOUNCER_PORT:-6439}/pgbouncer" \
  "${pidfiles[@]}" --out "$OUT/samples.json" &
SAMPLER=$!
trap 'kill -TERM $SAMPLER 2>/dev/null || true' EXIT

echo "==> locust: $USERS users at $SPAWN_RATE/s, then $RUN_TIME (logs in $OUT/locust.log)"
# --run-time counts from the start, ramp included: add the ramp so the plateau lasts RUN_TIME.
ramp=$(( (USERS + SPAWN_RATE - 1) / SPAWN_RATE ))
plateau=$("$VENV/python" -c "import sys; s=sys.argv[1]; m={'s':1,'m':60,'h':3600}; print(int(s[:-1])*m[s[-1]] if s[-1] in m else int(s))" "$RUN_TIME")
set +e
LOADTEST_TOKENS=$OUT/tokens.json LOADTEST_META=$OUT/meta.json LOADTEST_EXTRA_OUT=$OUT/extra.json \
LOADTEST_COACHES=$COACHES LOADTEST_SMOKE=$SMOKE LOADTEST_WAIT_MIN=$WAIT_MIN LOADTEST_WAIT_MAX=$WAIT_MAX \
  "$VENV/locust" -f loadtest/locustfile.py --headless --host "$HOST" \
  --users "$USERS" --spawn-rate "$SPAWN_RATE" --run-time "$((ramp + plateau))s" \
  --reset-stats --stop-timeout 20 --only-summary --csv "$OUT/locust" \
  >"$OUT/locust.log" 2>&1
status=$?
set -e

kill -TERM $SAMPLER 2>/dev/null || true
wait $SAMPLER 2>/dev/null || true
trap - EXIT
rm -f "$OUT/tokens.json"  # credentials: not kept beside the results

"$VENV/python" loadtest/summary.py "$OUT"
echo "(locust exit status $status; raw files in $OUT)"
exit $status
