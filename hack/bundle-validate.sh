#!/usr/bin/env bash
# Validates an OLM bundle directory offline, like
#   operator-sdk bundle validate <dir> --select-optional suite=operatorframework --optional-values=k8s-version=1.34
# using hack/bundle-validate (a small Go program on github.com/operator-framework/api v0.36.0, pinned by its go.sum).
#
# Usage: hack/bundle-validate.sh <bundle-dir> [-k8s-version 1.34]   (flags may also come first)
# Prints ERROR:/WARNING: lines; exits 1 if the bundle has errors.
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 <bundle-dir> [-k8s-version 1.34]" >&2
  exit 2
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=hack/go-tool.sh
source "$here/go-tool.sh"
bin="$(go_tool_binary bundle-validate "Go 1.24+")"

# Let the bundle dir come first (Go's flag package stops at the first non-flag argument).
args=()
dir=""
for a in "$@"; do
  if [[ -z "$dir" && "$a" != -* && ( ${#args[@]} -eq 0 || "${args[-1]}" != "-k8s-version" ) ]]; then
    dir="$a"
  else
    args+=("$a")
  fi
done
exec "$bin" ${args[@]+"${args[@]}"} "$dir"
