#!/usr/bin/env bash
# The libFuzzer targets (tests/fuzz, docs/security.md "Fuzzing"), built with
# Debian's clang 14 into build-fuzz/ (or $BAOXUE_FUZZ_BUILD_DIR).
#   deploy/fuzz.sh build              configure and build the fuzzers
#   deploy/fuzz.sh run [SECONDS]      run each for SECONDS (default 300) over
#                                     its corpus; new inputs are discarded
#   deploy/fuzz.sh merge              add inputs that reach new code to the
#                                     corpora in tests/fuzz/corpus (commit them)
# The test suite runs each fuzzer for a few seconds (ctest -L fuzz).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
fuzz_dir=${BAOXUE_FUZZ_BUILD_DIR:-$repo/build-fuzz}
names=(read_table_fuzzer import_rows_fuzzer packed_rows_fuzzer json_body_fuzzer
  server_config_fuzzer)

case "${1:-build}" in
  build)
    launcher=()
    command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    cmake -S "$repo" -B "$fuzz_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
      -DBAOXUE_FUZZERS=ON "${launcher[@]}" >/dev/null
    cmake --build "$fuzz_dir" -j"$(nproc)" --target fuzzers
    echo "fuzz.sh: fuzzers built in $fuzz_dir/tests/fuzz"
    ;;
  run)
    seconds=${2:-300}
    for name in "${names[@]}"; do
      echo "fuzz.sh: $name for ${seconds}s"
      "$repo/tests/fuzz/run_fuzzer.sh" "$fuzz_dir/tests/fuzz/$name" \
        "$repo/tests/fuzz/corpus/$name" "$seconds"
    done
    ;;
  merge)
    for name in "${names[@]}"; do
      found=$(mktemp -d)
      "$fuzz_dir/tests/fuzz/$name" -max_total_time="${2:-60}" -timeout=5 \
        -rss_limit_mb=2048 -max_len=65536 "$found" "$repo/tests/fuzz/corpus/$name" \
        >/dev/null 2>&1 || { echo "fuzz.sh: $name failed; inputs in $found" >&2; exit 1; }
      "$fuzz_dir/tests/fuzz/$name" -merge=1 "$repo/tests/fuzz/corpus/$name" "$found" \
        >/dev/null 2>&1
      rm -rf "$found"
      echo "fuzz.sh: $name corpus: $(ls "$repo/tests/fuzz/corpus/$name" | wc -l) inputs"
    done
    ;;
  *) echo "usage: deploy/fuzz.sh build|run [SECONDS]|merge [SECONDS]" >&2; exit 2 ;;
esac
