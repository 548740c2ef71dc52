# The life of one pinned Go build output, sourced by a build.sh after go-env.sh: one directory per
# input set (<cache>/bin/<stamp>/, complete once it holds .complete), built in a staging directory and
# renamed into place under a lock, so a killed or concurrent build never leaves half an output, and
# outputs of other inputs unused for two weeks pruned.
#   pinned_output_open <cache_root> <input files…>   sets bin_dir (the stamp covers the Go toolchain,
#                                                    the inputs, go-env.sh and this file) and takes the lock
#   pinned_output_reuse <binary> <VAR> <what>        exits 0 printing VAR=<bin_dir> when already built
#   pinned_output_stage                              sets staging (removed on failure) and started
#   pinned_output_commit <VAR>                       moves staging into place, prunes, prints VAR=<bin_dir>
# The caller defines log() and checks the built binary before committing it.

pinned_output_open() {
  local cache_root=$1
  shift
  command -v sha256sum >/dev/null || { log "sha256sum is not on PATH (coreutils)"; exit 1; }
  command -v flock >/dev/null || { log "flock is not on PATH (util-linux)"; exit 1; }
  local lib_dir
  lib_dir="$(dirname "${BASH_SOURCE[0]}")"
  go_version="$(go env GOVERSION)"
  local stamp
  stamp="$(cat <(printf '%s\n' "$go_version") "$lib_dir/go-env.sh" "$lib_dir/pinned-output.sh" "$@" | sha256sum | cut -c1-16)"
  pinned_cache_root=$cache_root
  bin_dir="$cache_root/bin/$stamp"
  mkdir -p "$cache_root"
  exec 9>"$cache_root/.build.lock"
  flock 9
}

pinned_output_reuse() {
  local binary=$1 var=$2 what=$3
  if [[ -x "$bin_dir/$binary" && -f "$bin_dir/.complete" ]]; then
    touch "$bin_dir/.complete" # marks it in use (see pruning in pinned_output_commit)
    log "warm: $bin_dir/$binary $what"
    echo "$var=$bin_dir"
    exit 0
  fi
}

pinned_output_stage() {
  started=$(date +%s)
  staging="$bin_dir.partial.$$"
  rm -rf "$staging"
  mkdir -p "$staging"
  trap 'rm -rf "$staging"' EXIT
}

pinned_output_commit() {
  local var=$1
  touch "$staging/.complete"
  rm -rf "$bin_dir"
  mv "$staging" "$bin_dir"
  trap - EXIT
  # Outputs of other inputs (another checkout, an older commit) not used for two weeks.
  find "$pinned_cache_root/bin" -mindepth 2 -maxdepth 2 -name .complete -mtime +14 -printf '%h\n' | while read -r old; do rm -rf "$old"; done
  log "built in $(($(date +%s) - started))s"
  echo "$var=$bin_dir"
}
