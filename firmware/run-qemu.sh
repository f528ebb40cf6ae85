#!/usr/bin/env bash
# Boot the PpcSim test kernel on QEMU's POWER9 PowerNV machine and print its console.
#
#   firmware/run-qemu.sh [--cores N] [--set key=value]... [--image FILE] [--timeout SECONDS] [--single-thread]
#
# --set patches the boot configuration block of a copy of the image (4096 bytes at offset
# 0x1000: "PPCSIM-BOOTCFG\0\0" then "key=value" lines; see README.md); unknown keys are
# rejected. The run stops when
# the kernel prints "ppcsim-kernel: done" (QEMU has no power-off device the kernel uses) or
# after the timeout. --single-thread runs the vCPUs round robin on one host thread
# (-accel tcg,thread=single): IPIs are then taken as soon as the target vCPU runs again, instead
# of after the host schedules its thread (milliseconds on a loaded host).
# Exit status: 0 end line seen and no self-test failed; 1 a self-test failed, the kernel
# panicked or QEMU exited early; 2 bad usage; 124 timeout.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
image="$here/bin/kernel.bin"
cores=1
timeout=60
sets=()
accel=()
qemu=qemu-system-ppc64
END_LINE="ppcsim-kernel: done"
CFG_OFFSET=4096          # the block; its text follows the 16-byte magic
CFG_TEXT=$((CFG_OFFSET + 16))
CFG_SIZE=4080            # text capacity, NUL-padded
CFG_MAGIC="PPCSIM-BOOTCFG"

die_usage() { echo "run-qemu.sh: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --cores) [ $# -ge 2 ] || die_usage "--cores needs a value"; cores="$2"; shift 2 ;;
    --cores=*) cores="${1#*=}"; shift ;;
    --set) [ $# -ge 2 ] || die_usage "--set needs key=value"; sets+=("$2"); shift 2 ;;
    --set=*) sets+=("${1#*=}"); shift ;;
    --image) [ $# -ge 2 ] || die_usage "--image needs a file"; image="$2"; shift 2 ;;
    --single-thread) accel=(-accel tcg,thread=single); shift ;;
    --timeout) [ $# -ge 2 ] || die_usage "--timeout needs seconds"; timeout="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die_usage "unknown option '$1' (try --help)" ;;
  esac
done

[[ "$cores" =~ ^[0-9]+$ ]] && [ "$cores" -ge 1 ] && [ "$cores" -le 16 ] || die_usage "--cores must be 1..16, got '$cores'"
[[ "$timeout" =~ ^[0-9]+$ ]] && [ "$timeout" -ge 1 ] || die_usage "--timeout must be a positive number of seconds"
[ -f "$image" ] || die_usage "image '$image' not found"
command -v "$qemu" >/dev/null || { echo "run-qemu.sh: $qemu is not installed (apt-get install qemu-system-ppc)" >&2; exit 2; }

tmp="$(mktemp -d)"
qpid=""
cleanup() { [ -n "$qpid" ] && kill "$qpid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

cp "$image" "$tmp/kernel.bin"

# ---- boot configuration block ----
magic="$(dd if="$tmp/kernel.bin" bs=1 skip=$CFG_OFFSET count=16 2>/dev/null | od -An -c | tr -d ' \n')"
[ "$magic" = "${CFG_MAGIC}\0\0" ] || die_usage "image has no boot configuration block at offset $CFG_OFFSET"
block="$(dd if="$tmp/kernel.bin" bs=1 skip=$CFG_TEXT count=$CFG_SIZE 2>/dev/null | tr -d '\000')"
keys=(); vals=()
while IFS= read -r line; do
  [ -z "$line" ] && continue
  [[ "$line" == *=* ]] || continue
  keys+=("${line%%=*}"); vals+=("${line#*=}")
done <<< "$block"

for kv in "${sets[@]+"${sets[@]}"}"; do
  [[ "$kv" == *=* ]] || die_usage "--set expects key=value, got '$kv'"
  k="${kv%%=*}"; v="${kv#*=}"
  [[ "$v" =~ ^[A-Za-z0-9_.,:-]*$ ]] || die_usage "bad value for $k: '$v'"
  found=0
  for i in "${!keys[@]}"; do
    if [ "${keys[$i]}" = "$k" ]; then vals[$i]="$v"; found=1; fi
  done
  [ $found = 1 ] || die_usage "unknown boot key '$k' (known: ${keys[*]})"
done

if [ ${#sets[@]} -gt 0 ]; then
  text=""
  for i in "${!keys[@]}"; do text+="${keys[$i]}=${vals[$i]}"$'\n'; done
  [ ${#text} -lt $CFG_SIZE ] || die_usage "boot configuration does not fit in $CFG_SIZE bytes"
  printf '%s' "$text" > "$tmp/cfg"
  truncate -s $CFG_SIZE "$tmp/cfg"
  dd if="$tmp/cfg" of="$tmp/kernel.bin" bs=1 seek=$CFG_TEXT conv=notrunc 2>/dev/null
fi

# ---- run ----
mkfifo "$tmp/console"
"$qemu" -M powernv9 "${accel[@]}" -smp "$cores" -m 1G -bios "$tmp/kernel.bin" -display none \
  -serial stdio -monitor none -nodefaults -no-reboot </dev/null >"$tmp/console" 2>"$tmp/qemu.err" &
qpid=$!

status=124
failed=0
deadline=$((SECONDS + timeout))
exec 3<"$tmp/console"
while :; do
  left=$((deadline - SECONDS))
  [ $left -gt 0 ] || break
  if IFS= read -r -t "$left" line <&3; then
    line="${line%$'\r'}"
    printf '%s\n' "$line"
    case "$line" in
      "$END_LINE"*) status=0; break ;;
      "ppcsim-kernel: panic"*) failed=1 ;;
      selftest:*FAILED) failed=1 ;;
    esac
  else
    # EOF (QEMU exited) or timeout
    if ! kill -0 "$qpid" 2>/dev/null; then
      echo "run-qemu.sh: QEMU exited before the end line" >&2
      cat "$tmp/qemu.err" >&2
      status=1
    fi
    break
  fi
done
exec 3<&-
if [ $status = 124 ]; then
  echo "run-qemu.sh: timeout after ${timeout}s without '$END_LINE'" >&2
fi
[ $status = 0 ] && [ $failed = 1 ] && status=1
exit $status
