#!/usr/bin/env bash
# Runs one libFuzzer target for a bounded time over its checked-in corpus.
# New inputs go to a scratch directory (the repository's corpus is only read;
# `deploy/fuzz.sh merge` adds the useful ones). Fails on any crash, leak,
# sanitizer report, timeout (> 5 s for one input) or out-of-memory (> 2 GiB).
#   run_fuzzer.sh FUZZER_BINARY CORPUS_DIR SECONDS
set -euo pipefail
binary=$1 corpus=$2 seconds=$3
if [ ! -x "$binary" ]; then
  echo "run_fuzzer: $binary is missing: build the fuzzers with deploy/fuzz.sh build" >&2
  exit 1
fi
scratch=$(mktemp -d)
set +e
"$binary" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
  -max_len=65536 -artifact_prefix="$scratch/" -print_final_stats=1 \
  "$scratch" "$corpus" 2>&1 | tail -n 40
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
  echo "run_fuzzer: failed ($status); the failing input is kept in $scratch" >&2
  exit "$status"
fi
rm -rf "$scratch"
