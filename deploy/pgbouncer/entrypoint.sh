#!/bin/sh
# Render pgbouncer.ini and the auth file from the environment, then run in the foreground.
set -eu
: "${DB_HOST:?}" "${DB_NAME:?}" "${DB_USER:?}" "${DB_PASSWORD:?}"
export DB_PORT="${DB_PORT:-5432}" POOL_SIZE="${POOL_SIZE:-20}" MAX_CLIENT_CONN="${MAX_CLIENT_CONN:-1000}"
envsubst '${DB_HOST} ${DB_PORT} ${DB_NAME} ${DB_USER} ${POOL_SIZE} ${MAX_CLIENT_CONN}' \
  </etc/pgbouncer/pgbouncer.ini.template >/etc/pgbouncer/pgbouncer.ini
umask 077
printf '"%s" "%s"\n' "$DB_USER" "$DB_PASSWORD" >/etc/pgbouncer/userlist.txt
exec pgbouncer /etc/pgbouncer/pgbouncer.ini
