#!/bin/sh
# Checks every sample group's exports in the tools their readers use:
#   - HTML: headless Chromium renders PNG and PDF (look at the PNGs);
#   - XLSX: LibreOffice recalculates the formulas; the recalculated official CAGR must equal the
#     tool's spreadsheet view of it (the exact figure except where the tool says they differ);
#   - CSV: read back with Python's csv module and with the tool's own importer (the members table);
#   - JSON: validated against docs/report.schema.json (portfolio, check, whatif, target, explain: their own
#     docs/*.schema.json) with jsonschema.
#   - template workbooks: openpyxl reads the protection and data validation; LibreOffice prints them.
# Needs: chromium, libreoffice-calc-nogui, fonts-noto-cjk, poppler-utils (apt-get), python3 with jsonschema and openpyxl.
# Usage: sh scripts/verify-exports.sh [OUT]   (default OUT=out/verify)
set -eu
cd "$(dirname "$0")/.."
OUT=${1:-out/verify}
rm -rf "$OUT"
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)   # absolute, so file:// addresses work for a relative or an absolute OUT
# Built as `make install` and `make bench` build it (a different build would relink each time).
STATIC=""; [ "$(uname -s)" = Linux ] && STATIC=--static-swift-stdlib
swift build -c release $STATIC >/dev/null
BIN="$(swift build -c release $STATIC --show-bin-path)/groupprod"
fail=0
for sample in shotengai-clears-5 supply-chain-prior-grant onsen-cp932 asaichi-single-file.csv; do
    name=${sample%.csv}
    g="SampleGroups/$sample"
    "$BIN" export "$g" --format xlsx -o "$OUT/$name.xlsx" 2>/dev/null
    "$BIN" export "$g" --format html -o "$OUT/$name.html" 2>/dev/null
    "$BIN" export "$g" --format json -o "$OUT/$name.json" 2>/dev/null
    "$BIN" export "$g" --format csv --table members -o "$OUT/$name-members.csv" 2>/dev/null
    "$BIN" export "$g" --format csv --table group -o "$OUT/$name-group.csv" 2>/dev/null
    chromium --headless --no-sandbox --disable-gpu --screenshot="$OUT/$name.png" --window-size=1100,1600 "file://$OUT/$name.html" >/dev/null 2>&1
    chromium --headless --no-sandbox --disable-gpu --print-to-pdf="$OUT/$name.pdf" --no-pdf-header-footer "file://$OUT/$name.html" >/dev/null 2>&1
    (cd "$OUT" && soffice --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
        --outdir "lo-$name" "$name.xlsx" >/dev/null 2>&1)
    python3 - "$OUT" "$name" <<'PY' || fail=1
import csv, glob, json, sys
import jsonschema
out, name = sys.argv[1], sys.argv[2]
report = json.load(open(f"{out}/{name}.json", encoding="utf-8"))
jsonschema.validate(report, json.load(open("docs/report.schema.json", encoding="utf-8")))
rows = list(csv.reader(open(f"{out}/{name}-members.csv", encoding="utf-8-sig", newline="")))
assert len(rows) - 1 == sum(len(m["periods"]) + len(m["targets"]) for m in report["members"]), "members CSV rows"
# LibreOffice's recalculated official CAGR cells (the row after 向上率) against the tool's spreadsheet view.
sheet = [s for s in glob.glob(f"{out}/lo-{name}/*.csv") if "グループ算出" in s]
recalculated = []
if sheet:
    cells = list(csv.reader(open(sheet[0], encoding="utf-8", newline="")))
    recalculated = [r[3] for r in cells if len(r) > 3 and r[1].startswith("年平均成長率（公式")]
expected = [p for p in report["group"]["periods"] if p["period"] > 0 and p["reported"] and p["members_in_calculation"]]
def pct(v): return f"{v * 100:.1f}%"
want = [pct(p["cagr_spreadsheet"]) for p in expected if p["cagr_spreadsheet"] is not None]
assert recalculated == want, f"LibreOffice recalculated {recalculated}, the tool says {want}"
for p in expected:
    if p["cagr_spreadsheet"] is not None and not p["spreadsheet_differs"]:
        assert p["cagr_spreadsheet"] == p["cagr_official"]
