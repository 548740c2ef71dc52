#!/usr/bin/env bash
# Builds the lab's real Kubernetes components from the Go module proxy:
# kube-apiserver, kube-controller-manager, kube-scheduler (k8s.io/kubernetes),
# etcd (go.etcd.io/etcd/server/v3) and kwok (sigs.k8s.io/kwok/cmd/kwok).
#
# The pins live in go/*/go.mod and go/*/go.sum (no upstream code is committed).
# Everything is cached under ${PTC_CACHE_DIR:-$HOME/.cache/proxmox-talos-capi}/lab-k8s;
# a run whose pinned binaries already exist only checks them and returns.
#
# The last stdout line is machine readable: PTC_LAB_K8S_BIN=<directory>.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache_root="${PTC_CACHE_DIR:-$HOME/.cache/proxmox-talos-capi}/lab-k8s"

# Versions reported by the binaries; they must agree with go/*/go.mod (checked below).
kubernetes_version="v1.36.3"
kubernetes_build_date="2026-07-22T18:07:38Z" # publication time of k8s.io/kubernetes@v1.36.3 on the proxy
etcd_version="v3.6.12"
kwok_version="v0.8.0"

binaries=(kube-apiserver kube-controller-manager kube-scheduler etcd kwok)

log() { printf '[lab-k8s build] %s\n' "$*" >&2; }

command -v go >/dev/null || { log "go is not on PATH; install Go >= 1.26 (the pinned modules need it)"; exit 1; }
command -v sha256sum >/dev/null || { log "sha256sum is not on PATH (coreutils)"; exit 1; }
command -v flock >/dev/null || { log "flock is not on PATH (util-linux)"; exit 1; }

require_pin() { # module-dir module version
  if ! grep -Eq "^[[:space:]]*(require[[:space:]]+)?$2[[:space:]]+$3([[:space:]]|$)" "$here/go/$1/go.mod"; then
    log "go/$1/go.mod does not pin $2 $3; update build.sh and go.mod together"
    exit 1
  fi
}
require_pin kube k8s.io/kubernetes "$kubernetes_version"
require_pin etcd go.etcd.io/etcd/server/v3 "$etcd_version"
require_pin kwok sigs.k8s.io/kwok "$kwok_version"

go_version="$(go env GOVERSION)"
# The binaries are keyed by everything that decides them: this script (versions, flags), the
# pinned module graphs and the Go toolchain. Any change builds into a new directory.
stamp="$(
  {
    printf '%s\n' "$go_version"
    cat "${BASH_SOURCE[0]}"
    for m in kube etcd kwok; do cat "$here/go/$m/go.mod" "$here/go/$m/go.sum"; done
  } | sha256sum | cut -c1-16
)"
bin_dir="$cache_root/bin/$stamp"

all_present() {
  local b
  for b in "${binaries[@]}"; do [[ -x "$bin_dir/$b" ]] || return 1; done
  [[ -f "$bin_dir/.complete" && -s "$bin_dir/kwok-stages.yaml" ]]
}

# One Go module and build cache for every lab build (Kubernetes, talosctl, bpg/proxmox): shared
# dependencies are downloaded and compiled once.
export GOMODCACHE="${PTC_CACHE_DIR:-$HOME/.cache/proxmox-talos-capi}/go/mod"
export GOCACHE="${PTC_CACHE_DIR:-$HOME/.cache/proxmox-talos-capi}/go/build"
export GOTOOLCHAIN=local
# readonly: the committed go.mod/go.sum are exactly what is built; a missing sum fails loudly.
export GOFLAGS="-mod=readonly -trimpath -buildvcs=false"
export CGO_ENABLED=0
unset GOWORK GOBIN
# GOPROXY/GONOSUMDB are left to the environment (default: proxy.golang.org + sum.golang.org).

# kwok needs Stage objects to act like kubelets. kwokctl embeds upstream's defaults; the lab takes
# the same files from the pinned kwok module (node init + lease heartbeat, pod ready/complete/delete).
write_kwok_stages() { # output-file
  local dir f
  dir="$(cd "$here/go/kwok" && go mod download -json sigs.k8s.io/kwok | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [[ -n "$dir" && -d "$dir/kustomize/stage" ]] || { log "could not locate the kwok module's stage files"; exit 1; }
  {
    for f in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
      pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
      printf -- '---\n'
      cat "$dir/kustomize/stage/$f"
    done
  } >"$1.tmp"
  mv "$1.tmp" "$1"
}

started=$(date +%s)
mkdir -p "$cache_root"
# One builder at a time: parallel test workers may all ask for the binaries.
exec 9>"$cache_root/.build.lock"
flock 9

if all_present; then
  touch "$bin_dir/.complete" # marks it in use (see pruning below)
  log "warm: binaries for the pinned versions exist in $bin_dir ($(($(date +%s) - started))s)"
  echo "PTC_LAB_K8S_BIN=$bin_dir"
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

kube_ldflags=()
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  major="${kubernetes_version#v}"
  major="${major%%.*}"
  minor="${kubernetes_version#v*.}"
  minor="${minor%%.*}"
  kube_ldflags+=(
    "-X $pkg.gitVersion=$kubernetes_version"
    "-X $pkg.gitMajor=$major"
    "-X $pkg.gitMinor=$minor"
    "-X $pkg.gitTreeState=clean"
    "-X $pkg.buildDate=$kubernetes_build_date"
  )
done

build kube kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver "${kube_ldflags[@]}"
build kube kube-controller-manager k8s.io/kubernetes/cmd/kube-controller-manager "${kube_ldflags[@]}"
build kube kube-scheduler k8s.io/kubernetes/cmd/kube-scheduler "${kube_ldflags[@]}"
build etcd etcd go.etcd.io/etcd/server/v3
build kwok kwok sigs.k8s.io/kwok/cmd/kwok

# Smoke-check that each binary runs and reports the pinned version.
"$staging/kube-apiserver" --version | grep -q "Kubernetes $kubernetes_version" || { log "kube-apiserver does not report $kubernetes_version"; exit 1; }
"$staging/etcd" --version | grep -q "etcd Version: ${etcd_version#v}" || { log "etcd does not report ${etcd_version#v}"; exit 1; }
"$staging/kwok" --version >/dev/null || { log "kwok --version failed"; exit 1; }

write_kwok_stages "$staging/kwok-stages.yaml"
touch "$staging/.complete"
rm -rf "$bin_dir"
mv "$staging" "$bin_dir"
trap - EXIT

# Binaries of other pins unused for two weeks go (each set is about 350 MB).
find "$cache_root/bin" -mindepth 2 -maxdepth 2 -name .complete -mtime +14 -printf '%h\n' | while read -r old; do
  [[ "$old" != "$bin_dir" ]] && rm -rf "$old"
done
find "$cache_root/bin" -mindepth 1 -maxdepth 1 -name '*.partial.*' -mmin +180 -exec rm -rf {} +

log "cold build finished in $(($(date +%s) - started))s"
echo "PTC_LAB_K8S_BIN=$bin_dir"
