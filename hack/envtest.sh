#!/usr/bin/env bash
# Puts etcd, kube-apiserver and kubectl for one Kubernetes version where fabric8 kube-api-test finds them
# offline: ${KUBE_API_TEST_DIR:-~/.kubeapitest}/k8s/<version>-linux-amd64/. Reuses binaries already there;
# otherwise builds them from the Go module proxy (no other download is possible here).
set -euo pipefail

KUBE_VERSION="${1:-${KUBE_VERSION:-1.34.4}}"
ETCD_VERSION="${ETCD_VERSION:-3.6.5}"
TEST_DIR="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}"
TARGET="$TEST_DIR/k8s/${KUBE_VERSION}-linux-amd64"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/xcluster-operator"

if [[ -x "$TARGET/etcd" && -x "$TARGET/kubectl" && -x "$TARGET/kube-apiserver" ]] \
   && "$TARGET/kube-apiserver" --version 2>/dev/null | grep -qx "Kubernetes v${KUBE_VERSION}"; then
  echo "envtest: reusing Kubernetes v${KUBE_VERSION} binaries in $TARGET"
  exit 0
fi

command -v go >/dev/null || { echo "envtest: the Go toolchain is needed to build kube-apiserver, etcd and kubectl (install Go 1.24+)" >&2; exit 1; }

export GOFLAGS="${GOFLAGS:-} -mod=mod"
export CGO_ENABLED=0
minor_patch="${KUBE_VERSION#*.}"                         # 34.4
staging_version="v0.${minor_patch}"                      # v0.34.4
major="${KUBE_VERSION%%.*}"
minor="${minor_patch%%.*}"
out="$(mktemp -d "$TEST_DIR.build.XXXXXX" 2>/dev/null || { mkdir -p "$TEST_DIR"; mktemp -d "$TEST_DIR/build.XXXXXX"; })"
trap 'rm -rf "$out"' EXIT

build_kubernetes() {
  local mod="$CACHE/kube-build-${KUBE_VERSION}"
  mkdir -p "$mod"
  cd "$mod"
  echo "envtest: building kube-apiserver and kubectl v${KUBE_VERSION} from Go modules (first time about 4 min)"
  [[ -f go.mod ]] || go mod init xcluster.local/kubebinaries >/dev/null 2>&1
  local upstream
  upstream="$(go mod download -json "k8s.io/kubernetes@v${KUBE_VERSION}" | sed -n 's/.*"GoMod": "\(.*\)",*/\1/p')"
  # upstream replaces each staging module with ./staging/...; we point each at its published twin instead
  grep -E '^\s*k8s\.io/[^ ]+ => \./staging/' "$upstream" | awk '{print $1}' | while read -r module; do
    go mod edit -replace "${module}=${module}@${staging_version}"
  done
  go get -tool "k8s.io/kubernetes/cmd/kube-apiserver@v${KUBE_VERSION}" "k8s.io/kubernetes/cmd/kubectl@v${KUBE_VERSION}"
  local ldflags="-s -w -X k8s.io/component-base/version.gitVersion=v${KUBE_VERSION} -X k8s.io/component-base/version.gitMajor=${major} -X k8s.io/component-base/version.gitMinor=${minor} -X k8s.io/client-go/pkg/version.gitVersion=v${KUBE_VERSION} -X k8s.io/component-base/version.gitTreeState=clean"
  go build -ldflags "$ldflags" -o "$out/" k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kubectl
}

build_etcd() {
  local mod="$CACHE/etcd-build-${ETCD_VERSION}"
  mkdir -p "$mod"
  cd "$mod"
  echo "envtest: building etcd v${ETCD_VERSION} from Go modules"
  [[ -f go.mod ]] || go mod init xcluster.local/etcdbinary >/dev/null 2>&1
  go get -tool "go.etcd.io/etcd/server/v3@v${ETCD_VERSION}"
  go build -ldflags "-s -w" -o "$out/etcd" go.etcd.io/etcd/server/v3
}

mkdir -p "$TEST_DIR/k8s"
(build_kubernetes)
(build_etcd)
"$out/kube-apiserver" --version | grep -qx "Kubernetes v${KUBE_VERSION}" \
  || { echo "envtest: built kube-apiserver does not report v${KUBE_VERSION}" >&2; exit 1; }
rm -rf "$TARGET"
mkdir -p "$(dirname "$TARGET")"
mv "$out" "$TARGET"
trap - EXIT
echo "envtest: Kubernetes v${KUBE_VERSION} binaries ready in $TARGET"
