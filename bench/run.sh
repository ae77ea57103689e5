#!/usr/bin/env bash
# The one benchmark command: builds the bench module, installs the Node baseline, then runs every
# scenario against Switchboard, the raw Netty baseline and Node's socket.io with each server pinned
# to core 0 and this generator to core 1. Writes bench/results/full.json and rewrites
# docs/BENCHMARKS.md from it.
#
#   bench/run.sh            the full run (about 12 minutes; run it on a quiet machine)
#   bench/run.sh --smoke    every scenario tiny (well under a minute); writes under bench/target/
#
# Other options (see dev.switchboard.bench.Runner): --servers switchboard,raw,node
#   --scenarios idle,connect,ack,broadcast,polling,slow  --json FILE  --markdown FILE  --no-pin
# BENCH_SKIP_BUILD=1 uses bench/target/switchboard-bench.jar as it is.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v node >/dev/null 2>&1 || { echo "bench/run.sh needs Node 18+ and npm (e.g. apt-get install nodejs npm)" >&2; exit 2; }

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "[bench] building the bench module and what it depends on"
  ./mvnw -q -DskipTests -pl bench -am package
fi

if [ ! -f bench/node/node_modules/.package-lock.json ] || [ bench/node/package-lock.json -nt bench/node/node_modules/.package-lock.json ]; then
  echo "[bench] npm ci in bench/node"
  (cd bench/node && npm ci --no-audit --no-fund --loglevel=error)
fi

pin=()
if command -v taskset >/dev/null 2>&1 && [ "$(nproc --all)" -ge 2 ]; then
  pin=(taskset -c 1)
fi

# The generator's JVM: one core's worth of threads, a heap that holds 18k clients without pauses
# that would show up as latency, no leak tracking, no logging.
exec "${pin[@]}" java \
  -XX:ActiveProcessorCount=1 -XX:+UseParallelGC -Xms2g -Xmx2g \
  -Dio.netty.leakDetection.level=disabled -Dorg.slf4j.simpleLogger.defaultLogLevel=off \
  "-Dbench.command=bench/run.sh${*:+ $*}" \
  -jar bench/target/switchboard-bench.jar "$@"
