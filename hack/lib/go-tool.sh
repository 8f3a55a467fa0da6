# Sourced by the hack/ scripts that run a Go tool built from a pinned module of their own (go.mod, go.sum and
# any *.go in one directory under hack/). The binary is cached in ~/.cache/xcluster-operator/bin, shared by every
# checkout, and rebuilt only when the module's files change (a stamp beside the binary holds their checksum).
#
#   go_tool_binary NAME SRC_DIR PACKAGE [go build flags...]   prints the path of the built binary

go_tool_binary() {
  local name="$1" src="$2" package="$3"
  shift 3
  local bin="${XDG_CACHE_HOME:-$HOME/.cache}/xcluster-operator/bin/$name"
  local sum
  sum="$(cat "$src"/go.mod "$src"/go.sum $(find "$src" -maxdepth 1 -name '*.go') | sha256sum | cut -c1-16)"
  if [[ -x "$bin" && "$(cat "$bin.sum" 2>/dev/null)" == "$sum" ]]; then
    echo "$bin"
    return
  fi
  if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
    export PATH="/usr/local/go/bin:$PATH"
  fi
  if ! command -v go >/dev/null 2>&1; then
    echo "$name: ERROR: 'go' not found on PATH; Go 1.24+ is needed to build $name from $src" >&2
    return 1
  fi
  echo "$name: building $bin from $src (cold Go caches take minutes)" >&2
  mkdir -p "$(dirname "$bin")"
  (cd "$src" && CGO_ENABLED=0 GOWORK=off GOTOOLCHAIN=local GOFLAGS=-mod=readonly \
    go build -trimpath "$@" -o "$bin.tmp.$$" "$package") >&2 || { rm -f "$bin.tmp.$$"; return 1; }
  mv "$bin.tmp.$$" "$bin"
  echo "$sum" >"$bin.sum"
  echo "$bin"
}
