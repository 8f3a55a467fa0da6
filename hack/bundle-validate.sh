#!/usr/bin/env bash
# Validates an OLM bundle directory offline, like
#   operator-sdk bundle validate <dir> --select-optional suite=operatorframework --optional-values=k8s-version=1.34
# using hack/bundle-validate (a small Go program on github.com/operator-framework/api v0.36.0, pinned by its go.sum).
#
# Usage: hack/bundle-validate.sh <bundle-dir> [-k8s-version 1.34]   (flags may also come first)
# Prints ERROR:/WARNING: lines; exits 1 if the bundle has errors.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/bundle-validate"
bin="${XDG_CACHE_HOME:-$HOME/.cache}/xcluster-operator/bin/bundle-validate"

if [[ $# -lt 1 ]]; then
  echo "usage: $0 <bundle-dir> [-k8s-version 1.34]" >&2
  exit 2
fi

if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
  export PATH="/usr/local/go/bin:$PATH"
fi

# (Re)build when the binary is missing or was built from other sources (a stamp holds their checksum;
# the cache is shared by every checkout of this repo).
sum="$(cat "$src"/go.mod "$src"/go.sum "$src"/*.go | sha256sum | cut -c1-16)"
if [[ ! -x "$bin" || "$(cat "$bin.sum" 2>/dev/null)" != "$sum" ]]; then
  command -v go >/dev/null 2>&1 || { echo "bundle-validate: ERROR: 'go' not found on PATH; Go 1.24+ is needed to build $src" >&2; exit 1; }
  echo "bundle-validate: building $bin (first time ~1 min)" >&2
  mkdir -p "$(dirname "$bin")"
  (cd "$src" && CGO_ENABLED=0 GOWORK=off GOTOOLCHAIN=local GOFLAGS=-mod=readonly \
    go build -trimpath -o "$bin.tmp.$$" .)
  mv "$bin.tmp.$$" "$bin"
  echo "$sum" >"$bin.sum"
fi

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
