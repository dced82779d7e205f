#!/usr/bin/env bash
# Configures and builds Baoxue (Release with debug info) into build/, or into
# $BAOXUE_BUILD_DIR when set (e.g. a second tree while another build runs).
# Uses ccache when it is installed. Ends by building the officials' web page
# (deploy/build-web.sh) into <build>/web, the server's default web_root.
#   deploy/build.sh [cmake --build args...]   e.g. deploy/build.sh --target baoxue-server
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BAOXUE_BUILD_DIR:-$repo/build}
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$repo" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" >/dev/null
cmake --build "$build_dir" -j"$(nproc)" "$@"
BAOXUE_BUILD_DIR=$build_dir "$repo/deploy/build-web.sh"
