#!/bin/sh
# Fuzzing the importer through the release binary: every file in Tests/FuzzCorpus/ and the sample
# groups, the xlsx fixtures (as zip bytes and as XML) and the combined portfolio sample in UTF-8 and
# CP932 (`portfolio`), mutated at random (seeded), must get an answer — exit 0 (clean) or 1 (errors listed) —
# within the time limit: never a crash, never a hang. Each portfolio file is also read with every group
# taken through the full passes (GROUPPROD_FULL_PATHS=1), and so is a mutated single-group file
# (SampleGroups/asaichi-single-file.csv, in UTF-8 and CP932) for `report`: the output must be the
# same, word for word; so is a folder portfolio of three sample group folders (one with its money in
# 千円) with their files mutated, and `report` on one of them (a roster and one figure file). The
# portfolio sample with its lines shuffled (read in passes), mutated, is read in passes over stretches
# of 1 to 500 bytes and over the whole file (GROUPPROD_STRETCH_BYTES), a few groups a pass
# (GROUPPROD_PASS_BYTES), by the record index, by stretches alone, and by an index dropped when it
# passes 1 to 3,000 bytes (GROUPPROD_INDEX_BYTES): the same, word for word. The portfolio sample with
# a few lines moved to its end (groups judged before the file is found unsorted are kept), every third
# file in CP932, mutated, is read keeping them and judging every group again (GROUPPROD_JUDGE_AGAIN),
# in one part and in two (GROUPPROD_PART_BYTES=0), a few groups a pass: the same, word for word.
#   sh scripts/fuzz.sh [rounds] [seed]        (default 500 rounds, seed 1)
#   FUZZ_HUGE=1 sh scripts/fuzz.sh            also a 2 GB line cut short (2 GB of disk; refused unread, over the 256 MiB limit)
# A failing input is copied into Tests/FuzzCorpus/ as crash-<seed>-<round>.csv to keep it.
set -eu
cd "$(dirname "$0")/.."
ROUNDS="${1:-500}"
SEED="${2:-1}"
# Built as `make install` and `make bench` build it (a different build would relink each time).
STATIC=""; [ "$(uname -s)" = Linux ] && STATIC=--static-swift-stdlib
swift build -c release $STATIC >/dev/null
BIN="$(swift build -c release $STATIC --show-bin-path)/groupprod"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

python3 - "$WORK" "$ROUNDS" "$SEED" <<'PY'
import os, random, re, sys, glob
work, rounds, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(seed)
seeds = sorted(glob.glob("Tests/FuzzCorpus/*.csv") + glob.glob("Tests/FuzzCorpus/*.tsv")
               + glob.glob("SampleGroups/*/*.csv") + glob.glob("SampleGroups/*.csv"))
seeds = [s for s in seeds if not s.endswith("members.csv")]
for r in range(rounds):
    data = bytearray(open(rnd.choice(seeds), "rb").read())
    for _ in range(rnd.randint(1, 8)):
        i = rnd.randint(0, len(data))
        op = rnd.randrange(8)
        if op == 0 and data: data[min(i, len(data) - 1)] = rnd.randrange(256)
        elif op == 1: data[i:i] = b'"'
        elif op == 2: data[i:i] = b"\0"
        elif op == 3: del data[i:]
        elif op == 4: data[i:i] = b"9" * rnd.choice([10, 1000, 100000, 1000000])
        elif op == 5: data[i:i] = rnd.choice([b",,\r", b"\n\n", b"\xef\xbb\xbf", b"\x82\xa0", b"\x85\x40", "△（千円）".encode()])
        elif op == 6 and data: data[i:i] = data[rnd.randint(0, len(data) - 1):][:200]
        elif data: del data[min(i, len(data) - 1)]
    d = os.path.join(work, f"r{r}")
    os.makedirs(d)
    open(os.path.join(d, "f.csv"), "wb").write(bytes(data))
    open(os.path.join(d, "members.csv"), "wb").write(open("Tests/FuzzCorpus/members.csv", "rb").read())

