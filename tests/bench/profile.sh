#!/usr/bin/env bash
# Where a benchmark's CPU time goes: samples the whole machine with perf's
# cpu-clock (hardware counters are "not supported" on these virtual machines;
# `perf stat -e instructions true` tells) while COMMAND runs, then prints the
# hottest symbols of each process name (postgres backends, the engine's
# binaries) as a share of all samples taken, so the database's and the
# engine's parts of one run can be compared.
#
#   tests/bench/profile.sh OUT_PREFIX COMMAND [ARGS...]
#
# Writes OUT_PREFIX.data (perf's samples) and OUT_PREFIX.txt (the report).
# Needs Debian's linux-perf (deploy/install-bench-deps.sh). Other work on a
# shared machine is sampled too: read only the rows of the processes named.
set -euo pipefail
out=${1:?usage: profile.sh OUT_PREFIX COMMAND [ARGS...]}
shift
perf record -q -F 499 -e cpu-clock -a -o "$out.data" -- "$@" >/dev/null 2>"$out.perf.log" || {
  cat "$out.perf.log" >&2
  exit 1
}
{
  echo "# perf cpu-clock samples while running: $*"
  echo "## by process name"
  perf report -i "$out.data" --stdio --sort comm --percent-limit 1 2>/dev/null |
    grep -v '^#' | grep -v '^$' | head -15
  echo "## hottest symbols (process, library, symbol)"
  perf report -i "$out.data" --stdio --sort comm,dso,symbol --percent-limit 0.7 2>/dev/null |
    grep -v '^#' | grep -v '^$' | head -45
} >"$out.txt"
cat "$out.txt"
