#!/usr/bin/env bash
# Started by `make run`: migrate, then server and worker side by side; Ctrl-C stops both.
set -euo pipefail
py=${1:-.venv/bin/python}
"$py" __main__.py migrate
"$py" __main__.py server & server=$!
"$py" __main__.py worker & worker=$!
stop() { kill -TERM "$server" "$worker" 2>/dev/null || true; wait "$server" "$worker" 2>/dev/null || true; }
trap 'stop; exit 0' INT TERM
host=$("$py" -c 'from infrastructure.config import load_settings as l; s=l(); print(f"{s.host}:{s.port}")')
echo
echo "  Testing service is starting (server pid $server, worker pid $worker)."
echo "  OpenAPI page:  http://$host/docs"
echo "  Languages:     curl http://$host/api/v1/languages"
echo "  Press Ctrl-C to stop both."
echo
wait -n "$server" "$worker" || true
stop
