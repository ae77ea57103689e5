#!/bin/sh
# Puts the socket.io client bundle into the server's classpath resources (run by server/pom.xml in
# generate-resources): installs the exact socket.io-client of package-lock.json, then bundle.mjs
# copies its dist/ files with their br/gzip/deflate forms and version into the directory given.
# Does nothing when its outputs are newer than every input, so an unchanged build costs no Node.
#
# Usage: sh bundle.sh <output directory>
set -eu

if [ $# -ne 1 ]; then
    echo "usage: sh bundle.sh <output directory>" >&2
    exit 2
fi
case $1 in
    /*) out=$1 ;;
    *) out="$PWD/$1" ;;
esac
cd "$(dirname "$0")"

stamp="$out/.complete"
installed=node_modules/.package-lock.json

newer_than_all() {
    target=$1
    shift
    [ -e "$target" ] || return 1
    for input in "$@"; do
        [ "$target" -nt "$input" ] || return 1
    done
}

need_install=true
if newer_than_all "$installed" package.json package-lock.json; then
    need_install=false
fi
need_bundle=true
if [ "$need_install" = false ] && newer_than_all "$stamp" "$installed" package.json package-lock.json bundle.sh bundle.mjs; then
    need_bundle=false
fi
if [ "$need_install" = false ] && [ "$need_bundle" = false ]; then
    exit 0
fi

fail_no_npm() {
    echo "npm is needed to fetch the socket.io client bundle: install Node 18+ and npm ($1)" >&2
    exit 1
}
command -v node >/dev/null 2>&1 || fail_no_npm "node was not found on the PATH"
command -v npm >/dev/null 2>&1 || fail_no_npm "npm was not found on the PATH"
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 18 ] || fail_no_npm "found Node $(node --version)"

if [ "$need_install" = true ]; then
    # --ignore-scripts: the files are taken as published; no package code runs on the build machine.
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi
node bundle.mjs "$out"
