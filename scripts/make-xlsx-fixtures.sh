#!/bin/sh
# Builds Tests/GroupProductivityTests/Fixtures/xlsx/: the sample group shotengai-clears-5 saved as
# .xlsx workbooks by LibreOffice (an XLSX writer independent of this tool), plus one UTF-16 text
# file as Excel's 「Unicode テキスト」 saves it. Its report must equal the CSV group's.
# Needs libreoffice-calc-nogui. Run from the repository root.
set -eu
src=SampleGroups/shotengai-clears-5
out=Tests/GroupProductivityTests/Fixtures/xlsx
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$out/shotengai-xlsx"
mkdir -p "$out/shotengai-xlsx"
cp "$src"/*.csv "$work/"
# S02's base operating profit as a formula: read by the value LibreOffice cached for it.
sed -i 's/,"1,200,000",/,=1000000+200000,/' "$work/S02_魚辰鮮魚店.csv"
# CSV import options: comma, double quote, UTF-8 (76), start at line 1.
(cd "$work" && for f in *.csv; do
    soffice --headless --infilter="CSV:44,34,76,1" --convert-to xlsx --outdir "$work/x" "$f" >/dev/null 2>&1
done)
for f in "$work"/x/*.xlsx; do
    name=$(basename "$f")
    case "$name" in
        S0[2-9]*|S1*|members.xlsx) cp "$f" "$out/shotengai-xlsx/$name" ;;
    esac
done
cp "$src/グループ情報.csv" "$out/shotengai-xlsx/"
# S00 stays CSV; S01 as Excel's 「Unicode テキスト」: UTF-16LE with BOM, tab-delimited, CRLF.
cp "$src/S00_みどり通り商店街振興組合.csv" "$out/shotengai-xlsx/"
python3 - "$src/S01_八百屋青木青果.csv" "$out/shotengai-xlsx/S01_八百屋青木青果.txt" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
text = "\r\n".join("\t".join(r) for r in rows) + "\r\n"
open(sys.argv[2], "wb").write(b"\xff\xfe" + text.encode("utf-16-le"))
PY
# A member's workbook with the cells Excel users get wrong: a formula error (=1/0 gives #DIV/0!),
# a unit typed in a cell, and a headcount of 0 — each must be reported at its sheet and cell.
mkdir -p "$work/bad"
cat > "$work/bad/bad-cells.csv" <<'CSV'
事業者ID,事業者名,年度,種別,営業利益(円),人件費(円),減価償却費(円),従業員数,年間平均労働時間
S02,魚辰鮮魚店,事業実施前,実績,=1/0,"7,800,000","280,000",3,"2,200"
S02,魚辰鮮魚店,1年度目,実績,"1,500,000",9000千円,"300,000",0,"2,150"
CSV
(cd "$work/bad" && soffice --headless --infilter="CSV:44,34,76,1" --convert-to xlsx --outdir "$work/bad/x" bad-cells.csv >/dev/null 2>&1)
cp "$work/bad/x/bad-cells.xlsx" "$out/bad-cells.xlsx"
# The other sample groups saved whole by LibreOffice, roster and settings file included (the CP932
# group first turned into UTF-8 text, which LibreOffice imports as UTF-8), and the single-file
# group as one workbook. Folder names are the samples' own, so each report must equal the CSV's.
rm -rf "$out/samples"
mkdir -p "$out/samples"
for g in onsen-cp932 supply-chain-prior-grant; do
    mkdir -p "$work/$g" "$out/samples/$g"
    for f in "SampleGroups/$g"/*.csv; do
        name=$(basename "$f")
        if [ "$g" = onsen-cp932 ]; then iconv -f CP932 -t UTF-8 "$f" > "$work/$g/$name"; else cp "$f" "$work/$g/$name"; fi
    done
    (cd "$work/$g" && for f in *.csv; do
        soffice --headless --infilter="CSV:44,34,76,1" --convert-to xlsx --outdir "$work/$g/x" "$f" >/dev/null 2>&1
    done)
    cp "$work/$g"/x/*.xlsx "$out/samples/$g/"
done
mkdir -p "$work/single"
cp SampleGroups/asaichi-single-file.csv "$work/single/"
(cd "$work/single" && soffice --headless --infilter="CSV:44,34,76,1" --convert-to xlsx --outdir "$work/single/x" asaichi-single-file.csv >/dev/null 2>&1)
cp "$work/single/x/asaichi-single-file.xlsx" "$out/samples/"
ls "$out" "$out/shotengai-xlsx" "$out/samples" "$out/samples"/*/
