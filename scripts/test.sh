#!/usr/bin/env bash
# Runs the whole test suite: unit tests, the CLI tests and the differential tests against the
# real helm binaries, Helm 3 and Helm 4 (found or installed by scripts/install-helm.sh 3 and
# 4), and `strata import helmfile` against the real helmfile (scripts/install-helmfile.sh),
# then prints the totals over every test binary as a last line: `N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
helm=$(./scripts/install-helm.sh 3)
helm4=$(./scripts/install-helm.sh 4)
# `strata import helmfile` is checked against the real helmfile 0.166 (cached in .tools/).
helmfile="$(./scripts/install-helmfile.sh)/helmfile/helmfile"
echo "differential tests use $helm ($("$helm" version --short)) and $helm4 ($("$helm4" version --short))"
# The CLI tests of `strata template` and the manifest commands run the Helm 3 binary too.
export STRATA_HELM="$helm" STRATA_HELM4="$helm4" STRATA_HELMFILE="$helmfile"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# No doc tests: the library's doc comments hold no Rust examples to run.
set +e
cargo test --locked --lib --bins --tests "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
passed=$(grep -oE '^test result: [a-zA-Z]+\. [0-9]+ passed' "$log" | grep -oE '[0-9]+ passed' | awk '{s+=$1} END {print s+0}' || true)
failed=$(grep -oE '; [0-9]+ failed' "$log" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}' || true)
echo
echo "$passed passed, $failed failed"
exit "$status"
