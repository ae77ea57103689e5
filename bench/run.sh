#!/usr/bin/env bash
# The one benchmark command: builds the bench module, installs the Node baseline, then runs every
# scenario against Switchboard, the raw Netty baseline and Node's socket.io with each server pinned
# to core 0 and this generator to core 1, three times each (servers interleaved; the report shows
# the median and the spread). Writes bench/results/full.json, rewrites docs/BENCHMARKS.md from it
# and draws the charts beside it (docs/bench-*.svg).
#
#   bench/run.sh            the full run (about an hour; run it on a quiet machine)
#   bench/run.sh --smoke    every scenario tiny, once (about a minute); writes under bench/target/
#
# Other options (see dev.switchboard.bench.Runner): --servers switchboard,raw,node,tomcat
#   --scenarios idle,connect,ack,broadcast,burst,pipelined,demo,cluster,polling,slow,soak
#   --repetitions N  --json FILE  --markdown FILE  --no-pin
# BENCH_SKIP_BUILD=1 uses bench/target/switchboard-bench.jar as it is. JAVA_OPTS go to this
# generator's JVM: -Dbench.transport=epoll|io_uring|nio measures another transport (the Java
# servers use it too), -Dbench.serverClasspath=JAR runs another build's servers (an A/B).
set -euo pipefail
cd "$(dirname "$0")/.."

command -v node >/dev/null 2>&1 || { echo "bench/run.sh needs Node 18+ and npm (e.g. apt-get install nodejs npm)" >&2; exit 2; }
command -v redis-server >/dev/null 2>&1 || { echo "bench/run.sh needs redis-server for the cluster scenario (apt-get install redis-server)" >&2; exit 2; }

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
# shellcheck disable=SC2086
exec "${pin[@]}" java \
  -XX:ActiveProcessorCount=1 -XX:+UseParallelGC -Xms2g -Xmx2g ${JAVA_OPTS:-} \
  -Dio.netty.leakDetection.level=disabled -Dorg.slf4j.simpleLogger.defaultLogLevel=off \
  "-Dbench.command=bench/run.sh${*:+ $*}" \
  -jar bench/target/switchboard-bench.jar "$@"
