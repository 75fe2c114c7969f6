#!/usr/bin/env bash
# Source this file to get the real-VS-Code harness paths (no installing; see test/scripts/setup-harness.sh):
#   source test/scripts/harness-env.sh
#   "$ZIPWHIP_NODE24" "$ZIPWHIP_CODE_SERVER_ENTRY" --version
# Exports (current harness): ZIPWHIP_HARNESS_CACHE ZIPWHIP_NODE24 ZIPWHIP_NODE24_DIR ZIPWHIP_HARNESS_DIR
#          ZIPWHIP_CODE_SERVER_ENTRY ZIPWHIP_PLAYWRIGHT_CORE ZIPWHIP_CHROMIUM ZIPWHIP_NODE_VERSION ZIPWHIP_HARNESS_KEY
# (1.99 harness): ZIPWHIP_NODE20 ZIPWHIP_NODE20_MAJOR ZIPWHIP_VSC199_SRC ZIPWHIP_VSC199_DIR ZIPWHIP_VSC199_KEY
#          ZIPWHIP_VSC199_CODE_SERVER_ENTRY ZIPWHIP_VSC199_RG_{PACKAGE,BINARY,CACHE_DIR,ASSET}
#   "$ZIPWHIP_NODE20" "$ZIPWHIP_VSC199_CODE_SERVER_ENTRY" --version
_zw_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
eval "$(node "$_zw_root/test/harness/paths.js" --shell)"
unset _zw_root
