#!/usr/bin/env bash
# The production topology on loopback, for load tests and cross-instance tests:
#
#   client ─► nginx :8480 ─┬─► gunicorn app1 :8481 ─┐
#                          └─► gunicorn app2 :8482 ─┼─► PgBouncer :6439 ─► PostgreSQL :5432
#                              Celery worker + beat ┘          (transaction pooling, cap 20)
#             all of them ─► Redis :6379 (cache, sessions, broker)
#             AI chat ─► fake Claude :8489 (loadtest/fake_claude.py: never the real, paid API)
#
#   deploy/local.sh up       start what is not running (idempotent), wait for /healthz/
#   deploy/local.sh down     stop everything it started (idempotent)
#   deploy/local.sh status   what runs, health through nginx, connections in PostgreSQL
#   deploy/local.sh restart  down, then up
#   deploy/local.sh env      the app's environment as `export` lines (for manage.py runs)
#
# Everything lives in deploy/run/ (git-ignored): rendered configs, pid files, logs/.
# The database (gymintel_loadtest) is migrated on every `up` and seeded when empty:
# 10 gyms x 400 members, 5 coaches per gym, 30 days of history.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

export RUN=${DEPLOY_RUN_DIR:-$ROOT/deploy/run}
LOGS=$RUN/logs
PIDS=$RUN/pids
export NGINX_PORT=${NGINX_PORT:-8480}
read -r -a APP_PORTS <<<"${APP_PORTS:-8481 8482}"
export PGBOUNCER_PORT=${PGBOUNCER_PORT:-6439}
export PGBOUNCER_POOL_SIZE=${PGBOUNCER_POOL_SIZE:-20}
export PG_HOST=127.0.0.1 PG_PORT=5432 PG_USER=postgres
PG_PASSWORD=postgres
export DB_NAME=${DEPLOY_DB_NAME:-gymintel_loadtest}
REDIS=${DEPLOY_REDIS_URL:-redis://127.0.0.1:6379/7}
CELERY_CONCURRENCY=${CELERY_CONCURRENCY:-2}
FAKE_CLAUDE_PORT=${FAKE_CLAUDE_PORT:-8489}
FAKE_CLAUDE_DELAY=${FAKE_CLAUDE_DELAY:-2.0}
export STATIC_ROOT=$ROOT/staticfiles
VENV=$ROOT/.venv/bin
BASE_URL=http://127.0.0.1:$NGINX_PORT

log() { echo "==> $*"; }
die() { echo "error: $*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }
is_root() { [ "$(id -u)" = 0 ]; }
pid_of() { [ -s "$1" ] && cat "$1" || true; }
alive() { local pid; pid=$(pid_of "$1"); [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }
psql_pg() { PGPASSWORD=$PG_PASSWORD psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -X -At "$@"; }

# The environment every app process (gunicorn, Celery, manage.py) gets.
app_env() {
  cat <<EOF
DATABASE_URL=postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$PGBOUNCER_PORT/$DB_NAME
DB_PGBOUNCER=1
REDIS_URL=$REDIS
CACHE_KEY_PREFIX=loadtest
DEBUG=0
MEDIA_ROOT=$RUN/media
WEB_CONCURRENCY=${WEB_CONCURRENCY:-2}
GUNICORN_THREADS=${GUNICORN_THREADS:-4}
GUNICORN_ACCESSLOG=${APP_ACCESSLOG:-off}
ANTHROPIC_API_KEY=sk-ant-test-fake-key
ANTHROPIC_BASE_URL=http://127.0.0.1:$FAKE_CLAUDE_PORT
EOF
}
# Run a command with the app environment (and extra VAR=value words first).
with_app_env() {
  env $(app_env | xargs) "$@"
}

ensure_tools() {
  local missing=()
  have nginx || missing+=(nginx)
  have pgbouncer || missing+=(pgbouncer)
  have psql || missing+=(postgresql-client)
  if [ ${#missing[@]} -gt 0 ]; then
    is_root || die "missing ${missing[*]}: install them (apt-get install ${missing[*]}) and retry"
    log "Installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  [ -x "$VENV/gunicorn" ] || die ".venv is missing: run scripts/test or pip install -r requirements-dev.txt"
  # PostgreSQL and Redis: the machine's own (scripts/services.sh starts them if stopped).
  if ! pg_isready -q -h "$PG_HOST" -p "$PG_PORT" || [ "$(redis-cli -u "$REDIS" ping 2>/dev/null)" != PONG ]; then
    scripts/services.sh ensure
  fi
}

prepare_database() {
  if [ -z "$(psql_pg -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" ]; then
    log "Creating database $DB_NAME"
    psql_pg -c "CREATE DATABASE $DB_NAME" >/dev/null
  fi
  # Migrations go straight to PostgreSQL, not through PgBouncer: DDL and its locks
  # belong on one session.
  local direct=postgres://$PG_USER:$PG_PASSWORD@$PG_HOST:$PG_PORT/$DB_NAME
  log "Migrating $DB_NAME"
  with_app_env DATABASE_URL="$direct" DB_PGBOUNCER=0 "$VENV/python" manage.py migrate --noinput -v0
  log "Seeding $DB_NAME when empty (10 gyms x 400 members, 5 coaches each)"
  with_app_env DATABASE_URL="$direct" DB_PGBOUNCER=0 "$VENV/python" manage.py seed_demo \
    --gyms "${SEED_GYMS:-10}" --members-per-gym "${SEED_MEMBERS:-400}" \
    --coaches-per-gym "${SEED_COACHES:-5}" --days "${SEED_DAYS:-30}" --if-empty -v0
  log "Collecting static files into staticfiles/ (nginx serves /static/)"
  with_app_env "$VENV/python" manage.py collectstatic --noinput -v0
}

render() {  # render TEMPLATE OUT: substitute only our ${VARS}, never nginx's $vars
  envsubst '${RUN} ${NGINX_PORT} ${NGINX_USER_LINE} ${UPSTREAM_SERVERS} ${STATIC_ROOT}
            ${PGBOUNCER_PORT} ${PGBOUNCER_POOL_SIZE} ${PG_HOST} ${PG_PORT} ${PG_USER} ${DB_NAME}' \
    <"$1" >"$2"
}

start_pgbouncer() {
  local pidfile=$RUN/pgbouncer/pgbouncer.pid
  if alive "$pidfile"; then log "PgBouncer already running"; return; fi
  mkdir -p "$RUN/pgbouncer"
  render deploy/local/pgbouncer.ini.template "$RUN/pgbouncer/pgbouncer.ini"
  printf '"%s" "%s"\n' "$PG_USER" "$PG_PASSWORD" >"$RUN/pgbouncer/userlist.txt"
  chmod 600 "$RUN/pgbouncer/userlist.txt"
  touch "$LOGS/pgbouncer.log"
  local as=()
  if is_root; then
    # PgBouncer refuses to run as root: it drops to the postgres user.
    chown -R postgres "$RUN/pgbouncer" "$LOGS/pgbouncer.log"
    as=(-u postgres)
  fi
  log "Starting PgBouncer on 127.0.0.1:$PGBOUNCER_PORT (transaction pooling, cap $PGBOUNCER_POOL_SIZE)"
  pgbouncer -d "${as[@]}" "$RUN/pgbouncer/pgbouncer.ini"
  for _ in $(seq 1 50); do alive "$pidfile" && return; sleep 0.1; done
  die "PgBouncer did not start: see $LOGS/pgbouncer.log"
}

start_fake_claude() {
  if alive "$PIDS/fake-claude.pid"; then log "fake Claude already running"; return; fi
  log "Starting fake Claude on 127.0.0.1:$FAKE_CLAUDE_PORT (answers after $FAKE_CLAUDE_DELAY s)"
  nohup "$VENV/python" loadtest/fake_claude.py --port "$FAKE_CLAUDE_PORT" \
    --delay "$FAKE_CLAUDE_DELAY" >>"$LOGS/fake-claude.log" 2>&1 &
  echo $! >"$PIDS/fake-claude.pid"
}

start_apps() {
  local i=0 port
  for port in "${APP_PORTS[@]}"; do
    i=$((i + 1))
    if alive "$PIDS/app$i.pid"; then log "app$i already running"; continue; fi
    log "Starting app$i (gunicorn) on 127.0.0.1:$port"
    with_app_env DB_APPLICATION_NAME="gymintel-app$i" GUNICORN_PROC_NAME="gymintel-app$i" \
      GUNICORN_ERRORLOG="$LOGS/app$i.log" GUNICORN_CONTROL_SOCKET="$RUN/app$i.ctl" \
      "$VENV/gunicorn" -c gunicorn.conf.py --bind "127.0.0.1:$port" \
      --pid "$PIDS/app$i.pid" --daemon gymintel.wsgi
  done
}

start_celery() {
  if alive "$PIDS/celery.pid"; then log "Celery already running"; return; fi
  log "Starting a Celery worker with beat (concurrency $CELERY_CONCURRENCY)"
  with_app_env DB_APPLICATION_NAME=gymintel-celery "$VENV/celery" --workdir "$ROOT" -A gymintel worker -B \
    --concurrency "$CELERY_CONCURRENCY" --schedule "$RUN/celerybeat-schedule" \
    --pidfile "$PIDS/celery.pid" --logfile "$LOGS/celery.log" --loglevel INFO --detach
}

start_nginx() {
  if alive "$RUN/nginx/nginx.pid"; then log "nginx already running"; return; fi
  mkdir -p "$RUN/nginx/tmp"
  local port servers=""
  for port in "${APP_PORTS[@]}"; do
    servers+="        server 127.0.0.1:$port max_fails=3 fail_timeout=10s;"$'\n'
  done
  export UPSTREAM_SERVERS=$servers
  # As root the workers drop to www-data, like Debian's own nginx.
  export NGINX_USER_LINE=""
  if is_root; then
    NGINX_USER_LINE="user www-data;"
    chown -R www-data "$RUN/nginx/tmp"
  fi
  render deploy/local/nginx.conf.template "$RUN/nginx/nginx.conf"
  nginx -t -q -p "$RUN/nginx" -c "$RUN/nginx/nginx.conf" -e "$LOGS/nginx-error.log"
  log "Starting nginx on $BASE_URL"
  nginx -p "$RUN/nginx" -c "$RUN/nginx/nginx.conf" -e "$LOGS/nginx-error.log"
}

wait_healthy() {
  log "Waiting for $BASE_URL/healthz/ through nginx"
  for _ in $(seq 1 120); do
    if curl -fsS -o /dev/null "$BASE_URL/healthz/" 2>/dev/null; then
      log "Healthy: $(curl -sS "$BASE_URL/healthz/")"
      return
    fi
    sleep 0.5
  done
  die "not healthy after 60 s: see $LOGS/"
}

stop_pidfile() {  # stop_pidfile NAME PIDFILE [SIGNAL]: TERM, wait, then KILL
  local name=$1 pidfile=$2 sig=${3:-TERM} pid
  pid=$(pid_of "$pidfile")
  if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then rm -f "$pidfile"; return; fi
  log "Stopping $name (pid $pid)"
  kill "-$sig" "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "warning: $name did not stop in 30 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

up() {
  mkdir -p "$LOGS" "$PIDS" "$RUN/media"
  ensure_tools
  prepare_database
  start_pgbouncer
  start_fake_claude
  start_apps
  start_celery
  start_nginx
  wait_healthy
  status_line
}

down() {
  # Front to back, so no request arrives at something already gone.
  stop_pidfile nginx "$RUN/nginx/nginx.pid" QUIT
  local i
  for i in $(seq 1 ${#APP_PORTS[@]}); do stop_pidfile "app$i" "$PIDS/app$i.pid"; done
  stop_pidfile celery "$PIDS/celery.pid"
  stop_pidfile "fake Claude" "$PIDS/fake-claude.pid"
  stop_pidfile pgbouncer "$RUN/pgbouncer/pgbouncer.pid"
}

status_line() {
  local n
  n=$(psql_pg -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$DB_NAME'" 2>/dev/null || echo "?")
  echo "PostgreSQL connections to $DB_NAME: $n (PgBouncer cap $PGBOUNCER_POOL_SIZE)"
  echo "logs: $LOGS/   base URL: $BASE_URL"
}

status() {
  local i up_count=0 total=0
  check() {
    total=$((total + 1))
    if alive "$2"; then up_count=$((up_count + 1)); echo "  $1: running (pid $(pid_of "$2"))"
    else echo "  $1: stopped"; fi
  }
  check pgbouncer "$RUN/pgbouncer/pgbouncer.pid"
  for i in $(seq 1 ${#APP_PORTS[@]}); do check "app$i" "$PIDS/app$i.pid"; done
  check celery "$PIDS/celery.pid"
  check "fake Claude" "$PIDS/fake-claude.pid"
  check nginx "$RUN/nginx/nginx.pid"
  if curl -fsS -o /dev/null "$BASE_URL/healthz/" 2>/dev/null; then
    echo "  health: $(curl -sS "$BASE_URL/healthz/")"
  else
    echo "  health: no answer from $BASE_URL/healthz/"
  fi
  status_line
  [ "$up_count" = "$total" ]
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  restart) down; up ;;
  env) app_env | sed 's/^/export /' ;;
  *) echo "usage: $0 up|down|status|restart|env" >&2; exit 2 ;;
esac
