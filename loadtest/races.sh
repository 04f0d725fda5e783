#!/usr/bin/env bash
# The challenge and AI-quota races across the two instances of the local topology,
# then audit_points. Brings the topology up first (deploy/local.sh up).
#   loadtest/races.sh [--concurrency N]
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/local.sh up >/dev/null
eval "$(deploy/local.sh env)"
tokens=$(mktemp)
trap 'rm -f "$tokens"' EXIT
.venv/bin/python manage.py loadtest_tokens --out "$tokens" --lifetime 3600 -v0
.venv/bin/python loadtest/races.py --host "http://127.0.0.1:${NGINX_PORT:-8480}" \
  --tokens "$tokens" --fake-claude "http://127.0.0.1:${FAKE_CLAUDE_PORT:-8489}" "$@"