print(f"{name}: json valid, {len(rows) - 1} member rows, LibreOffice official CAGR {recalculated} = tool {want}")
PY
    if "$BIN" check "$OUT/$name-members.csv" >/dev/null 2>&1; then
        echo "$name: members CSV read back by groupprod's own importer without errors"
    else
        echo "$name: members CSV NOT read back by groupprod check"; fail=1
    fi
done
# The portfolio: JSON against its schema, CSV through Python's csv, XLSX through LibreOffice, HTML in Chromium.
P=SampleGroups/portfolio-clients.csv
"$BIN" portfolio "$P" --format json -o "$OUT/portfolio.json" 2>/dev/null
"$BIN" portfolio "$P" --format csv -o "$OUT/portfolio.csv" 2>/dev/null
"$BIN" portfolio "$P" --format xlsx -o "$OUT/portfolio.xlsx" 2>/dev/null
"$BIN" portfolio "$P" --format html -o "$OUT/portfolio.html" 2>/dev/null
chromium --headless --no-sandbox --disable-gpu --screenshot="$OUT/portfolio.png" --window-size=1100,900 "file://$OUT/portfolio.html" >/dev/null 2>&1
(cd "$OUT" && soffice --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,2' \
    --outdir lo-portfolio portfolio.xlsx >/dev/null 2>&1)
python3 - "$OUT" <<'PY' || fail=1
import csv, glob, json, sys
import jsonschema
out = sys.argv[1]
doc = json.load(open(f"{out}/portfolio.json", encoding="utf-8"))
jsonschema.validate(doc, json.load(open("docs/portfolio.schema.json", encoding="utf-8")))
rows = list(csv.reader(open(f"{out}/portfolio.csv", encoding="utf-8-sig", newline="")))
assert [r[0] for r in rows[1:]] == [g["id"] for g in doc["groups"]], (rows, doc["groups"])
for r, g in zip(rows[1:], doc["groups"]):
    assert r[5] == ("" if g["cagr_official_year2"] is None else str(g["cagr_official_year2"])), (r, g)
sheets = sorted(glob.glob(f"{out}/lo-portfolio/*.csv"))
lo = list(csv.reader(open(sheets[-1], encoding="utf-8", newline="")))
ids = [r[0] for r in lo if r and r[0] in {g["id"] for g in doc["groups"]}]
assert ids == [g["id"] for g in doc["groups"]], (ids, sheets)
print(f"portfolio: json valid, csv and LibreOffice's reading of the xlsx list the same {len(ids)} groups in the same order")
PY
# whatif, target and explain: every sample's JSON (with a scenario file, the grid, each method, and a
# planning-period copy of a sample) against docs/{whatif,target,explain}.schema.json.
mkdir -p "$OUT/consulting" "$OUT/plan"
cp -r SampleGroups/shotengai-clears-5/. "$OUT/plan/"
for f in "$OUT"/plan/S*.csv; do grep -v '年度目,実績' "$f" > "$f.tmp" && mv "$f.tmp" "$f"; done
i=0
for g in SampleGroups/shotengai-clears-5 SampleGroups/supply-chain-prior-grant SampleGroups/onsen-cp932 SampleGroups/asaichi-single-file.csv "$OUT/plan"; do
    for m in mean geometric pooled; do
        i=$((i + 1))
        "$BIN" target "$g" --method $m --grid --format json > "$OUT/consulting/target-$i.json" 2>/dev/null
        "$BIN" explain "$g" --method $m --format json > "$OUT/consulting/explain-$i.json" 2>/dev/null
        "$BIN" whatif "$g" --method $m --set '*:*:operating_profit:+5%' --format json > "$OUT/consulting/whatif-$i.json" 2>/dev/null
    done
done
"$BIN" whatif SampleGroups/supply-chain-prior-grant --scenario SampleGroups/scenarios/supply-chain-what-if.csv --format json \
    > "$OUT/consulting/whatif-scenarios.json"
python3 - "$OUT/consulting" <<'PY' || fail=1
import glob, json, sys
import jsonschema
counts = {}
for name in ("whatif", "target", "explain"):
    schema = json.load(open(f"docs/{name}.schema.json", encoding="utf-8"))
    for path in sorted(glob.glob(f"{sys.argv[1]}/{name}-*.json")):
        jsonschema.validate(json.load(open(path, encoding="utf-8")), schema)
        counts[name] = counts.get(name, 0) + 1
plans = [json.load(open(p))["basis"] for p in glob.glob(f"{sys.argv[1]}/target-1[3-5].json")]
assert plans == ["plan"] * 3, plans
print("whatif, target, explain: " + ", ".join(f"{n} {name} outputs" for name, n in counts.items()) + " valid against their schemas (3 of them on the plan)")
PY
# check: every diagnostics fixture's JSON (each code at least once, errors and warnings, workbook
# sheets, missing reports) and every sample's, against docs/check.schema.json.
mkdir -p "$OUT/check"
for d in Tests/GroupProductivityTests/Fixtures/diagnostics/*/ SampleGroups/shotengai-clears-5 SampleGroups/onsen-cp932; do
    "$BIN" check "$d" --format json > "$OUT/check/$(basename "$d").json" 2>/dev/null || true  # exit 1: the fixture has errors
done
python3 - "$OUT/check" <<'PY' || fail=1
import glob, json, sys
import jsonschema
schema = json.load(open("docs/check.schema.json", encoding="utf-8"))
paths = sorted(glob.glob(f"{sys.argv[1]}/*.json"))
codes = set()
for path in paths:
    doc = json.load(open(path, encoding="utf-8"))
    jsonschema.validate(doc, schema)
    codes |= {d["code"] for d in doc["diagnostics"]}
print(f"check: {len(paths)} outputs valid against docs/check.schema.json, {len(codes)} distinct codes among them")
PY
# Workbook forms: openpyxl (an independent reader) sees the protection, the locked ID cells, the open
# figure cells and the data validation; LibreOffice prints the form to PDF and then PNG (look at it).
"$BIN" template SampleGroups/shotengai-clears-5 --format xlsx --unit 千円 --member S03 -o "$OUT/forms" >/dev/null
(cd "$OUT/forms" && soffice --headless --convert-to pdf --outdir . ./*.xlsx >/dev/null 2>&1 && pdftoppm -r 80 -png ./*.pdf form)
python3 - "$OUT/forms" <<'PY' || fail=1
import glob, sys
import openpyxl
path = glob.glob(f"{sys.argv[1]}/*.xlsx")[0]
wb = openpyxl.load_workbook(path)
assert wb.sheetnames == ["実績", "記入方法"], wb.sheetnames
ws = wb["実績"]
assert ws.protection.sheet, "the form sheet is protected"
assert ws["A3"].data_type == "s" and ws["A3"].value == "S03" and ws["A3"].protection.locked
assert not ws["E3"].protection.locked and ws["E3"].value == 2400, ws["E3"].value
assert ws["J3"].protection.locked and not ws["J4"].protection.locked, "a reason only for years 1 and 2 actual"
rules = {str(dv.sqref): (dv.type, dv.operator, dv.formula1, dv.formula2) for dv in ws.data_validations.dataValidation}
assert rules == {
    "E3:E7": ("decimal", None, "-1000000000000", "1000000000000"),
    "F3:F7": ("decimal", None, "0", "1000000000000"),
    "G3:G7": ("decimal", None, "0", "1000000000000"),
    "H3:H7": ("decimal", "greaterThan", "0", None),
    "I3:I7": ("decimal", None, "1", "8760"),
}, rules
print("form: protected, IDs locked text, figures open, validation on E–I as documented")
PY
ls "$OUT"/*.png "$OUT"/*.pdf "$OUT"/forms/*.png
[ "$fail" -eq 0 ] && echo "verify-exports: all checks passed" || { echo "verify-exports: FAILED"; exit 1; }
