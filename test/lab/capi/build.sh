#!/usr/bin/env bash
# Builds the real Cluster API managers the lab runs as local processes, from the Go module proxy:
# capi-manager + clusterctl (sigs.k8s.io/cluster-api), cabpt-manager (Talos bootstrap),
# cacppt-manager (Talos control plane), capmox-manager (Proxmox infrastructure), ipam-manager
# (in-cluster IPAM) and kustomize. It then renders, with that kustomize and from the very module
# versions built, the provider components the shared fixtures lack (clusterctl's overrides layout:
# components/<provider-label>/<version>/<file>), the way each provider's release renders them.
#
# The pins live in go/*/go.mod and go/*/go.sum (no upstream code is committed). Everything is cached
# under ${PTC_CACHE_DIR:-$HOME/.cache/proxmox-talos-capi}/lab-capi; a run whose pinned outputs
# already exist only checks them and returns.
#
# The last stdout line is machine readable: PTC_LAB_CAPI_BIN=<directory>.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache_root="${PTC_CACHE_DIR:-$HOME/.cache/proxmox-talos-capi}/lab-capi"

# Versions; they must agree with go/*/go.mod (checked below).
capi_version="v1.12.10"
capi_build_date="2026-07-15T13:19:13Z" # publication time of sigs.k8s.io/cluster-api@v1.12.10 on the proxy
cabpt_version="v0.6.12"
cacppt_version="v0.5.13"
capmox_version="v0.9.0"
ipam_version="v1.1.0"
ipam_commit="bc27dd724e20a0543f441d55183778a73db26294" # the tag's commit, from the proxy's .info Origin
ipam_build_date="2026-05-04T14:26:27Z"
kustomize_version="v5.7.0" # the version CAPI v1.12's Makefile renders its release with

binaries=(capi-manager clusterctl cabpt-manager cacppt-manager capmox-manager ipam-manager kustomize)
# Components rendered here: provider-label version file (the rest come from the shared fixtures).
rendered=(
  "control-plane-talos $cacppt_version control-plane-components.yaml"
  "ipam-in-cluster $ipam_version ipam-components.yaml"
)

log() { printf '[lab-capi build] %s\n' "$*" >&2; }

command -v go >/dev/null || { log "go is not on PATH; install Go >= 1.26.4 (the pinned modules need it)"; exit 1; }
command -v sha256sum >/dev/null || { log "sha256sum is not on PATH (coreutils)"; exit 1; }
command -v flock >/dev/null || { log "flock is not on PATH (util-linux)"; exit 1; }

require_pin() { # module-dir module version
  if ! grep -Eq "^[[:space:]]*(require[[:space:]]+)?$2[[:space:]]+$3([[:space:]]|$)" "$here/go/$1/go.mod"; then
    log "go/$1/go.mod does not pin $2 $3; update build.sh and go.mod together"
    exit 1
  fi
}
require_pin capi sigs.k8s.io/cluster-api "$capi_version"
require_pin cabpt github.com/siderolabs/cluster-api-bootstrap-provider-talos "$cabpt_version"
require_pin cacppt github.com/siderolabs/cluster-api-control-plane-provider-talos "$cacppt_version"
require_pin capmox github.com/ionos-cloud/cluster-api-provider-proxmox "$capmox_version"
require_pin ipam sigs.k8s.io/cluster-api-ipam-provider-in-cluster "$ipam_version"
require_pin kustomize sigs.k8s.io/kustomize/kustomize/v5 "$kustomize_version"
# CAPMOX v0.9.0 pins core v1.12.9, which the proxy does not serve; it is built against core's pin.
grep -Eq "^replace sigs.k8s.io/cluster-api => sigs.k8s.io/cluster-api $capi_version\$" "$here/go/capmox/go.mod" || {
  log "go/capmox/go.mod must replace sigs.k8s.io/cluster-api with $capi_version"
  exit 1
}

