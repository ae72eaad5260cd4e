#!/usr/bin/env python3
"""Writes one reproducer folder per diagnostic code under
Tests/GroupProductivityTests/Fixtures/diagnostics/<code>/. Each folder is a small group with exactly
the mistake its name says; DiagnosticCatalogueTests checks the code appears at the expected place.
Run from the repository root: python3 scripts/make-diagnostic-fixtures.py
"""
import os
import shutil

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "GroupProductivityTests",
                    "Fixtures", "diagnostics")
HEADER = "member_id,period,kind,operating_profit,labour_cost,depreciation,headcount,hours_per_employee,shortfall_reason"


def roster(n=10, extra=()):
    rows = ["member_id,name,role,prior_grant,uses_it_tool"]
    for i in range(1, n + 1):
        rows.append(f"M{i:02d},会員{i},{'representative' if i == 1 else 'participant'},no,yes")
    rows.extend(extra)
    return "\n".join(rows) + "\n"


def good(member="M01", period=0, op=2000000, lc=12000000, dep=500000, heads=5, hours=1800, kind="actual", reason=""):
    return f"{member},{period},{kind},{op},{lc},{dep},{heads},{hours},{reason}"


def figures(*rows, header=HEADER):
    return "\n".join([header, *rows]) + "\n"


