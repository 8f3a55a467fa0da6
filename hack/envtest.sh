#!/usr/bin/env bash
# Puts etcd, kube-apiserver and kubectl for one Kubernetes version where fabric8 kube-api-test finds them
# offline: ${KUBE_API_TEST_DIR:-~/.kubeapitest}/k8s/<version>-linux-amd64/{etcd,kube-apiserver,kubectl}.
#
# Usage: hack/envtest.sh [KUBE_VERSION]      (default: $KUBE_VERSION or 1.34.4; etcd: $ETCD_VERSION or 3.6.5)
#
# Reuses binaries already there when kube-apiserver reports the wanted version. Otherwise builds them from
# the Go module proxy (the offline fallback; downloading official release binaries is kube-api-test's own job).
# Generated Go modules live under ${XDG_CACHE_HOME:-~/.cache}/xcluster-operator/, never in the git tree.
# See /work/shared/toolchain/KUBE-BINARIES.md for why it is done this way.
set -euo pipefail

KUBE_VERSION="${1:-${KUBE_VERSION:-1.34.4}}"
KUBE_VERSION="${KUBE_VERSION#v}"
ETCD_VERSION="${ETCD_VERSION:-3.6.5}"
ETCD_VERSION="${ETCD_VERSION#v}"
TEST_DIR="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}"
TARGET="$TEST_DIR/k8s/${KUBE_VERSION}-linux-amd64"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/xcluster-operator"

log() { echo "envtest: $*"; }
die() { echo "envtest: ERROR: $*" >&2; exit 1; }
# Runs a command with its output in ./go.log (hundreds of "go: added" lines); shows the output only if it fails.
quiet() { "$@" >go.log 2>&1 || { cat go.log >&2; die "failed: $*"; }; }

have_binaries() {
  [[ -x "$TARGET/etcd" && -x "$TARGET/kubectl" && -x "$TARGET/kube-apiserver" ]] \
    && "$TARGET/kube-apiserver" --version 2>/dev/null | grep -qx "Kubernetes v${KUBE_VERSION}"
}

if have_binaries; then
  log "reusing Kubernetes v${KUBE_VERSION} binaries (etcd, kube-apiserver, kubectl) in $TARGET"
  exit 0
fi

[[ "$KUBE_VERSION" =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)$ ]] || die "KUBE_VERSION must look like 1.34.4, got '$KUBE_VERSION'"
major="${BASH_REMATCH[1]}"
minor="${BASH_REMATCH[2]}"
patch="${BASH_REMATCH[3]}"
staging_version="v0.${minor}.${patch}"   # k8s.io/api etc. are published as v0.<minor>.<patch>

