#!/usr/bin/env bash
# Runs opm (operator-registry v1.59.0, pinned by hack/opm/go.mod and go.sum), built once from the Go module proxy.
# The proxy lists no versions of operator-registry, so the version is named exactly in go.mod.
#
# Usage: hack/opm.sh <opm arguments>, e.g. hack/opm.sh render bundle/ -o yaml, hack/opm.sh validate catalog/
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib/go-tool.sh"

# The tags of operator-registry's own Makefile; containers_image_openpgp avoids gpgme, which needs cgo.
# Without cgo the sqlite index commands fail at run time; render and validate of a file-based catalog need none.
opm="$(go_tool_binary opm "$here/opm" github.com/operator-framework/operator-registry/cmd/opm \
  -tags=json1,containers_image_openpgp \
  -ldflags "-X github.com/operator-framework/operator-registry/cmd/opm/version.opmVersion=v1.59.0")"
exec "$opm" "$@"