CASES = {
    # errors
    "csv_bad_quote": {"members.csv": roster(), "figures.csv": figures(good(), 'M02,0,actual,"1"x,1,1,1,1800,')},
    "csv_unterminated_quote": {"members.csv": roster(), "figures.csv": figures(good(), 'M02,0,actual,"100,1,1,1,1800,', good("M03"))},
    "undecodable_bytes": {"members.csv": roster(), "figures.csv": figures(good(), "M02,0,actual,100,1,1,1,1800,\udc85@")},
    "no_header": {"members.csv": roster(), "figures.csv": "M01,0,actual,1,2,3,4,5\n"},
    "missing_column": {"members.csv": roster(), "figures.csv": figures("M01,0,actual,1,2,3,4", header=HEADER.replace(",hours_per_employee", "").replace(",shortfall_reason", ""))},
    "duplicate_column": {"members.csv": roster(), "figures.csv": figures(good() + ",1", header=HEADER + ",営業利益")},
    "unknown_unit": {"members.csv": roster(), "figures.csv": figures(good(), header=HEADER.replace("operating_profit", "operating_profit(ドル)"))},
    "unit_contradicts_column": {"members.csv": roster(), "figures.csv": figures(good(op=2000, lc=12000, dep=500), "M02,0,actual,2000,1200万円,500,5,1800,", header=HEADER.replace("operating_profit", "operating_profit(千円)").replace("labour_cost", "labour_cost(千円)").replace("depreciation", "depreciation(千円)"))},
    "control_character": {"members.csv": roster(extra=()).replace("会員3", "会員\x1b]0;x\x073"), "figures.csv": figures(good())},
    "member_id_zeros_restored": {"members.csv": "member_id,name,role\n" + "".join(f"{i:03d},会員{i},{'representative' if i == 1 else 'participant'}\n" for i in range(1, 11)),
                                 "figures.csv": figures(good("001"), good("3"))},
    "missing_value": {"members.csv": roster(), "figures.csv": figures(good(), "M02,0,actual,100,,1,1,1800,")},
    "not_a_number": {"members.csv": roster(), "figures.csv": figures(good(), "M02,0,actual,12O0,1,1,1,1800,")},
    "negative_value": {"members.csv": roster(), "figures.csv": figures(good(), "M02,0,actual,100,1,-1,1,1800,")},
    "not_positive": {"members.csv": roster(), "figures.csv": figures(good(), "M02,0,actual,100,1,1,0,1800,")},
    "hours_over_year": {"members.csv": roster(), "figures.csv": figures(good(), "M02,0,actual,100,1,1,1,9000,")},
    "unknown_value": {"members.csv": roster(), "figures.csv": figures(good(), "M02,R6,actual,100,1,1,1,1800,")},
    "too_few_cells": {"members.csv": roster(), "figures.csv": figures(good(), "M02,0,actual,100,1,1,1")},
    "too_many_cells": {"members.csv": roster(), "figures.csv": figures(good(), "M02,0,actual,100,1,1,1,1800,,extra")},
    "unknown_member": {"members.csv": roster(), "figures.csv": figures(good(), good("M99"))},
    "duplicate_figures": {"members.csv": roster(), "figures.csv": figures(good(), good("M02"), good())},
    "duplicate_member": {"members.csv": roster(extra=["M03,別の会員,participant,no,yes"]), "figures.csv": figures(good())},
    "conflicting_member_details": {"group.csv": "事業者ID,事業者名,役割,年度,営業利益,人件費,減価償却費,従業員数,年間平均労働時間\nA,甲,代表事業者,0,100000,2000000,30000,1,2000\nA,甲商店,代表事業者,1,100000,2000000,30000,1,2000\n"},
    "several_groups": {"group.csv": "グループID,事業者ID,事業者名,役割,年度,営業利益,人件費,減価償却費,従業員数,年間平均労働時間\nG1,A,甲,代表事業者,0,100000,2000000,30000,1,2000\nG2,B,乙,代表事業者,0,100000,2000000,30000,1,2000\n"},
    "conflicting_member_name": {"members.csv": roster(), "M02.csv": "事業者ID,事業者名,年度,営業利益,人件費,減価償却費,従業員数,年間平均労働時間\nM02,会員二,0,100000,8000000,30000,4,1800\n"},
    "representative_count": {"members.csv": roster().replace("M02,会員2,participant", "M02,会員2,representative"), "figures.csv": figures(good())},
    "no_roster": {"figures.csv": figures(good())},
    "no_figure_files": {"members.csv": roster()},
    "several_rosters": {"members.csv": roster(), "名簿.csv": roster(), "figures.csv": figures(good())},
    # scenarios: a valid group, and scenario/scenario.csv (outside the group's own files)
    "scenario_bad_change": {"members.csv": roster(), "figures.csv": figures(good(), good(period=1)), "scenario/scenario.csv": "scenario,member_id,period,figure,change\nA,M01,1,operating_profit,+10%\nA,M01,1,labour_cost,ten percent\n"},
    "scenario_unknown_figure": {"members.csv": roster(), "figures.csv": figures(good(), good(period=1)), "scenario/scenario.csv": "シナリオ,事業者ID,年度,項目,変更\nA,M01,1,売上高,+10%\n"},
    "scenario_unknown_member": {"members.csv": roster(), "figures.csv": figures(good(), good(period=1)), "scenario/scenario.csv": "scenario,member_id,period,figure,change\nA,M42,1,operating_profit,+10%\n"},
    "scenario_out_of_range": {"members.csv": roster(), "figures.csv": figures(good(), good(period=1)), "scenario/scenario.csv": "scenario,member_id,period,figure,change\nA,M01,1,operating_profit,*999999999999999\n"},
    "scenario_not_positive": {"members.csv": roster(), "figures.csv": figures(good(), good(period=1)), "scenario/scenario.csv": "scenario,member_id,period,figure,change\nA,*,1,hours_per_employee,-100%\n"},
    # warnings
    "title_rows_skipped": {"members.csv": roster(), "figures.csv": "みどり通り商店街 効果報告\n" + figures(good())},
    "blank_rows_skipped": {"members.csv": roster(), "figures.csv": figures(good(), "", good("M02"))},
    "unit_from_title": {"members.csv": roster(), "figures.csv": "効果報告（単位：千円）\n" + figures(good(op=2000, lc=12000, dep=500))},
    "dash_as_zero": {"members.csv": roster(), "figures.csv": figures(good(), good("M02", dep="-"))},
    "unknown_column": {"members.csv": roster(), "figures.csv": figures(good() + ",メモ", header=HEADER + ",備考")},
    "empty_figures_row": {"members.csv": roster(), "figures.csv": figures(good(), "M01,1,target,,,,,,")},
    "fewer_than_ten_members": {"members.csv": roster(9), "figures.csv": figures(good())},
    "participant_without_tool": {"members.csv": roster().replace("M02,会員2,participant,no,yes", "M02,会員2,participant,no,no"), "figures.csv": figures(good())},
    "excel_file_not_read": {"members.csv": roster(), "figures.csv": figures(good()), "returned.xls": "\udcd0\udccf\x11\udce0\udca1\udcb1\x1a\udce1\x00\x00"},
    "file_not_read": {"members.csv": roster(), "figures.csv": figures(good()), "notes.txt": "memo\n"},
    "hours_unusual": {"members.csv": roster(), "figures.csv": figures(good(), good("M02", hours=160))},
    "unit_suspect": {"members.csv": roster(), "figures.csv": figures(good(), good("M02", lc=12000))},
    "large_change": {"members.csv": roster(), "figures.csv": figures(good(), good(period=1, heads=12))},
    "out_of_range": {"members.csv": roster(), "figures.csv": figures(good(), good("M02", period=2, op="1" + "0" * 10000))},
    "excel_lock_file": {"members.csv": roster(), "figures.csv": figures(good()), "~$M11.xlsx": "lock"},
    "hidden_entry_not_read": {"members.csv": roster(), "figures.csv": figures(good()), ".M11.csv": figures(good("M02"))},
    "folder_not_read": {"members.csv": roster(), "figures.csv": figures(good()), "S99.csv/M03.csv": figures(good("M03"))},
    "shortfall_reason_missing": {"members.csv": roster(), "figures.csv": figures(good(), good(period=1, op=1000000), good(period=1, kind="target", op=3000000))},
}

# file_unreadable: a figure file that is a link to nothing
LINKS = {"file_unreadable": {"broken.csv": "does-not-exist.csv"}}
CASES["file_unreadable"] = {"members.csv": roster(), "figures.csv": figures(good())}

# Kept as committed, not written here: not_a_table_file (a PDF's first bytes), workbook_unreadable
# (a Word document's zip) and sheets_not_read (a two-sheet workbook).
for code, files in CASES.items():
    folder = os.path.join(ROOT, code)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    for name, text in files.items():
        os.makedirs(os.path.dirname(os.path.join(folder, name)), exist_ok=True)
        with open(os.path.join(folder, name), "wb") as f:
            f.write(text.encode("utf-8", "surrogateescape"))
for code, links in LINKS.items():
    for name, target in links.items():
        os.symlink(target, os.path.join(ROOT, code, name))
print(f"{len(CASES)} fixtures under {os.path.normpath(ROOT)}")
