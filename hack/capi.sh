#!/usr/bin/env bash
# The real Cluster API controllers (sigs.k8s.io/cluster-api v1.14.2, pinned by hack/capi/go.mod and go.sum), built from
# the Go module proxy and cached in ~/.cache/xcluster-operator/bin: capi-manager (core), capi-kubeadm-bootstrap (CABPK),
# capi-kubeadm-control-plane (KCP) and clusterctl.
#
# Usage: hack/capi.sh build         builds what is missing and prints "<name> <path>" per binary, then "module <dir>"
#                                   (the module's source: CRDs and webhook configurations under config/)
#        hack/capi.sh <name> args   runs one of them, e.g. hack/capi.sh clusterctl version
# A cold build takes about 6 minutes on 2 cores (the core manager 5 min, peak RSS 1.3 GB); later calls reuse the binaries.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib/go-tool.sh"
version="$(sed -n 's:^[[:space:]]*sigs.k8s.io/cluster-api \(v[^ ]*\).*:\1:p' "$here/capi/go.mod")"
stamp="-X sigs.k8s.io/cluster-api/version.gitVersion=$version -X sigs.k8s.io/cluster-api/version.gitMajor=1"
stamp="$stamp -X sigs.k8s.io/cluster-api/version.gitMinor=$(echo "$version" | cut -d. -f2)"
stamp="$stamp -X sigs.k8s.io/cluster-api/version.gitTreeState=clean"

declare -A packages=(
  [capi-manager]=sigs.k8s.io/cluster-api/core
  [capi-kubeadm-bootstrap]=sigs.k8s.io/cluster-api/bootstrap/kubeadm
  [capi-kubeadm-control-plane]=sigs.k8s.io/cluster-api/controlplane/kubeadm
  [clusterctl]=sigs.k8s.io/cluster-api/cmd/clusterctl
)

binary() { go_tool_binary "$1" "$here/capi" "${packages[$1]}" -ldflags "-s -w $stamp"; }

case "${1:-}" in
  build)
    for name in capi-manager capi-kubeadm-bootstrap capi-kubeadm-control-plane clusterctl; do
      echo "$name $(binary "$name")"
    done
    command -v go >/dev/null 2>&1 || export PATH="/usr/local/go/bin:$PATH"
    echo "module $(cd "$here/capi" && GOWORK=off GOFLAGS=-mod=readonly go list -m -f '{{.Dir}}' sigs.k8s.io/cluster-api)"
    ;;
  capi-manager | capi-kubeadm-bootstrap | capi-kubeadm-control-plane | clusterctl)
    name="$1"
    shift
    bin="$(binary "$name")"
    exec "$bin" "$@"
    ;;
  *)
    echo "usage: hack/capi.sh build | hack/capi.sh {capi-manager|capi-kubeadm-bootstrap|capi-kubeadm-control-plane|clusterctl} args..." >&2
    exit 2
    ;;
esac
