#!/usr/bin/env bash
# Issue 5's acceptance sweeps (the figures in the session note). Usage:
#   bench/acceptance.sh OUTDIR [SEEDS] [FIXED_SEEDS] [VARIANT_SEEDS]
# Each sweep writes OUTDIR/NAME.{jsonl,md,csv,svg,txt}; rerunning resumes where it stopped.
set -euo pipefail
out=${1:?usage: bench/acceptance.sh OUTDIR [SEEDS] [FIXED_SEEDS] [VARIANT_SEEDS]}
seeds=${2:-100}; fixed=${3:-1000}; variants=${4:-100}
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
# the fixes: zero corruption, zero violations
sweep fixed --seeds 1-"$fixed" --matrix fpu_fix=on,giveup --matrix twa=signal,noipi
sweep fixed-variants --seeds 1-"$variants" --matrix fpu_fix=on,giveup --matrix twa=signal,noipi \
  --matrix barrier=none,lwsync,sync --matrix udelay_us=0,1000
