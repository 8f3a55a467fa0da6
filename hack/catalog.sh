#!/usr/bin/env bash
# Renders the file-based catalog (FBC) of a bundle directory with opm (hack/opm.sh), no image needed:
#   <out>/catalog/<package>/index.yaml   the olm.package, one olm.channel per bundle channel holding this bundle,
#                                        and the olm.bundle that `opm render <bundle-dir>` makes
#   <out>/catalog.Dockerfile             the catalog image (opm generate dockerfile, opm pinned to v1.59.0)
# then checks it with `opm validate`.
#
# Usage: hack/catalog.sh <bundle-dir> <out-dir>
# The olm.bundle points at BUNDLE_IMG, by default the CSV's containerImage with "-bundle" after the repository
# and v<CSV version> as tag (ghcr.io/x/xcluster-operator:0.1.0 -> ghcr.io/x/xcluster-operator-bundle:v0.1.0).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
opm="$here/opm.sh"
die() { echo "catalog: ERROR: $*" >&2; exit 1; }

[[ $# -eq 2 ]] || { echo "usage: $0 <bundle-dir> <out-dir>" >&2; exit 2; }
bundle="$1"
out="$2"
annotations="$bundle/metadata/annotations.yaml"
csv="$(ls "$bundle"/manifests/*.clusterserviceversion.yaml 2>/dev/null | head -1)"
[[ -f "$annotations" && -f "$csv" ]] || die "$bundle has no metadata/annotations.yaml or CSV; run make bundle first"

annotation() { sed -n "s/^  operators\.operatorframework\.io\.bundle\.$1: //p" "$annotations"; }
package="$(annotation package.v1)"
channels="$(annotation channels.v1)"
default_channel="$(annotation channel.default.v1)"
[[ -n "$package" && -n "$channels" && -n "$default_channel" ]] \
  || die "$annotations lacks the package, channels or default channel annotation"

if [[ -z "${BUNDLE_IMG:-}" ]]; then
  operator_image="$(sed -n 's/^    containerImage: //p' "$csv")"
  version="$(sed -n 's/^  version: //p' "$csv")"
  [[ -n "$operator_image" && -n "$version" ]] || die "$csv has no containerImage annotation or spec.version"
  BUNDLE_IMG="${operator_image%:*}-bundle:v${version}"
fi

rendered="$("$opm" render "$bundle" -o yaml)"
bundle_name="$(sed -n 's/^name: //p' <<<"$rendered")"
[[ -n "$bundle_name" ]] || die "opm render $bundle gave no bundle name"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/catalog/$package"
{
  "$opm" init "$package" --default-channel="$default_channel" -o yaml
  IFS=',' read -ra names <<<"$channels"
  for channel in "${names[@]}"; do
    printf -- '---\nentries:\n- name: %s\nname: %s\npackage: %s\nschema: olm.channel\n' \
      "$bundle_name" "$channel" "$package"
  done
  # A bundle rendered from a directory has no image; the catalog names the one make bundle-build pushes.
  sed "s|^image: \"\"$|image: $BUNDLE_IMG|" <<<"$rendered"
} >"$work/catalog/$package/index.yaml"
"$opm" generate dockerfile "$work/catalog" \
  -b quay.io/operator-framework/opm:v1.59.0 -i quay.io/operator-framework/opm:v1.59.0 >/dev/null
"$opm" validate "$work/catalog" || die "opm validate rejected the rendered catalog"

mkdir -p "$out"
rm -rf "$out/catalog"
mv "$work/catalog" "$work/catalog.Dockerfile" "$out/"
echo "catalog: $out/catalog/$package/index.yaml ($bundle_name in channel(s) $channels, bundle image $BUNDLE_IMG)"