modules=(capi cabpt cacppt capmox ipam kustomize)
go_version="$(go env GOVERSION)"
# The outputs are keyed by everything that decides them: this script (versions, flags), the
# pinned module graphs and the Go toolchain. Any change builds into a new directory.
stamp="$(
  {
    printf '%s\n' "$go_version"
    cat "${BASH_SOURCE[0]}"
    for m in "${modules[@]}"; do cat "$here/go/$m/go.mod" "$here/go/$m/go.sum"; done
  } | sha256sum | cut -c1-16
)"
bin_dir="$cache_root/bin/$stamp"

all_present() {
  local b r label version file
  for b in "${binaries[@]}"; do [[ -x "$bin_dir/$b" ]] || return 1; done
  for r in "${rendered[@]}"; do
    read -r label version file <<<"$r"
    [[ -s "$bin_dir/components/$label/$version/$file" && -s "$bin_dir/components/$label/$version/metadata.yaml" ]] || return 1
  done
  [[ -f "$bin_dir/.complete" ]]
}

# The Go module and build caches are shared with the other lab builds (Kubernetes, talosctl):
# common dependencies are downloaded and compiled once.
export GOMODCACHE="${PTC_CACHE_DIR:-$HOME/.cache/proxmox-talos-capi}/go/mod"
export GOCACHE="${PTC_CACHE_DIR:-$HOME/.cache/proxmox-talos-capi}/go/build"
export GOTOOLCHAIN=local
# readonly: the committed go.mod/go.sum are exactly what is built; a missing sum fails loudly.
export GOFLAGS="-mod=readonly -trimpath -buildvcs=false"
export CGO_ENABLED=0
unset GOWORK GOBIN
# GOPROXY/GONOSUMDB are left to the environment (default: proxy.golang.org + sum.golang.org).

started=$(date +%s)
mkdir -p "$cache_root"
# One builder at a time: parallel test workers may all ask for the binaries.
exec 9>"$cache_root/.build.lock"
flock 9

if all_present; then
  touch "$bin_dir/.complete" # marks it in use (see pruning below)
  log "warm: outputs for the pinned versions exist in $bin_dir ($(($(date +%s) - started))s)"
  echo "PTC_LAB_CAPI_BIN=$bin_dir"
  exit 0
fi

staging="$bin_dir.partial.$$"
rm -rf "$staging"
mkdir -p "$staging"
trap 'rm -rf "$staging"' EXIT

log "cold: building into $bin_dir with $go_version (GOMODCACHE=$GOMODCACHE)"

build() { # module-dir output package [extra ldflags...]
  local dir=$1 out=$2 pkg=$3 t0
  shift 3
  t0=$(date +%s)
  log "building $out from $pkg"
  (cd "$here/go/$dir" && go build -ldflags="-s -w $*" -o "$staging/$out" "$pkg")
  log "built $out in $(($(date +%s) - t0))s"
}

# The version variables the upstream release builds set (hack/version.sh in CAPI and IPAM; the
# Talos and Proxmox providers' releases set none).
version_ldflags() { # package version build-date [commit]
  local major minor
  major="${2#v}"
  major="${major%%.*}"
  minor="${2#v*.}"
  minor="${minor%%.*}"
  printf '%s\n' "-X $1.gitVersion=$2" "-X $1.gitMajor=$major" "-X $1.gitMinor=$minor" \
    "-X $1.gitTreeState=clean" "-X $1.buildDate=$3"
  [[ -n "${4:-}" ]] && printf '%s\n' "-X $1.gitCommit=$4"
  return 0
}
mapfile -t capi_ldflags < <(version_ldflags sigs.k8s.io/cluster-api/version "$capi_version" "$capi_build_date")
mapfile -t ipam_ldflags < <(version_ldflags sigs.k8s.io/cluster-api-ipam-provider-in-cluster/version "$ipam_version" "$ipam_build_date" "$ipam_commit")

