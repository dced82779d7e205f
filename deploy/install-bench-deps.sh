#!/usr/bin/env bash
# The Debian packages the benchmarks' peers need (deploy/bench.sh): Python's
# PostgreSQL driver, numpy, gRPC and protobuf for the Python peer server, and
# scikit-learn for the training comparison, pgbench (postgresql-15) for the
# database's own point-lookup rate, perf for tests/bench/profile.sh. Idempotent.
set -euo pipefail
packages=(python3 python3-psycopg2 python3-numpy python3-grpcio python3-protobuf
          python3-sklearn postgresql-client-15 postgresql-15 linux-perf)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo_cmd=()
[ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
