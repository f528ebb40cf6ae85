#!/usr/bin/env bash
# Issue 5's acceptance sweeps (the figures in the session note). Usage:
#   bench/acceptance.sh OUTDIR [SEEDS] [FIXED_SEEDS]
# Each sweep writes OUTDIR/NAME.{jsonl,md,csv,svg,txt}; rerunning resumes where it stopped.
# Host time on 2 cores (--jobs 2): ~10 min for the buggy-kernel sweeps at 100 seeds, ~3 h for
# the fixes at 1000 seeds (24 variants; the udelay_us=1000 ones simulate ~4x longer).
set -euo pipefail
out=${1:?usage: bench/acceptance.sh OUTDIR [SEEDS] [FIXED_SEEDS]}
seeds=${2:-100}; fixed=${3:-1000}
cd "$(dirname "$0")/.."
mkdir -p "$out"
sweep() {
  local name=$1; shift
  echo "== $name: $*" >&2
  ./ppcsim sweep --jobs 2 --out "$out/$name.jsonl" "$@" > "$out/$name.txt"
  cat "$out/$name.txt"
}
# bug-anatomy section 3 on the buggy kernel: IPI vs NO_IPI, with and without udelay(1000)
sweep pattern --seeds 1-"$seeds" --matrix twa=signal,noipi --matrix udelay_us=0,1000
# an extra barrier between try_to_wake_up and kick_process
sweep barrier --seeds 1-"$seeds" --matrix barrier=lwsync,sync
# no sync before msgsnd: doorbells that overtake their message (ipi_messages_late)
sweep ipisync --seeds 1-"$seeds" --matrix ipi_sync=off
# how much later than the machine's 1500 cycles a doorbell must arrive to move the rate (what an
# extra barrier before msgsnd would have to cost for the seed email's theory to hold)
sweep ipilat --seeds 1-"$seeds" --matrix ipi_latency=5500,20000,80000,320000
# the fixes: zero corruption, zero violations, in every twa x barrier x udelay variant
sweep fixed --seeds 1-"$fixed" --matrix fpu_fix=on,giveup --matrix twa=signal,noipi \
  --matrix barrier=none,lwsync,sync --matrix udelay_us=0,1000