if ! command -v go >/dev/null 2>&1; then
  if [[ -x /usr/local/go/bin/go ]]; then
    export PATH="/usr/local/go/bin:$PATH"
  else
    die "'go' not found on PATH. Building kube-apiserver, kubectl and etcd needs Go 1.24 or newer (tool directives).
  Install Go (https://go.dev/dl/), or put the binaries into $TARGET yourself."
  fi
fi
go_minor="$(go env GOVERSION | sed -n 's/^go1\.\([0-9]*\).*/\1/p')"
[[ -n "$go_minor" && "$go_minor" -ge 24 ]] || die "Go 1.24 or newer needed, found $(go env GOVERSION)"

mkdir -p "$TEST_DIR/k8s" "$CACHE"

# One build at a time per version (e.g. two Maven runs at once); the second one then reuses the result.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE/envtest-${KUBE_VERSION}.lock"
  if ! flock -n 9; then
    log "another envtest build of v${KUBE_VERSION} is running; waiting for it"
    flock 9
  fi
  if have_binaries; then
    log "reusing Kubernetes v${KUBE_VERSION} binaries (built meanwhile) in $TARGET"
    exit 0
  fi
  # We hold the lock, so temp dirs of this version left behind by a killed build are stale.
  rm -rf "$TEST_DIR/k8s/.${KUBE_VERSION}-build."* "$TEST_DIR/k8s/.${KUBE_VERSION}-old."*
fi

export CGO_ENABLED=0 GOFLAGS="-mod=mod" GOTOOLCHAIN=local GOWORK=off
# Temp dir next to the target (same file system), so the final mv is a rename: no half set is ever visible.
out="$(mktemp -d "$TEST_DIR/k8s/.${KUBE_VERSION}-build.XXXXXX")"
trap 'rm -rf "$out"' EXIT
trap 'exit 130' INT TERM HUP   # run the EXIT trap on Ctrl-C / kill too
started=$SECONDS

build_kubernetes() {
  local mod="$CACHE/kube-build-${KUBE_VERSION}"
  mkdir -p "$mod"
  cd "$mod"
  log "building kube-apiserver and kubectl v${KUBE_VERSION} from Go modules (first time ~4 min) in $mod"
  [[ -f go.mod ]] || go mod init xcluster.local/kubebinaries >/dev/null 2>&1

  local upstream
  upstream="$(go mod download -json "k8s.io/kubernetes@v${KUBE_VERSION}" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')"
  [[ -n "$upstream" && -f "$upstream" ]] || die "could not download k8s.io/kubernetes@v${KUBE_VERSION} from the Go module proxy"

  # Upstream replaces each staging module (k8s.io/api, k8s.io/apiserver, ...) with ./staging/src/...,
  # which only works inside its repo. Generate our replace block from exactly those lines: each module
  # points at its published twin v0.<minor>.<patch>.
  local modules
  modules="$(grep -E '^[[:space:]]*(replace[[:space:]]+)?k8s\.io/[^[:space:]]+[[:space:]]+=>[[:space:]]+\./staging/' "$upstream" \
    | sed -E 's/^[[:space:]]*(replace[[:space:]]+)?//' | awk '{print $1}' | sort -u)"
  [[ -n "$modules" ]] || die "found no '=> ./staging' replaces in $upstream"
  local edits=()
  for m in $modules; do edits+=("-replace=${m}=${m}@${staging_version}"); done
  go mod edit "${edits[@]}"
  log "  replaced $(wc -w <<<"$modules") staging modules with their ${staging_version} releases"

  log "  go get -tool kube-apiserver, kubectl"
  quiet go get -tool "k8s.io/kubernetes/cmd/kube-apiserver@v${KUBE_VERSION}" "k8s.io/kubernetes/cmd/kubectl@v${KUBE_VERSION}"

  local ldflags="-s -w
    -X k8s.io/component-base/version.gitVersion=v${KUBE_VERSION}
    -X k8s.io/component-base/version.gitMajor=${major}
    -X k8s.io/component-base/version.gitMinor=${minor}
    -X k8s.io/component-base/version.gitTreeState=clean
    -X k8s.io/client-go/pkg/version.gitVersion=v${KUBE_VERSION}
    -X k8s.io/client-go/pkg/version.gitMajor=${major}
    -X k8s.io/client-go/pkg/version.gitMinor=${minor}"
  log "  go build kube-apiserver, kubectl"
  go build -trimpath -ldflags "${ldflags//$'\n'/ }" -o "$out/" k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kubectl
}

build_etcd() {
  local mod="$CACHE/etcd-build-${ETCD_VERSION}"
  mkdir -p "$mod"
  cd "$mod"
  log "building etcd v${ETCD_VERSION} from Go modules (first time ~20 s) in $mod"
  [[ -f go.mod ]] || go mod init xcluster.local/etcdbinary >/dev/null 2>&1
  quiet go get -tool "go.etcd.io/etcd/server/v3@v${ETCD_VERSION}"
  go build -trimpath -ldflags "-s -w" -o "$out/etcd" go.etcd.io/etcd/server/v3
}

(build_kubernetes)
(build_etcd)

"$out/kube-apiserver" --version | grep -qx "Kubernetes v${KUBE_VERSION}" \
  || die "built kube-apiserver reports '$("$out/kube-apiserver" --version 2>&1)', not 'Kubernetes v${KUBE_VERSION}'"
"$out/etcd" --version >/dev/null || die "built etcd does not run"
"$out/kubectl" version --client >/dev/null || die "built kubectl does not run"
chmod 755 "$out"

# Swap into place: the old set (if any, e.g. a wrong version or an incomplete one) is moved away first.
if [[ -e "$TARGET" ]]; then
  old="$(mktemp -d "$TEST_DIR/k8s/.${KUBE_VERSION}-old.XXXXXX")"
  mv "$TARGET" "$old/"
  mv "$out" "$TARGET"
  rm -rf "$old"
else
  mv "$out" "$TARGET"
fi
trap - EXIT
log "Kubernetes v${KUBE_VERSION} binaries ready in $TARGET ($((SECONDS - started)) s)"
