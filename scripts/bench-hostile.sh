#!/bin/sh
# Hostile-input benchmark (issue 10): `groupprod check` on files with a misplaced quote on every
# line and on headers with thousands of unknown columns, at growing sizes, release build. Prints
# wall time and peak memory per size; time per line (or column) should stay flat: linear cost.
# Usage: sh scripts/bench-hostile.sh
set -eu
cd "$(dirname "$0")/.."
# Built as `make install` and `make bench` build it (a different build would relink each time).
STATIC=""; [ "$(uname -s)" = Linux ] && STATIC=--static-swift-stdlib
swift build -c release $STATIC >/dev/null
BIN="$(swift build -c release $STATIC --show-bin-path)/groupprod"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
python3 - "$WORK" <<'PY'
import os, sys
work = sys.argv[1]
roster = "member_id,name,role\n" + "".join(f"M{i:02d},n{i},{'representative' if i == 1 else 'participant'}\n" for i in range(1, 11))
for n in (10_000, 20_000, 50_000, 100_000):
    d = f"{work}/quote{n}"; os.makedirs(d)
    open(f"{d}/members.csv", "w").write(roster)
    open(f"{d}/figures.csv", "w").write("member_id,period,kind,operating_profit,labour_cost,depreciation,headcount,hours_per_employee\n"
                                        + 'M01,0,actual,"1"x,1,1,1,1800\n' * n)
for n in (1_000, 4_000, 10_000):
    d = f"{work}/wide{n}"; os.makedirs(d)
    open(f"{d}/members.csv", "w").write(roster)
    head = "member_id,period,kind,operating_profit,labour_cost,depreciation,headcount,hours_per_employee," + ",".join(f"x{i}" for i in range(n))
    rows = [f"M{i:02d},0,actual,1000000,10000000,500000,5,1800," + "," * (n - 1) for i in range(1, 11)]
    open(f"{d}/figures.csv", "w").write(head + "\n" + "\n".join(rows) + "\n")
PY
printf '%-14s %8s %10s %12s\n' input seconds peak_MiB bytes_out
for d in quote10000 quote20000 quote50000 quote100000 wide1000 wide4000 wide10000; do
    /usr/bin/time -f '%e %M' -o "$WORK/t" "$BIN" check "$WORK/$d" >"$WORK/out" 2>&1 || true
    read -r secs kb <<EOF2
$(tail -n 1 "$WORK/t")
EOF2
    printf '%-14s %8s %10s %12s\n' "$d" "$secs" "$((kb / 1024))" "$(wc -c <"$WORK/out")"
done
