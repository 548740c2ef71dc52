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
# shellcheck source=../build/go-env.sh
source "$here/../build/go-env.sh"
# shellcheck source=../build/pinned-output.sh
source "$here/../build/pinned-output.sh"

pinned_output_open "$cache_root" "${BASH_SOURCE[0]}" "$here/go/go.mod" "$here/go/go.sum" "$here"/go/*.go
pinned_output_reuse lab-ccm PTC_LAB_CCM_BIN "is built from these sources"

pinned_output_stage
log "cold: building lab-ccm into $bin_dir with $go_version"
(cd "$here/go" && go build -p "${PTC_GO_BUILD_JOBS:-2}" -ldflags "-s -w" -o "$staging/lab-ccm" .)
usage="$("$staging/lab-ccm" --help 2>&1 || true)"
[[ "$usage" == *-talosconfig* ]] || { log "lab-ccm --help does not list -talosconfig: $usage"; exit 1; }
pinned_output_commit PTC_LAB_CCM_BIN
