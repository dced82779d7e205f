#!/usr/bin/env bash
# Configures and builds Baoxue into build/ (Release with debug info).
#   deploy/build.sh [cmake --build args...]   e.g. deploy/build.sh --target baoxue-server
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cmake -S "$repo" -B "$repo/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$repo/build" -j"$(nproc)" "$@"
