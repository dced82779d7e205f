#!/usr/bin/env bash
# Runs the whole test suite on a fresh Debian 12 machine: installs what is
# missing, builds, starts the private PostgreSQL, runs every CTest test
# (unit, integration against the real database, end-to-end CLI -> server ->
# database). Extra arguments go to ctest, e.g. deploy/test.sh -R Scorer.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

./deploy/install-deps.sh
echo "test.sh: building"
./deploy/build.sh
# The libFuzzer targets (clang, build-fuzz/): the suite runs each briefly.
./deploy/fuzz.sh build
./deploy/pg.sh start
export BAOXUE_TEST_DATABASE_URL
BAOXUE_TEST_DATABASE_URL=$(./deploy/pg.sh url)
echo "test.sh: running tests"
ctest --test-dir "${BAOXUE_BUILD_DIR:-build}" --output-on-failure -j"$(nproc)" --timeout 900 "$@"
