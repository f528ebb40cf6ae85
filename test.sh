#!/usr/bin/env bash
# PpcSim's test command. Installs what the tests need (Debian packages as root, NuGet restore),
# rebuilds the committed guest images from source and checks they match, runs every test
# project, and ends with one line: "N passed, N failed[, N skipped]".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
results="$root/build/test-results"
rm -rf "$results"
mkdir -p "$results"
extra_failed=0

say() { echo "== $*"; }

# ---- 1. Debian packages the tests need ---------------------------------------------------------
packages=(gcc-powerpc64le-linux-gnu binutils-powerpc64le-linux-gnu libc6-dev-ppc64el-cross qemu-user qemu-system-ppc make gdb-multiarch)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  if [ "$(id -u)" != 0 ]; then
    echo "test.sh: packages missing (${missing[*]}) and not root to install them" >&2
    extra_failed=$((extra_failed + 1))
  else
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >"$results/apt.log" 2>&1
    if ! apt-get install -y -q "${missing[@]}" >>"$results/apt.log" 2>&1; then
      tail -20 "$results/apt.log" >&2
      echo "test.sh: apt-get install failed" >&2
      extra_failed=$((extra_failed + 1))
    fi
  fi
fi

# ---- 2. Build ------------------------------------------------------------------------------------
say "building PpcSim.sln (Release)"
if ! dotnet build PpcSim.sln -c Release -nologo -v quiet -clp:ErrorsOnly >"$results/build.log" 2>&1; then
  cat "$results/build.log"
  echo "0 passed, 1 failed"
  exit 1
fi

# ---- 3. Guest images: rebuild from source, compare with the committed ones ----------------------
for dir in workloads firmware; do
  if [ -f "$dir/Makefile" ]; then
    say "rebuilding $dir images and comparing with the committed ones"
    if make -s -C "$dir" check >"$results/$dir-check.log" 2>&1; then
      echo "$dir: images reproduce"
    else
      cat "$results/$dir-check.log"
      echo "test.sh: $dir images do not match their sources" >&2
      extra_failed=$((extra_failed + 1))
    fi
  fi
done

# ---- 4. Tests ------------------------------------------------------------------------------------
passed=0 failed=0 skipped=0
for proj in tests/*/*.csproj; do
  name="$(basename "$proj" .csproj)"
  grep -q "<IsTestProject>true</IsTestProject>" "$proj" || continue
  say "$name"
  trx="$results/$name.trx"
  dotnet test "$proj" -c Release --no-build -nologo -v quiet \
    --logger "trx;LogFileName=$trx" --logger "console;verbosity=normal" >"$results/$name.log" 2>&1
  rc=$?
  if [ -f "$trx" ]; then
    counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
    get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
    p="$(get passed)"; f="$(get failed)"; t="$(get total)"; e="$(get executed)"
    p=${p:-0}; f=${f:-0}; t=${t:-0}; e=${e:-0}
    s=$((t - e))
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
    echo "$name: $p passed, $f failed, $s skipped"
    if [ "$f" != 0 ]; then grep -E "^\s+(Failed|Error Message|  )" "$results/$name.log" | head -80; fi
    if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
      echo "$name: test host exited with $rc"; tail -30 "$results/$name.log"; failed=$((failed + 1))
    fi
  else
    echo "$name: no results (exit $rc)"; tail -40 "$results/$name.log"
    failed=$((failed + 1))
  fi
done

failed=$((failed + extra_failed))
if [ "$skipped" != 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" = 0 ]
