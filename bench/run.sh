#!/bin/sh
# Side-by-side benchmark in one run (release build): groupprod against raw libcsv, DuckDB and pandas,
# and groupprod on the same portfolio in CP932, as folders (300 of them also as workbooks), and not
# sorted by group (by year, shuffled, 200 rows moved to the end).
# Prints, per measurement, the median of RUNS runs (default 3) of wall time, CPU time (user+sys)
# and peak memory (max RSS), then the ratios, the verdict comparison, and valgrind's instruction
# count for a fixed input (which repeats exactly, for before/after comparisons).
#   sh bench/run.sh            (from the repository root; make bench does the same)
# Inputs are generated with a fixed seed by bench/generate.py into bench/data/ (not committed).
# DuckDB and pandas are optional: pip install duckdb pandas; without them their rows say so.
set -eu
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
DATA=bench/data
mkdir -p "$DATA"
# As `make install` builds it: on Linux with the Swift runtime linked statically (see the Makefile).
STATIC=""; [ "$(uname -s)" = Linux ] && STATIC=--static-swift-stdlib
swift build -c release $STATIC >/dev/null
BIN="$(swift build -c release $STATIC --show-bin-path)/groupprod"
cc -O2 -o "$DATA/libcsv_parse" bench/libcsv_parse.c -lcsv

[ -f "$DATA/portfolio-3000x100.csv" ] || python3 bench/generate.py portfolio 3000 100 "$DATA/portfolio-3000x100.csv"
for n in 10 1000 100000; do [ -f "$DATA/group-$n.csv" ] || python3 bench/generate.py group "$n" "$DATA/group-$n.csv"; done

# measure NAME RUNS COMMAND...: prints "NAME wall cpu rss" (medians) and remembers them.
measure() {
    name=$1; runs=$2; shift 2
    : > "$DATA/times"
    i=0
    while [ "$i" -lt "$runs" ]; do
        /usr/bin/time -f "%e %U %S %M" -o "$DATA/time1" "$@" >/dev/null 2>"$DATA/stderr" || {
            echo "$name: FAILED"; cat "$DATA/stderr"; return 1; }
        cat "$DATA/time1" >> "$DATA/times"
        i=$((i + 1))
    done
    python3 - "$name" "$DATA/times" <<'PY'
import statistics, sys
name, path = sys.argv[1], sys.argv[2]
rows = [list(map(float, l.split())) for l in open(path) if l.strip()]
wall = statistics.median(r[0] for r in rows)
cpu = statistics.median(r[1] + r[2] for r in rows)
rss = statistics.median(r[3] for r in rows) / 1024
print(f"{name:<44} wall {wall:7.2f} s  cpu {cpu:7.2f} s  peak {rss:7.1f} MiB  (median of {len(rows)})")
open(path + ".result", "a").write(f"{name} {wall} {cpu} {rss}\n")
PY
}
rm -f "$DATA/times.result"

