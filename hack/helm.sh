#!/usr/bin/env bash
# Runs helm v3.20.2, built from the Go module proxy (helm.sh/helm/v3, pinned by hack/helm/go.mod and go.sum)
# and cached in ~/.cache/xcluster-operator/bin/helm.
#
# Usage: hack/helm.sh <helm arguments...>     e.g. hack/helm.sh lint charts/xcluster-operator
# A first build takes several minutes on 2 cores; later calls reuse the binary while hack/helm is unchanged.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib/go-tool.sh"
version="$(sed -n 's:^[[:space:]]*helm.sh/helm/v3 \(v[^ ]*\).*:\1:p' "$here/helm/go.mod")"
bin="$(go_tool_binary helm "$here/helm" helm.sh/helm/v3/cmd/helm \
  -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$version")"

# The chart needs no repositories or plugins: helm keeps its config, cache and data under $TMPDIR, not in ~.
export HELM_CONFIG_HOME="${HELM_CONFIG_HOME:-${TMPDIR:-/tmp}/xcluster-operator-helm/config}"
export HELM_CACHE_HOME="${HELM_CACHE_HOME:-${TMPDIR:-/tmp}/xcluster-operator-helm/cache}"
export HELM_DATA_HOME="${HELM_DATA_HOME:-${TMPDIR:-/tmp}/xcluster-operator-helm/data}"
exec "$bin" "$@"
