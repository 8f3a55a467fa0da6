# Sourced by the wrapper scripts of hack/'s Go programs (hack/<name>/ with a pinned go.mod and go.sum).
# go_tool_binary <name> <go-version-needed> prints the path of the program's binary, building it first when it
# is missing or was built from other sources (a stamp holds their checksum; the cache is shared by every
# checkout of this repo). Build output goes to stderr.

go_tool_binary() {
  local name="$1" needs="$2"
  local src
  src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$name"
  local bin="${XDG_CACHE_HOME:-$HOME/.cache}/xcluster-operator/bin/$name"
  if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
    export PATH="/usr/local/go/bin:$PATH"
  fi
  local sum
  sum="$(cat "$src"/go.mod "$src"/go.sum "$src"/*.go | sha256sum | cut -c1-16)"
  if [[ ! -x "$bin" || "$(cat "$bin.sum" 2>/dev/null)" != "$sum" ]]; then
    command -v go >/dev/null 2>&1 || { echo "$name: ERROR: 'go' not found on PATH; $needs is needed to build $src" >&2; return 1; }
    echo "$name: building $bin (first time ~1 min with warm Go caches, several minutes cold)" >&2
    mkdir -p "$(dirname "$bin")"
    (cd "$src" && CGO_ENABLED=0 GOWORK=off GOTOOLCHAIN=local GOFLAGS=-mod=readonly \
      go build -trimpath -o "$bin.tmp.$$" .) >&2
    mv "$bin.tmp.$$" "$bin"
    echo "$sum" >"$bin.sum"
  fi
  echo "$bin"
}
