# The Go environment of the lab's builds, sourced by their build.sh: one module and build cache
# for all of them (shared dependencies are downloaded and compiled once), the local toolchain, the
# committed go.mod/go.sum exactly (-mod=readonly: a missing sum fails loudly), no cgo.
# GOPROXY/GONOSUMDB are left to the environment (default: proxy.golang.org + sum.golang.org).
export GOMODCACHE="${PTC_CACHE_DIR:-$HOME/.cache/proxmox-talos-capi}/go/mod"
export GOCACHE="${PTC_CACHE_DIR:-$HOME/.cache/proxmox-talos-capi}/go/build"
export GOTOOLCHAIN=local
export GOFLAGS="-mod=readonly -trimpath -buildvcs=false"
export CGO_ENABLED=0
unset GOWORK GOBIN
