#!/bin/sh
# Benchmark: time and peak memory of `groupprod report` on generated groups of growing size.
# Prints one line per size. Usage: sh scripts/bench.sh [sizes...]   (default: 50 1000 5000 20000)
# With BENCH_INSTRUCTIONS=1 it also counts instructions with valgrind's callgrind, which, unlike
# wall time, repeats exactly for the same binary and input.
set -eu
cd "$(dirname "$0")/.."
swift build -c release >/dev/null
BIN="$(swift build -c release --show-bin-path)/groupprod"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
SIZES="${*:-50 1000 5000 20000}"

for n in $SIZES; do
    python3 - "$WORK/g$n" "$n" <<'PY'
import os, random, sys
path, n = sys.argv[1], int(sys.argv[2])
os.makedirs(path)
rnd = random.Random(n)
with open(f"{path}/members.csv", "w", encoding="utf-8") as f:
    f.write("member_id,name,role,prior_grant,uses_it_tool\n")
    for i in range(n):
        f.write(f"M{i:06d},事業者{i},{'representative' if i == 0 else 'participant'},no,yes\n")
with open(f"{path}/figures.csv", "w", encoding="utf-8") as f:
    f.write("member_id,period,kind,operating_profit,labour_cost,depreciation,headcount,hours_per_employee\n")
    for i in range(n):
        op, lc, dep = rnd.randrange(-2, 20) * 100_000, rnd.randrange(20, 500) * 100_000, rnd.randrange(1, 50) * 10_000
        heads, hours = rnd.randrange(1, 40), rnd.randrange(1600, 2300)
        for p in range(3):
            g = 1 + p * rnd.randrange(0, 9) / 100
            f.write(f"M{i:06d},{p},actual,\"{int(op * g):,}\",{int(lc * g)},{dep},{heads},{hours}\n")
PY
    rows=$((n * 3))
    bytes=$(wc -c < "$WORK/g$n/figures.csv")
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f "members=$n rows=$rows bytes=$bytes wall=%es maxrss=%MKB" "$BIN" report "$WORK/g$n" --format json >/dev/null
    else
        python3 -c 'import subprocess,sys,time; t=time.time(); subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True); print(f"wall={time.time()-t:.2f}s")' "$BIN" report "$WORK/g$n" --format json | sed "s/^/members=$n rows=$rows bytes=$bytes /; s/$/ maxrss=n\/a (install 'time' for it)/"
    fi
    if [ "${BENCH_INSTRUCTIONS:-0}" = 1 ] && command -v valgrind >/dev/null 2>&1; then
        ir=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$BIN" report "$WORK/g$n" --format json 2>&1 >/dev/null \
            | sed -n 's/.*Collected : //p')
        echo "members=$n instructions=$ir"
    fi
done
