#!/usr/bin/env bash
# Idempotent set-up for Operator on Debian/Ubuntu: installs the system
# packages the subjects need (etcd; redis-server and redis-sentinel) and the
# tests need (PostgreSQL, without a system-wide cluster), runs
# `npm ci` when dependencies are missing or stale, and builds. `npm test`,
# `npm run demo` and `npm run bench` run it first.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*" >&2; }

missing=()
command -v etcd >/dev/null 2>&1 || missing+=(etcd-server)
command -v etcdctl >/dev/null 2>&1 || missing+=(etcd-client)
# The ratelimiter subject's Redis nodes and Sentinels (on free loopback ports, never 6379).
command -v "${OPERATOR_REDIS_SERVER_BINARY:-redis-server}" >/dev/null 2>&1 || missing+=(redis-server)
command -v "${OPERATOR_REDIS_SENTINEL_BINARY:-redis-sentinel}" >/dev/null 2>&1 || missing+=(redis-sentinel)
# tmux drives the end-to-end test of the five-panel screen in a real terminal.
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
# The Docker engine: container runtime for the cluster, Docker actions and the script sandbox.
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v curl >/dev/null 2>&1 || missing+=(curl)
# PostgreSQL for the store's PostgreSQL backend; its tests start private servers with initdb and
# pg_ctl (Debian keeps them off PATH, under /usr/lib/postgresql/<major>/bin).
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi

if ((${#missing[@]} > 0)); then
  if [ "$(id -u)" = 0 ]; then
    SUDO=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo)
  else
    say "missing system packages: ${missing[*]}"
    say "run: sudo apt-get update && sudo apt-get install -y ${missing[*]}"
    exit 1
  fi
  say "installing ${missing[*]} from Debian's packages"
  # Keep the packages from starting a system-wide etcd, redis-server (6379) or redis-sentinel
  # (26379): Operator runs its own members and nodes.
  policy=/usr/sbin/policy-rc.d
  made_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$policy" >/dev/null
    "${SUDO[@]}" chmod +x "$policy"
    made_policy=1
  fi
  trap '[ "$made_policy" = 1 ] && "${SUDO[@]}" rm -f "$policy"' EXIT
  # Nor a system-wide PostgreSQL: postgresql-common creates a "main" cluster at install unless
  # createcluster.conf says not to. Written before the install; ucf then keeps it (UCF_FORCE_CONFFOLD).
  if [[ " ${missing[*]} " == *" postgresql "* ]] && [ ! -e /etc/postgresql-common/createcluster.conf ]; then
    "${SUDO[@]}" mkdir -p /etc/postgresql-common
    printf 'create_main_cluster = false\n' | "${SUDO[@]}" tee /etc/postgresql-common/createcluster.conf >/dev/null
  fi
  # Through env, as sudo drops the caller's environment.
  apt=(env DEBIAN_FRONTEND=noninteractive UCF_FORCE_CONFFOLD=1 apt-get)
  "${SUDO[@]}" "${apt[@]}" update -qq
  "${SUDO[@]}" "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The Redis packages enable their system services for the next boot; nothing of Operator's needs them.
  if [ -d /run/systemd/system ]; then
    for pkg in "${missing[@]}"; do
      case "$pkg" in
        redis-server | redis-sentinel) "${SUDO[@]}" systemctl disable --now "$pkg" >/dev/null 2>&1 || true ;;
      esac
    done
  fi
fi

# Start an engine of our own when none answers (DOCKER_HOST, then the default socket), with its
# own socket, data root, exec root and pid file so it cannot collide with another engine.
OPERATOR_DOCKER_DIR=/run/operator-docker
engine_answers() {
  local host
  for host in "${DOCKER_HOST:-}" unix:///var/run/docker.sock "unix://$OPERATOR_DOCKER_DIR/docker.sock"; do
    [ -n "$host" ] || continue
    if [[ "$host" == unix://* ]]; then
      [ -S "${host#unix://}" ] || continue
      curl -sf --max-time 3 --unix-socket "${host#unix://}" http://localhost/_ping >/dev/null 2>&1 && return 0
    else
      curl -sf --max-time 3 "${host/tcp:/http:}/_ping" >/dev/null 2>&1 && return 0
    fi
  done
  return 1
}
if ! engine_answers; then
  if [ "$(id -u)" != 0 ] && ! { command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; }; then
    say "no Docker engine answers; start one (as root): dockerd --host unix://$OPERATOR_DOCKER_DIR/docker.sock --data-root /var/lib/operator-docker --exec-root $OPERATOR_DOCKER_DIR/exec --pidfile $OPERATOR_DOCKER_DIR/dockerd.pid"
    exit 1
  fi
  as_root=()
  [ "$(id -u)" = 0 ] || as_root=(sudo)
  say "starting dockerd on unix://$OPERATOR_DOCKER_DIR/docker.sock"
  "${as_root[@]}" mkdir -p "$OPERATOR_DOCKER_DIR" /var/lib/operator-docker
  # A stale pid file from a crashed engine would stop dockerd from starting.
  if [ -f "$OPERATOR_DOCKER_DIR/dockerd.pid" ] && ! kill -0 "$(cat "$OPERATOR_DOCKER_DIR/dockerd.pid")" 2>/dev/null; then
    "${as_root[@]}" rm -f "$OPERATOR_DOCKER_DIR/dockerd.pid"
  fi
  "${as_root[@]}" setsid dockerd --host "unix://$OPERATOR_DOCKER_DIR/docker.sock" --data-root /var/lib/operator-docker \
    --exec-root "$OPERATOR_DOCKER_DIR/exec" --pidfile "$OPERATOR_DOCKER_DIR/dockerd.pid" \
    </dev/null >>/var/log/operator-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    engine_answers && break
    sleep 0.5
  done
  engine_answers || { say "dockerd did not answer within 30 s; see /var/log/operator-dockerd.log"; exit 1; }
fi

if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

say "building"
npm run --silent build
