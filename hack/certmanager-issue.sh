#!/usr/bin/env bash
# Issues a cert-manager Certificate the way cert-manager v1.21.2's self-signed issuer does, using
# hack/certmanager-issue (a small Go program on github.com/cert-manager/cert-manager's pkg/util/pki,
# pinned by its go.sum), and writes tls.crt, tls.key and ca.crt as the Certificate's Secret holds them.
#
# Usage: hack/certmanager-issue.sh -manifests <rendered.yaml> -out <dir> [-certificate <name>]
#   e.g. kubectl kustomize config/default > /tmp/default.yaml && hack/certmanager-issue.sh -manifests /tmp/default.yaml -out /tmp/cert
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib/go-tool.sh"
bin="$(go_tool_binary certmanager-issue "$here/certmanager-issue" .)"

exec "$bin" "$@"
