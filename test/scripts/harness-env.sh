#!/usr/bin/env bash
# Source this file to get the real-VS-Code harness paths (no installing; see test/scripts/setup-harness.sh):
#   source test/scripts/harness-env.sh
#   "$ZIPWHIP_NODE24" "$ZIPWHIP_CODE_SERVER_ENTRY" --version
# Exports: ZIPWHIP_HARNESS_CACHE ZIPWHIP_NODE24 ZIPWHIP_NODE24_DIR ZIPWHIP_HARNESS_DIR
#          ZIPWHIP_CODE_SERVER_ENTRY ZIPWHIP_PLAYWRIGHT_CORE ZIPWHIP_CHROMIUM ZIPWHIP_NODE_VERSION ZIPWHIP_HARNESS_KEY
_zw_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
eval "$(node "$_zw_root/test/harness/paths.js" --shell)"
unset _zw_root
