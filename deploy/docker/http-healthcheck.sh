#!/usr/bin/env bash
# Container health probe for the .NET images, which ship neither curl nor wget: one HTTP GET to
# 127.0.0.1 over bash's /dev/tcp, healthy (exit 0) iff the response status is 2xx.
#
#   http-healthcheck PORT [PATH]      e.g. http-healthcheck 8081 /readyz
#
# Docker runs it inside the container (Dockerfile HEALTHCHECK, docker-compose.yml healthcheck) and
# applies its own timeout; the read timeout here only stops a silent server from holding it open.
set -euo pipefail

port=${1:?usage: http-healthcheck PORT [PATH]}
path=${2:-/healthz}

exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "${path}" >&3
IFS=' ' read -r -t 5 _protocol status _reason <&3
if [[ ${status} != 2[0-9][0-9] ]]; then
  echo "GET ${path} on port ${port}: status ${status:-none}" >&2
  exit 1
fi
