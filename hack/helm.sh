#!/usr/bin/env bash
# Runs helm v3.20.2, built from the Go module proxy (helm.sh/helm/v3, pinned by hack/helm/go.mod and go.sum)
# and cached in ~/.cache/xcluster-operator/bin/helm.
#
# Usage: hack/helm.sh <helm arguments...>     e.g. hack/helm.sh lint charts/xcluster-operator
# A first build takes several minutes on 2 cores; later calls reuse the binary while hack/helm is unchanged.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/helm"
bin="${XDG_CACHE_HOME:-$HOME/.cache}/xcluster-operator/bin/helm"

if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
  export PATH="/usr/local/go/bin:$PATH"
fi

# (Re)build when the binary is missing or was built from another go.mod/go.sum (a stamp holds their checksum;
# the cache is shared by every checkout of this repo).
sum="$(cat "$src"/go.mod "$src"/go.sum | sha256sum | cut -c1-16)"
if [[ ! -x "$bin" || "$(cat "$bin.sum" 2>/dev/null)" != "$sum" ]]; then
  command -v go >/dev/null 2>&1 || { echo "helm: ERROR: 'go' not found on PATH; Go 1.25+ is needed to build helm from $src" >&2; exit 1; }
  version="$(sed -n 's:^[[:space:]]*helm.sh/helm/v3 \(v[^ ]*\).*:\1:p' "$src/go.mod")"
  echo "helm: building $bin $version from Go modules (first time ~5-9 min on 2 cores)" >&2
  mkdir -p "$(dirname "$bin")"
  (cd "$src" && CGO_ENABLED=0 GOWORK=off GOTOOLCHAIN=local GOFLAGS=-mod=readonly \
    go build -trimpath -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$version" \
      -o "$bin.tmp.$$" helm.sh/helm/v3/cmd/helm)
  mv "$bin.tmp.$$" "$bin"
  echo "$sum" >"$bin.sum"
fi

# The chart needs no repositories or plugins: helm keeps its config, cache and data under $TMPDIR, not in ~.
export HELM_CONFIG_HOME="${HELM_CONFIG_HOME:-${TMPDIR:-/tmp}/xcluster-operator-helm/config}"
export HELM_CACHE_HOME="${HELM_CACHE_HOME:-${TMPDIR:-/tmp}/xcluster-operator-helm/cache}"
export HELM_DATA_HOME="${HELM_DATA_HOME:-${TMPDIR:-/tmp}/xcluster-operator-helm/data}"
exec "$bin" "$@"
