#!/usr/bin/env bash
# Builds the officials' web page (web/) and copies it to the server's default
# web_root, ${BAOXUE_BUILD_DIR:-build}/web. Dependencies come from the npm
# registry exactly as web/package-lock.json pins them (npm ci); no browser is
# ever downloaded (the browser tests use Debian's chromium).
#   deploy/build-web.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BAOXUE_BUILD_DIR:-$repo/build}
case "$build_dir" in /*) ;; *) build_dir=$repo/$build_dir ;; esac

command -v node >/dev/null || { echo "build-web: node is missing; run deploy/install-deps.sh" >&2; exit 1; }
cd "$repo/web"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# npm ci wipes node_modules; skip it when the installed tree already matches
# the lock file (npm writes its own copy of the lock into node_modules).
if ! cmp -s package-lock.json node_modules/.baoxue-lock 2>/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.baoxue-lock
fi
npx --no-install vite build --logLevel warn
rm -rf "$build_dir/web"
mkdir -p "$build_dir"
cp -r dist "$build_dir/web"
echo "build-web: page built into $build_dir/web"
