#!/usr/bin/env bash
# Issues a cert-manager Certificate the way cert-manager v1.21.2's self-signed issuer does, using
# hack/certmanager-issue (a small Go program on github.com/cert-manager/cert-manager's pkg/util/pki,
# pinned by its go.sum), and writes tls.crt, tls.key and ca.crt as the Certificate's Secret holds them.
#
# Usage: hack/certmanager-issue.sh -manifests <rendered.yaml> -out <dir> [-certificate <name>]
#   e.g. kubectl kustomize config/default > /tmp/default.yaml && hack/certmanager-issue.sh -manifests /tmp/default.yaml -out /tmp/cert
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/certmanager-issue"
bin="${XDG_CACHE_HOME:-$HOME/.cache}/xcluster-operator/bin/certmanager-issue"

if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
  export PATH="/usr/local/go/bin:$PATH"
fi

# (Re)build when the binary is missing or was built from other sources (a stamp holds their checksum;
# the cache is shared by every checkout of this repo).
sum="$(cat "$src"/go.mod "$src"/go.sum "$src"/*.go | sha256sum | cut -c1-16)"
if [[ ! -x "$bin" || "$(cat "$bin.sum" 2>/dev/null)" != "$sum" ]]; then
  command -v go >/dev/null 2>&1 || { echo "certmanager-issue: ERROR: 'go' not found on PATH; Go 1.26+ is needed to build $src" >&2; exit 1; }
  echo "certmanager-issue: building $bin (first time ~1 min)" >&2
  mkdir -p "$(dirname "$bin")"
  (cd "$src" && CGO_ENABLED=0 GOWORK=off GOTOOLCHAIN=local GOFLAGS=-mod=readonly \
    go build -trimpath -o "$bin.tmp.$$" .)
  mv "$bin.tmp.$$" "$bin"
  echo "$sum" >"$bin.sum"
fi

exec "$bin" "$@"
