#!/usr/bin/env bash
# Started by `make run`: migrate, then server and worker side by side; Ctrl-C stops both.
set -euo pipefail
py=${1:-.venv/bin/python}
"$py" __main__.py migrate
"$py" __main__.py server & server=$!
"$py" __main__.py worker & worker=$!
stop() { kill -TERM "$server" "$worker" 2>/dev/null || true; wait "$server" "$worker" 2>/dev/null || true; }
trap 'stop; exit 0' INT TERM
read -r host key_file admin_env < <("$py" -c '
from infrastructure.config import load_settings
s = load_settings()
print(f"{s.host}:{s.port}", s.data_dir / "admin.key", "yes" if s.admin_api_key else "no")')
for _ in $(seq 1 120); do
  curl -fs "http://$host/api/v1/health" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.5
done
if [ "$admin_env" = yes ]; then key_hint="ADMIN_API_KEY from your environment"
elif [ -f "$key_file" ]; then key_hint="$key_file   (export KEY=\$(cat $key_file))"
else key_hint="none yet: create one with '$py __main__.py create-key --role admin --name me'"; fi
cat <<MSG

  Testing service is running (server pid $server, worker pid $worker).
  Web page:       http://$host/   (sign in with an API key, e.g. the admin key below)
  OpenAPI page:   http://$host/docs   (ReDoc: http://$host/redoc)
  Languages:      curl http://$host/api/v1/languages
  Admin API key:  $key_hint
                  curl -H "Authorization: Bearer \$KEY" http://$host/api/v1/me
  Press Ctrl-C to stop both.

MSG
wait -n "$server" "$worker" || true
stop
