#!/bin/bash
# The image's HEALTHCHECK: healthy when the service's actuator answers {"status":"UP"} on its own port. Plain bash
# (/dev/tcp), because the runtime images need not carry curl or wget.
set -euo pipefail
port="${SAMOS_PORT:-8080}"
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET /actuator/health HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
answer="$(timeout 4 cat <&3)"
exec 3<&-
case "$answer" in
  "HTTP/1."?" 200"*'"status":"UP"'*) exit 0 ;;
  *) echo "not healthy: ${answer%%$'\r'*}" >&2; exit 1 ;;
esac
