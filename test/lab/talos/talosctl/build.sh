#!/usr/bin/env bash
# Builds the real talosctl v1.13.9 (siderolabs/talos) from the Go module proxy for the lab's
# real-client checks of the Talos node simulator. Pins live in go.mod/go.sum beside this script.
# Output: ${PTC_CACHE_DIR:-$HOME/.cache/proxmox-talos-capi}/bin/talosctl (skipped when present and
# reporting the pinned version). Last stdout line: PTC_TALOSCTL=<path>.
# Slow (about 1500 packages): run it once; tests skip the talosctl checks when the binary is absent.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin_dir="${PTC_CACHE_DIR:-$HOME/.cache/proxmox-talos-capi}/bin"
out="$bin_dir/talosctl"
version="v1.13.9"

log() { printf '[talosctl build] %s\n' "$*" >&2; }
command -v go >/dev/null || { log "go is not on PATH; install Go >= 1.26.6"; exit 1; }

if [[ -x "$out" ]] && "$out" version --client --short 2>/dev/null | grep -q "Talos $version"; then
  log "$out is $version already"
  echo "PTC_TALOSCTL=$out"
  exit 0
fi

mkdir -p "$bin_dir"
log "building talosctl $version (this takes a while)"
# The go.sum entries are the pins; -mod=readonly refuses anything not listed there.
# The shared lab Go caches (see test/lab/k8s/build.sh); CGO off like every other lab build so
# compiled dependencies are reused across them.
export GOMODCACHE="${PTC_CACHE_DIR:-$HOME/.cache/proxmox-talos-capi}/go/mod"
export GOCACHE="${PTC_CACHE_DIR:-$HOME/.cache/proxmox-talos-capi}/go/build"
export CGO_ENABLED=0
trap 'rm -f "$out.tmp.$$"' EXIT
( cd "$here" && GOFLAGS="-mod=readonly" go build -p "${PTC_GO_BUILD_JOBS:-1}" -trimpath -ldflags "-s -w" \
    -o "$out.tmp.$$" github.com/siderolabs/talos/cmd/talosctl )
# A per-process temporary file and a rename: concurrent builds never write into each other's output.
mv "$out.tmp.$$" "$out"
"$out" version --client --short >&2
echo "PTC_TALOSCTL=$out"
