#!/usr/bin/env bash
# Validates an OLM bundle directory offline, like
#   operator-sdk bundle validate <dir> --select-optional suite=operatorframework --select-optional name=community \
#     --select-optional name=multiarch --optional-values=k8s-version=<v>   (for 1.30 and 1.34)
# using hack/bundle-validate (a small Go program on github.com/operator-framework/api v0.36.0, pinned by its go.sum).
#
# Usage: hack/bundle-validate.sh <bundle-dir> [-k8s-versions 1.30,1.34] [-dockerfile FILE]   (flags may also come first)
# Prints ERROR:/WARNING: lines; exits 1 if the bundle has errors.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib/go-tool.sh"

if [[ $# -lt 1 ]]; then
  echo "usage: $0 <bundle-dir> [-k8s-versions 1.30,1.34] [-dockerfile FILE]" >&2
  exit 2
fi
bin="$(go_tool_binary bundle-validate "$here/bundle-validate" .)"

# Let the bundle dir come first (Go's flag package stops at the first non-flag argument).
args=()
dir=""
for a in "$@"; do
  if [[ -z "$dir" && "$a" != -* && ( ${#args[@]} -eq 0 || "${args[-1]}" != -* ) ]]; then
    dir="$a"
  else
    args+=("$a")
  fi
done
exec "$bin" ${args[@]+"${args[@]}"} "$dir"
