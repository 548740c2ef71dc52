#!/usr/bin/env bash
# Builds OpenTofu's `tofu` v1.12.6 (opentofu/opentofu) from the Go module proxy, so the stacks can
# be deployed with OpenTofu as well as Terraform. OpenTofu's go.mod has replace directives, which
# `go install ...@version` refuses; go/ is a wrapper module that requires it and repeats them.
# Pins live in go/go.mod and go/go.sum.
# Output: ${PTC_CACHE_DIR:-$HOME/.cache/proxmox-talos-capi}/tofu/bin/<stamp>/tofu, keyed by the
# pins and the Go toolchain. Last stdout line: PTC_TOFU_BIN=<directory>.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache_root="${PTC_CACHE_DIR:-$HOME/.cache/proxmox-talos-capi}/tofu"
version="1.12.6"

log() { printf '[tofu build] %s\n' "$*" >&2; }
command -v go >/dev/null || { log "go is not on PATH; install Go >= 1.26.6"; exit 1; }
# shellcheck source=../build/go-env.sh
source "$here/../build/go-env.sh"
# shellcheck source=../build/pinned-output.sh
source "$here/../build/pinned-output.sh"

pinned_output_open "$cache_root" "${BASH_SOURCE[0]}" "$here/go/go.mod" "$here/go/go.sum" "$here/go/tools.go"
pinned_output_reuse tofu PTC_TOFU_BIN "is OpenTofu v$version"

pinned_output_stage
log "cold: building tofu v$version into $bin_dir with $go_version"
# version.dev=no: a release build reports "OpenTofu v1.12.6" rather than "v1.12.6-dev" (the flag
# OpenTofu's own release builds set).
(cd "$here/go" && go build -p "${PTC_GO_BUILD_JOBS:-2}" -ldflags "-s -w -X github.com/opentofu/opentofu/version.dev=no" -o "$staging/tofu" github.com/opentofu/opentofu/cmd/tofu)
# Its version line, wherever it comes: warnings (say, about the caller's CLI config) may precede it.
reported="$("$staging/tofu" version 2>&1 || true)"
grep -qx "OpenTofu v$version" <<<"$reported" || { log "the built tofu does not report OpenTofu v$version: $reported"; exit 1; }
pinned_output_commit PTC_TOFU_BIN
