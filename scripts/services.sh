#!/usr/bin/env bash
# Make sure PostgreSQL, Redis (and Chromium for the browser test, nginx for the
# slow-client test) are available:
# start them when installed but stopped, install them with apt-get when missing and
# running as root, otherwise say clearly what is missing.
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1; }
is_root() { [ "$(id -u)" = 0 ]; }
apt_updated=0
apt_install() {
  if ! is_root; then
    echo "error: $* is missing and we are not root: install it (apt-get install $*) and retry." >&2
    exit 1
  fi
  if [ $apt_updated = 0 ]; then apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

pg_up() { have pg_isready && pg_isready -q -h 127.0.0.1 -p 5432; }
redis_up() { have redis-cli && [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = PONG ]; }

ensure_postgres() {
  if pg_up; then return; fi
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    echo "==> Installing PostgreSQL"
    apt_install postgresql
  fi
  echo "==> Starting PostgreSQL"
  local version
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
  pg_up || { echo "error: PostgreSQL does not answer on 127.0.0.1:5432" >&2; exit 1; }
  # A fresh install wants a password over TCP: give postgres the one our URL uses.
  if is_root; then
    su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null 2>&1 || true
  fi
}

ensure_redis() {
  if redis_up; then return; fi
  have redis-server || { echo "==> Installing Redis"; apt_install redis-server; }
  echo "==> Starting Redis"
  mkdir -p /tmp/gymintel-redis
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /tmp/gymintel-redis --logfile /tmp/gymintel-redis/redis.log
  for _ in $(seq 1 20); do redis_up && break; sleep 0.5; done
  redis_up || { echo "error: Redis does not answer on 127.0.0.1:6379" >&2; exit 1; }
}

ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then return; fi
  if is_root; then
    echo "==> Installing Chromium (browser test)"
    apt_install chromium
  else
    echo "warning: /usr/bin/chromium is missing; the browser test will be skipped." >&2
  fi
}

ensure_nginx() {
  if have nginx || [ -x /usr/sbin/nginx ]; then return; fi
  if is_root; then
    echo "==> Installing nginx (slow-client test: the documented proxy in front of gunicorn)"
    apt_install nginx-light
  else
    echo "warning: nginx is missing; the slow-client test will be skipped." >&2
  fi
}

case "${1:-ensure}" in
  ensure) ensure_postgres; ensure_redis; ensure_chromium; ensure_nginx ;;
  *) echo "usage: $0 ensure" >&2; exit 2 ;;
esac