P="$DATA/portfolio-3000x100.csv"
echo "input: $P ($(wc -c < "$P") bytes, $(($(wc -l < "$P") - 1)) rows: 3,000 groups x 100 members x 3 periods)"
measure "groupprod portfolio --format json" "$RUNS" sh -c "\"$BIN\" portfolio \"$P\" --format json > \"$DATA/groupprod.json\""
measure "libcsv alone (C, same options)" "$RUNS" "$DATA/libcsv_parse" "$P"
# The default format, a table: no file is hashed for it (only the JSON lists the files read with their SHA-256).
measure "groupprod portfolio (table, the default)" "$RUNS" "$BIN" portfolio "$P"
# The same file as Excel saves a CSV in Japan (CP932); its verdicts must equal the UTF-8 file's.
[ -f "$DATA/portfolio-3000x100-cp932.csv" ] || python3 -c 'import sys; open(sys.argv[2], "w", encoding="cp932", newline="").write(open(sys.argv[1], encoding="utf-8-sig", newline="").read())' "$P" "$DATA/portfolio-3000x100-cp932.csv"
measure "groupprod portfolio, the file in CP932" "$RUNS" sh -c "\"$BIN\" portfolio \"$DATA/portfolio-3000x100-cp932.csv\" --format json > \"$DATA/groupprod-cp932.json\""
# The same groups as a consultant keeps them: a folder per group, one CSV in each.
[ -d "$DATA/portfolio-3000x100-folders" ] || python3 bench/generate.py folders "$P" "$DATA/portfolio-3000x100-folders"
measure "groupprod portfolio, 3,000 group folders" "$RUNS" sh -c "\"$BIN\" portfolio \"$DATA/portfolio-3000x100-folders\" --format json > \"$DATA/groupprod-folders.json\""
# The first 300 of those groups as Excel workbooks, a folder each (the XML read by libxml2's SAX2 parser).
have_openpyxl=0
if python3 -c 'import openpyxl' 2>/dev/null; then
    have_openpyxl=1
    [ -d "$DATA/portfolio-300-workbooks" ] || python3 bench/generate.py workbooks "$DATA/portfolio-3000x100-folders" 300 "$DATA/portfolio-300-workbooks"
    measure "groupprod portfolio, 300 workbook folders" "$RUNS" sh -c "\"$BIN\" portfolio \"$DATA/portfolio-300-workbooks\" --format json > \"$DATA/groupprod-workbooks.json\""
else echo "workbook folders: openpyxl not installed (pip install openpyxl) - skipped"; fi
# The same rows not sorted by group, read again in passes a few groups at a time, each pass parsing
# only its groups' records (the first pass's index): sorted by year, shuffled, and with 200 rows moved
# to the end (only their groups are read again: the others were judged whole before).
for how in year shuffled appended; do
    [ -f "$DATA/portfolio-3000x100-$how.csv" ] || python3 bench/generate.py reorder "$P" "$how" "$DATA/portfolio-3000x100-$how.csv"
    measure "groupprod portfolio, rows $how (unsorted)" "$RUNS" sh -c "\"$BIN\" portfolio \"$DATA/portfolio-3000x100-$how.csv\" --format json > \"$DATA/groupprod-$how.json\""
done
have_duckdb=0; have_pandas=0
if python3 -c 'import duckdb' 2>/dev/null; then
    have_duckdb=1
    measure "DuckDB (Python: read_csv + SQL)" "$RUNS" python3 bench/other_tools.py duckdb "$P" "$DATA/duckdb.csv"
else echo "DuckDB: not installed (pip install duckdb) - skipped"; fi
if python3 -c 'import pandas' 2>/dev/null; then
    have_pandas=1
    measure "pandas (read_csv + groupby)" "$RUNS" python3 bench/other_tools.py pandas "$P" "$DATA/pandas.csv"
else echo "pandas: not installed (pip install pandas) - skipped"; fi

for n in 10 1000; do
    measure "groupprod report, one group of $n members" "$RUNS" "$BIN" report "$DATA/group-$n.csv" --format json
done
measure "groupprod report, one group of 100000 members" 1 "$BIN" report "$DATA/group-100000.csv" --format json

python3 - "$DATA" "$have_duckdb" "$have_pandas" "$have_openpyxl" <<'PY'
import csv, json, sys
data, have_duckdb, have_pandas, have_openpyxl = sys.argv[1], sys.argv[2] == "1", sys.argv[3] == "1", sys.argv[4] == "1"
res = {}
for line in open(f"{data}/times.result"):
    *name, wall, cpu, rss = line.split()
    res[" ".join(name)] = (float(wall), float(cpu), float(rss))
