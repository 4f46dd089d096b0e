#!/usr/bin/env bash
# Runs the whole test suite: unit tests, the CLI tests and the differential tests against the
# real helm binary (installed by scripts/install-helm.sh when it is not on PATH).
set -euo pipefail
cd "$(dirname "$0")/.."
helm=$(./scripts/install-helm.sh)
echo "differential tests use $helm ($("$helm" version --short))"
cargo test --locked "$@"