# Combined portfolio files (read from the cells' bytes when plain, `LeanLoad`), mutated alike; every
# other one saved as CP932 first (its records are converted to UTF-8 as they are read, `RecordRecoder`).
def mutated(data, changes):
    data = bytearray(data)
    for _ in range(changes):
        i = rnd.randint(0, len(data))
        op = rnd.randrange(7)
        if op == 6:
            # A number cell set to a value at or past a check's edge (hours 1,000-3,000, labour cost per
            # head, a change by half, a limit), where the lean judge must decide as the full passes do.
            cells = [m.span(1) for m in re.finditer(rb",(-?[0-9]+),", bytes(data))]
            if cells:
                a, b = rnd.choice(cells)
                data[a:b] = rnd.choice([b"999", b"1000", b"3000", b"3001", b"999.5", b"8760", b"8761", b"0", b"1", b"2",
                                        b"9999", b"10000", b"100000000", b"100000001", b"-1", b"1000000000000000",
                                        b"1000000000000001", b"12.5", b"0.000001", str(int(data[a:b]) // 2).encode(),
                                        str(int(data[a:b]) * 3 // 2 + 1).encode()])
            continue
        if op == 0 and data: data[min(i, len(data) - 1)] = rnd.randrange(256)
        elif op == 1: data[i:i] = rnd.choice([b'"', b",", b"\n", b"\r\n", b" ", b"'", b"-", b"."])
        elif op == 2: data[i:i] = rnd.choice([b"9" * 20, b"\xe3\x80\x80", b"\xef\xbc\x91", b"G01", b"G02"])
        elif op == 3 and data: data[i:i] = data[rnd.randint(0, len(data) - 1):][:300]
        elif op == 4: del data[i:i + rnd.randint(1, 40)]
        else: del data[i:]
    return bytes(data)

portfolio = open("SampleGroups/portfolio-clients.csv", "rb").read()
portfolio932 = portfolio.decode("utf-8-sig").encode("cp932")
# A single group's file (read as it is parsed when plain, `LeanLoad.Stream`), alike.
single = open("SampleGroups/asaichi-single-file.csv", "rb").read()
single932 = single.decode("utf-8-sig").encode("cp932")
# The portfolio's lines shuffled (not sorted by group: read again in passes), then mutated.
head, *body = portfolio.split(b"\n")
for r in range(rounds):
    open(os.path.join(work, f"r{r}", "p.csv"), "wb").write(mutated(portfolio932 if r % 2 else portfolio, rnd.randint(1, 8)))
    lines = [line for line in body if line]
    rnd.shuffle(lines)
    open(os.path.join(work, f"r{r}", "u.csv"), "wb").write(mutated(b"\n".join([head] + lines) + b"\n", rnd.randint(0, 8)))
    # A few lines moved to the end, as rows added later: mostly sorted; every third file in CP932
    # (its passes read the whole file: no record index outside plain UTF-8).
    head_m, *body_m = (portfolio932 if r % 3 == 1 else portfolio).split(b"\n")
    lines = [line for line in body_m if line]
    moved = [lines.pop(rnd.randrange(len(lines))) for _ in range(rnd.randint(1, 4))]
    open(os.path.join(work, f"r{r}", "m.csv"), "wb").write(mutated(b"\n".join([head_m] + lines + moved) + b"\n", rnd.randint(0, 4)))
    # Few changes, so that many files stay plain enough to be read as parsed.
    open(os.path.join(work, f"r{r}", "s.csv"), "wb").write(mutated(single932 if r % 2 else single, rnd.randint(0, 2)))

# Folder portfolios (a group folder of plain CSV files judged from their bytes, `leanFolderRow`): two
# sample group folders, a roster with one figure file and a roster with settings and member files,
# each file mutated a little or not at all, so that many folders stay plain.
# A third folder is the shotengai sample with its money in 千円 (header 営業利益(千円), amounts as
# thousands with decimals), read lean by scaling as the full passes scale.
import csv as csvmodule
def in_thousands(data):
    rows = list(csvmodule.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    money = [i for i, h in enumerate(rows[0]) if h.endswith("(円)")]
    for i in money: rows[0][i] = rows[0][i][:-3] + "(千円)"
    for row in rows[1:]:
        for i in money:
            if i < len(row) and row[i].replace(",", "").lstrip("-").isdigit():
                v = int(row[i].replace(",", "")); t = str(abs(v)).rjust(4, "0")
                row[i] = ("-" if v < 0 else "") + t[:-3] + ("." + t[-3:].rstrip("0") if t[-3:].rstrip("0") else "")
    out = io.StringIO(); csvmodule.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")
import io
for r in range(rounds):
    for sample in ["supply-chain-prior-grant", "shotengai-clears-5", "shotengai-thousand"]:
        d = os.path.join(work, f"r{r}", "fp", sample)
        os.makedirs(d)
        source = sample.replace("thousand", "clears-5")
        for f in sorted(glob.glob(f"SampleGroups/{source}/*.csv")):
            data = open(f, "rb").read()
            if sample != source and os.path.basename(f).startswith("S"): data = in_thousands(data)
            if rnd.random() < 0.3: data = mutated(data, rnd.randint(1, 2))
            open(os.path.join(d, os.path.basename(f)), "wb").write(data)

# Workbooks: the xlsx fixtures mutated as zip bytes (flips, cuts) or as XML inside a well-formed zip
# (cut XML, garbage, a shared-string table of 200,000 entries, an index past the table).
import io, zipfile
books = sorted(glob.glob("Tests/GroupProductivityTests/Fixtures/xlsx/**/*.xlsx", recursive=True))
for r in range(rounds):
    raw = open(rnd.choice(books), "rb").read()
    try:
        whole = zipfile.ZipFile(io.BytesIO(raw)).testzip() is None
    except zipfile.BadZipFile:
        whole = False
    if rnd.random() < 0.4 or not whole:
        data = bytearray(raw)
        for _ in range(rnd.randint(1, 6)):
            if not data: break  # cut to nothing by an earlier change
            i = rnd.randrange(len(data))
            if rnd.random() < 0.2: del data[i:]
            elif data: data[min(i, len(data) - 1)] = rnd.randrange(256)
        out = bytes(data)
    else:
        src = zipfile.ZipFile(io.BytesIO(raw))
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name in src.namelist():
                xml = src.read(name)
                if name.endswith(".xml") and rnd.random() < 0.5:
                    op = rnd.randrange(5)
                    i = rnd.randint(0, len(xml))
                    if op == 0: xml = xml[:i]
                    elif op == 1: xml = xml[:i] + bytes(rnd.randrange(256) for _ in range(20)) + xml[i:]
                    elif op == 2 and name.endswith("sharedStrings.xml"):
                        xml = xml.replace(b"</sst>", b"<si><t>x</t></si>" * 200000 + b"</sst>")
                    elif op == 3: xml = xml.replace(b"<v>", b"<v>99999999", 1)
                    else: xml = xml.replace(b'r="', b'r="ZZZZ', 1)
                z.writestr(name, xml)
        out = buf.getvalue()
    open(os.path.join(work, f"r{r}", "g.xlsx"), "wb").write(out)
PY

failures=0
# `groupprod COMMAND FILE` run with the environment ENV_A and with ENV_B (each `NAME=value ...`):
# both must exit 0 or 1 and say the same, word for word. A failing FILE is kept as
# Tests/FuzzCorpus/differ-<seed>-<round>-NAME.csv (or crash-…).
#   same ENV_A ENV_B COMMAND FILE NAME WHAT
same() {
    set +e
    env $1 timeout 20 "$BIN" "$3" "$4" --lang en --format json --as-of 2026-11-21 >"$WORK/a.json" 2>"$WORK/a.err"
    a=$?
    env $2 timeout 20 "$BIN" "$3" "$4" --lang en --format json --as-of 2026-11-21 >"$WORK/b.json" 2>"$WORK/b.err"
    b=$?
    set -e
    grep -v generated_at "$WORK/a.json" >"$WORK/a.cmp" || true
    grep -v generated_at "$WORK/b.json" >"$WORK/b.cmp" || true
    # How many passes an unsorted file took is the one word allowed to differ: the record
    # index's bytes come out of a pass's budget.
    sed 's/was read [0-9]* more times*/was read N more times/' "$WORK/a.err" >"$WORK/a.errc"
    sed 's/was read [0-9]* more times*/was read N more times/' "$WORK/b.err" >"$WORK/b.errc"
    if [ "$a" -ne "$b" ] || ! cmp -s "$WORK/a.errc" "$WORK/b.errc" || ! cmp -s "$WORK/a.cmp" "$WORK/b.cmp"; then
        failures=$((failures + 1))
        kept="Tests/FuzzCorpus/differ-$SEED-$i-$5$(test -d "$4" || echo .csv)"
        cp -r "$4" "$kept"
        echo "round $i: $3 $6 differ (kept as $kept)"
    fi
    for status in "$a" "$b"; do
        if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
            failures=$((failures + 1))
            kept="Tests/FuzzCorpus/crash-$SEED-$i-$5$(test -d "$4" || echo .csv)"
            cp -r "$4" "$kept"
            echo "round $i: $3 exit $status (kept as $kept)"
        fi
    done
}
# Read lean and with every group through the full passes (GROUPPROD_FULL_PATHS=1).
both() {
    same GROUPPROD_FUZZ=1 GROUPPROD_FULL_PATHS=1 "$1" "$2" "$1" "read lean and by the full passes"
}
# An unsorted portfolio file read in passes of $3 bytes over the whole file and over stretches of
# $2 bytes, by an index of at most $4 bytes (GROUPPROD_PASS_BYTES, GROUPPROD_STRETCH_BYTES, GROUPPROD_INDEX_BYTES).
stretches() {
    same "GROUPPROD_PASS_BYTES=$3 GROUPPROD_STRETCH_BYTES=0" \
        "GROUPPROD_PASS_BYTES=$3 GROUPPROD_STRETCH_BYTES=$2 GROUPPROD_INDEX_BYTES=$4" \
        portfolio "$1" stretches "read in whole passes and in stretches of $2 bytes (index of at most $4 bytes)"
}
i=0
while [ "$i" -lt "$ROUNDS" ]; do
    set +e
    timeout 20 "$BIN" check "$WORK/r$i" --lang en >/dev/null 2>&1
    status=$?
    set -e
    both portfolio "$WORK/r$i/p.csv"
    case $((i % 3)) in
    0) index=0 ;;
    1) index=$((1 + i * 31 % 3000)) ;;
    *) index=12582912 ;;
    esac
    stretches "$WORK/r$i/u.csv" $((1 + i % 500)) $((1 + i * 997 % 20000)) $index
    # Groups judged before the file was found unsorted kept, or judged again; in two parts every other
    # round, in passes of 1 to 20,000 bytes (runs of the groups not kept, with kept ones between).
    parts=$([ $((i % 2)) -eq 1 ] && echo 0 || echo 4194304)
    budget="GROUPPROD_PART_BYTES=$parts GROUPPROD_PASS_BYTES=$((1 + i * 97 % 20000))"
    same "GROUPPROD_JUDGE_AGAIN=1 $budget" "$budget" \
        portfolio "$WORK/r$i/m.csv" keeping "read keeping the groups judged before and judging them again ($parts)"
    both portfolio "$WORK/r$i/fp"
    # A group folder of a roster and one figure file, read as parsed and by the full passes.
    both report "$WORK/r$i/fp/supply-chain-prior-grant"
    # A single group's file, read as it is parsed and by the full passes: the same report.
    both report "$WORK/r$i/s.csv"
    if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
        failures=$((failures + 1))
        cp "$WORK/r$i/f.csv" "Tests/FuzzCorpus/crash-$SEED-$i.csv"
        cp "$WORK/r$i/g.xlsx" "Tests/FuzzCorpus/crash-$SEED-$i.xlsx"
        echo "round $i: exit $status (kept as Tests/FuzzCorpus/crash-$SEED-$i.csv and .xlsx)"
    fi
    i=$((i + 1))
done

if [ "${FUZZ_HUGE:-0}" = 1 ]; then
    mkdir -p "$WORK/huge"
    cp Tests/FuzzCorpus/members.csv "$WORK/huge/"
    python3 -c "
import sys
with open(sys.argv[1], 'wb') as f:
    f.write(b'member_id,period,kind,operating_profit,labour_cost,depreciation,headcount,hours_per_employee\nM01,0,actual,\"')
    block = b'9' * (1 << 20)
    for _ in range(2048): f.write(block)
" "$WORK/huge/f.csv"
    set +e
    /usr/bin/time -f "2 GB line cut short: %es, %MKB max RSS" timeout 600 "$BIN" check "$WORK/huge" --lang en >/dev/null
    status=$?
    set -e
    echo "2 GB line cut short: exit $status"
    if [ "$status" -ne 1 ]; then failures=$((failures + 1)); fi
fi

echo "$ROUNDS rounds, seed $SEED: $failures failure(s)"
[ "$failures" -eq 0 ]
