#!/usr/bin/env bash
# Builds lab-ccm (go/main.go): the lab's cloud controller manager for Talos nodes, on the upstream
# cloud-node controller (k8s.io/cloud-provider) and the Talos machinery client from the Go module
# proxy. Pins live in go/go.mod and go/go.sum; they follow the talosctl build's versions so the
# shared build cache compiles common packages once.
# Output: ${PTC_CACHE_DIR:-$HOME/.cache/proxmox-talos-capi}/lab-ccm/bin/<stamp>/lab-ccm, keyed by the
# sources, the pins and the Go toolchain. Last stdout line: PTC_LAB_CCM_BIN=<directory>.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache_root="${PTC_CACHE_DIR:-$HOME/.cache/proxmox-talos-capi}/lab-ccm"

log() { printf '[lab-ccm build] %s\n' "$*" >&2; }
command -v go >/dev/null || { log "go is not on PATH; install Go >= 1.26.6"; exit 1; }
command -v sha256sum >/dev/null || { log "sha256sum is not on PATH (coreutils)"; exit 1; }
command -v flock >/dev/null || { log "flock is not on PATH (util-linux)"; exit 1; }

go_version="$(go env GOVERSION)"
stamp="$(cat <(printf '%s\n' "$go_version") "${BASH_SOURCE[0]}" "$here/../build/go-env.sh" "$here/go/go.mod" "$here/go/go.sum" "$here"/go/*.go | sha256sum | cut -c1-16)"
bin_dir="$cache_root/bin/$stamp"

# shellcheck source=../build/go-env.sh
source "$here/../build/go-env.sh"

mkdir -p "$cache_root"
exec 9>"$cache_root/.build.lock"
flock 9

if [[ -x "$bin_dir/lab-ccm" && -f "$bin_dir/.complete" ]]; then
  touch "$bin_dir/.complete" # marks it in use (see pruning below)
  log "warm: $bin_dir/lab-ccm is built from these sources"
  echo "PTC_LAB_CCM_BIN=$bin_dir"
  exit 0
fi

started=$(date +%s)
staging="$bin_dir.partial.$$"
rm -rf "$staging"
mkdir -p "$staging"
trap 'rm -rf "$staging"' EXIT
log "cold: building lab-ccm into $bin_dir with $go_version"
(cd "$here/go" && go build -p "${PTC_GO_BUILD_JOBS:-2}" -ldflags "-s -w" -o "$staging/lab-ccm" .)
usage="$("$staging/lab-ccm" --help 2>&1 || true)"
[[ "$usage" == *-talosconfig* ]] || { log "lab-ccm --help does not list -talosconfig: $usage"; exit 1; }
touch "$staging/.complete"
rm -rf "$bin_dir"
mv "$staging" "$bin_dir"
trap - EXIT
# Outputs of other sources (another checkout, an older commit) not used for two weeks.
find "$cache_root/bin" -mindepth 2 -maxdepth 2 -name .complete -mtime +14 -printf '%h\n' | while read -r old; do rm -rf "$old"; done
log "built in $(($(date +%s) - started))s"
echo "PTC_LAB_CCM_BIN=$bin_dir"