build capi capi-manager sigs.k8s.io/cluster-api "${capi_ldflags[@]}"
build cabpt cabpt-manager github.com/siderolabs/cluster-api-bootstrap-provider-talos
build cacppt cacppt-manager github.com/siderolabs/cluster-api-control-plane-provider-talos
build ipam ipam-manager sigs.k8s.io/cluster-api-ipam-provider-in-cluster "${ipam_ldflags[@]}"
build capmox capmox-manager github.com/ionos-cloud/cluster-api-provider-proxmox/cmd
build kustomize kustomize sigs.k8s.io/kustomize/kustomize/v5 "-X sigs.k8s.io/kustomize/api/provenance.version=$kustomize_version"
build capi clusterctl sigs.k8s.io/cluster-api/cmd/clusterctl "${capi_ldflags[@]}"

# Smoke checks: each binary starts, parses its flags and reports the pinned version where it can.
[[ "$("$staging/clusterctl" version -o short)" == "$capi_version" ]] || { log "clusterctl does not report $capi_version"; exit 1; }
[[ "$("$staging/kustomize" version)" == *"$kustomize_version"* ]] || { log "kustomize does not report $kustomize_version"; exit 1; }
for b in capi-manager cabpt-manager cacppt-manager capmox-manager ipam-manager; do
  usage="$("$staging/$b" --help 2>&1 || true)" # flag packages differ in the exit status of --help
  [[ "$usage" == *--diagnostics-address* ]] || { log "$b --help does not list --diagnostics-address: $usage"; exit 1; }
done

module_dir() { # module-dir module
  local dir
  dir="$(cd "$here/go/$1" && go mod download -json "$2" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [[ -n "$dir" && -d "$dir/config" ]] || { log "could not locate $2's config/ in the module cache"; exit 1; }
  printf '%s' "$dir"
}

# Renders one provider's components from a writable copy of its module's config/ (the module cache
# is read-only, and the release steps edit the image in place).
render() { # module-dir module label version file metadata-path image-step
  local src work out
  src="$(module_dir "$1" "$2")"
  work="$staging/render/$3"
  out="$staging/components/$3/$4"
  mkdir -p "$work" "$out"
  cp -r "$src/config" "$work/config"
  chmod -R u+w "$work"
  (cd "$work" && "$7")
  "$staging/kustomize" build "$work/config/default" >"$out/$5"
  cp "$src/$6" "$out/metadata.yaml"
  chmod 0644 "$out/$5" "$out/metadata.yaml"
  log "rendered $3 $4 components from $2@$4"
}

# CACPPT's release (Dockerfile release-build): `kustomize edit set image` in config/manager.
cacppt_image() {
  (cd config/manager && "$staging/kustomize" edit set image \
    "controller=ghcr.io/siderolabs/cluster-api-control-plane-talos-controller:$cacppt_version")
}
# IPAM's release (Makefile manifest-modification): image and pull policy in the default patch.
ipam_image() {
  sed -i -e "s@image: .*@image: registry.k8s.io/capi-ipam-ic/cluster-api-ipam-in-cluster-controller:$ipam_version@" \
    -e 's@imagePullPolicy: .*@imagePullPolicy: IfNotPresent@' config/default/manager_image_patch.yaml
}
render cacppt github.com/siderolabs/cluster-api-control-plane-provider-talos control-plane-talos "$cacppt_version" \
  control-plane-components.yaml config/metadata/metadata.yaml cacppt_image
render ipam sigs.k8s.io/cluster-api-ipam-provider-in-cluster ipam-in-cluster "$ipam_version" \
  ipam-components.yaml metadata.yaml ipam_image
rm -rf "$staging/render"

touch "$staging/.complete"
rm -rf "$bin_dir"
mv "$staging" "$bin_dir"
trap - EXIT

# Outputs of other pins unused for two weeks go.
find "$cache_root/bin" -mindepth 2 -maxdepth 2 -name .complete -mtime +14 -printf '%h\n' | while read -r old; do
  [[ "$old" != "$bin_dir" ]] && rm -rf "$old"
done
find "$cache_root/bin" -mindepth 1 -maxdepth 1 -name '*.partial.*' -mmin +180 -exec rm -rf {} +

log "cold build finished in $(($(date +%s) - started))s"
echo "PTC_LAB_CAPI_BIN=$bin_dir"