g = res["groupprod portfolio --format json"]
c = res["libcsv alone (C, same options)"]
print(f"ratio: groupprod CPU / libcsv CPU = {g[1] / c[1]:.1f} (target at most 1.5)")
t = res["groupprod portfolio (table, the default)"]
print(f"ratio, the default table: groupprod CPU / libcsv CPU = {t[1] / c[1]:.1f}, wall / DuckDB wall below")
doc = json.load(open(f"{data}/groupprod.json", encoding="utf-8"))
ours = {x["id"]: x for x in doc["groups"]}
cp932 = json.load(open(f"{data}/groupprod-cp932.json", encoding="utf-8"))
same = sum(1 for x in cp932["groups"] if {k: v for k, v in x.items() if k != "source"} == {k: v for k, v in ours.get(x["id"], {}).items() if k != "source"})
print(f"CP932 copy: {len(cp932['groups'])} groups; rows equal to the UTF-8 file's for {same} of {len(ours)}")
folders = json.load(open(f"{data}/groupprod-folders.json", encoding="utf-8"))
same = sum(1 for x in folders["groups"] if {k: v for k, v in x.items() if k != "source"} == {k: v for k, v in ours.get(x["id"], {}).items() if k != "source"})
print(f"folders: {len(folders['groups'])} groups; rows equal to the combined file's for {same} of {len(ours)}")
if have_openpyxl:
    books = json.load(open(f"{data}/groupprod-workbooks.json", encoding="utf-8"))
    same = sum(1 for x in books["groups"] if {k: v for k, v in x.items() if k != "source"} == {k: v for k, v in ours.get(x["id"], {}).items() if k != "source"})
    print(f"workbooks: {len(books['groups'])} groups; rows equal to the combined file's for {same} of {len(books['groups'])}")
for how in ("year", "shuffled", "appended"):
    unsorted = json.load(open(f"{data}/groupprod-{how}.json", encoding="utf-8"))
    same = sum(1 for x in unsorted["groups"] if {k: v for k, v in x.items() if k != "source"} == {k: v for k, v in ours.get(x["id"], {}).items() if k != "source"})
    print(f"rows {how}: {len(unsorted['groups'])} groups; rows equal to the sorted file's for {same} of {len(ours)}")
def fmt(v): return "" if v is None else f"{v:.3f}"
for tool, present in (("DuckDB", have_duckdb), ("pandas", have_pandas)):
    if not present:
        continue
    key = [k for k in res if k.startswith(tool)][0]
    print(f"ratio: groupprod wall / {tool} wall = {g[0] / res[key][0]:.2f} (target at most 0.25); the default table {t[0] / res[key][0]:.2f}")
    other = {row["group_id"]: row for row in csv.DictReader(open(f"{data}/{tool.lower()}.csv", encoding="utf-8"))}
    differ = [k for k in ours if k not in other or other[k]["verdict"] != ours[k]["verdict"]
              or other[k]["cagr1"] != fmt(ours[k]["cagr_official_year1"]) or other[k]["cagr2"] != fmt(ours[k]["cagr_official_year2"])]
    print(f"{tool}: {len(other)} groups; official CAGRs and verdicts equal to groupprod's for {len(ours) - len(differ)} of {len(ours)}"
          + (f"; differ: {', '.join(differ[:10])}" if differ else ""))
PY

if command -v valgrind >/dev/null 2>&1; then
    # valgrind 3.19 cannot read Swift 6's DWARF 5 debug info: count on a copy without it.
    objcopy --strip-debug "$BIN" "$DATA/groupprod-nodebug"
    # Swift seeds its hash function per process; fixed hashing makes the count repeat exactly.
    ir=$(SWIFT_DETERMINISTIC_HASHING=1 valgrind --tool=callgrind --callgrind-out-file=/dev/null "$DATA/groupprod-nodebug" report "$DATA/group-1000.csv" --format json 2>&1 >/dev/null | sed -n 's/.*Collected : //p')
    echo "instructions (valgrind callgrind): groupprod report, one group of 1000 members --format json: $ir"
else
    echo "valgrind not installed: no instruction count"
fi
