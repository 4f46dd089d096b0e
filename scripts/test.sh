#!/usr/bin/env bash
# Runs the whole test suite: unit tests, the CLI tests and the differential tests against the
# real helm binary (installed by scripts/install-helm.sh when it is not on PATH), then prints
# the totals over every test binary as a last line: `N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
helm=$(./scripts/install-helm.sh)
# The CLI tests of `strata template` and the manifest commands run this helm too.
export STRATA_HELM="$helm"
echo "differential tests use $helm ($("$helm" version --short))"
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
