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
command -v sha256sum >/dev/null || { log "sha256sum is not on PATH (coreutils)"; exit 1; }
command -v flock >/dev/null || { log "flock is not on PATH (util-linux)"; exit 1; }

go_version="$(go env GOVERSION)"
stamp="$(cat <(printf '%s\n' "$go_version") "${BASH_SOURCE[0]}" "$here/../build/go-env.sh" "$here/go/go.mod" "$here/go/go.sum" "$here/go/tools.go" | sha256sum | cut -c1-16)"
bin_dir="$cache_root/bin/$stamp"

# shellcheck source=../build/go-env.sh
source "$here/../build/go-env.sh"

mkdir -p "$cache_root"
exec 9>"$cache_root/.build.lock"
flock 9

if [[ -x "$bin_dir/tofu" && -f "$bin_dir/.complete" ]]; then
  touch "$bin_dir/.complete" # marks it in use (see pruning below)
  log "warm: $bin_dir/tofu is OpenTofu v$version"
  echo "PTC_TOFU_BIN=$bin_dir"
  exit 0
fi

started=$(date +%s)
staging="$bin_dir.partial.$$"
rm -rf "$staging"
mkdir -p "$staging"
trap 'rm -rf "$staging"' EXIT
log "cold: building tofu v$version into $bin_dir with $go_version"
# version.dev=no: a release build reports "OpenTofu v1.12.6" rather than "v1.12.6-dev" (the flag
# OpenTofu's own release builds set).
(cd "$here/go" && go build -p "${PTC_GO_BUILD_JOBS:-2}" -ldflags "-s -w -X github.com/opentofu/opentofu/version.dev=no" -o "$staging/tofu" github.com/opentofu/opentofu/cmd/tofu)
# Its version line, wherever it comes: warnings (say, about the caller's CLI config) may precede it.
reported="$("$staging/tofu" version 2>&1 || true)"
grep -qx "OpenTofu v$version" <<<"$reported" || { log "the built tofu does not report OpenTofu v$version: $reported"; exit 1; }
touch "$staging/.complete"
rm -rf "$bin_dir"
mv "$staging" "$bin_dir"
trap - EXIT
# Outputs of other pins (another checkout, an older commit) not used for two weeks.
find "$cache_root/bin" -mindepth 2 -maxdepth 2 -name .complete -mtime +14 -printf '%h\n' | while read -r old; do rm -rf "$old"; done
log "built in $(($(date +%s) - started))s"
echo "PTC_TOFU_BIN=$bin_dir"
