#!/usr/bin/env python3
"""An independent check of groupprod's figures, for writing test expectations.

It shares no code with the Swift tool: Python's csv module instead of libcsv, fractions.Fraction
instead of the BigInt rationals, and a direct integer search for the calculator's ROUNDDOWN.
It reads the sample groups' layouts only (it is not a general importer).

    python3 scripts/oracle.py SampleGroups/shotengai-clears-5 [--method mean|geometric|pooled]
"""
import csv
import io
import os
import sys
from fractions import Fraction

ALIASES = {
    "member_id": ["member_id", "事業者ID"], "name": ["name", "事業者名"], "role": ["role", "役割"],
    "prior_grant": ["prior_grant", "過去交付決定"], "uses_it_tool": ["uses_it_tool", "ITツール利用"],
    "period": ["period", "年度"], "kind": ["kind", "種別"],
    "operating_profit": ["operating_profit", "営業利益"], "labour_cost": ["labour_cost", "人件費"],
    "depreciation": ["depreciation", "減価償却費"], "headcount": ["headcount", "従業員数"],
    "hours_per_employee": ["hours_per_employee", "年間平均労働時間"],
}
PERIODS = {"0": 0, "事業実施前": 0, "1": 1, "1年度目": 1, "2": 2, "2年度目": 2}
YES = {"yes", "あり"}


def read(path):
    raw = open(path, "rb").read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp932")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = rows[0]
    cols, units = {}, {}
    for i, h in enumerate(header):
        base = h.split("(")[0].split("（")[0]
        for key, names in ALIASES.items():
            if base in names:
                cols[key] = i
                units[key] = 1000 if "千円" in h else 1
    return [{k: (r[i], units[k]) for k, i in cols.items()} for r in rows[1:] if any(r)]


def number(text, unit):
    t = text.replace(",", "").replace("円", "").strip()
    neg = t.startswith(("△", "▲", "-"))
    value = Fraction(t.lstrip("△▲-"))
    return (-value if neg else value) * unit


def load(path):
    members, figures = {}, {}
    files = []
    if os.path.isdir(path):
        for f in sorted(os.listdir(path)):
            if f == "members.csv":
                for r in read(os.path.join(path, f)):
                    members[r["member_id"][0]] = r
            elif f.endswith(".csv"):
                files.append(os.path.join(path, f))
    else:
        files.append(path)
    for f in files:
        for r in read(f):
            if "role" in r:
                members.setdefault(r["member_id"][0], r)
            if r.get("kind", ("実績",))[0] not in ("実績", "actual"):
                continue
            period = PERIODS[r["period"][0]]
            v = {k: number(*r[k]) for k in ["operating_profit", "labour_cost", "depreciation", "headcount", "hours_per_employee"]}
            figures[(r["member_id"][0], period)] = v
    return members, figures


def main():
    path = sys.argv[1]
    method = sys.argv[sys.argv.index("--method") + 1] if "--method" in sys.argv else "mean"
    members, figures = load(path)
    in_calc = [m for m, r in members.items()
               if r["role"][0] in ("participant", "参画事業者") or r.get("uses_it_tool", ("あり",))[0] in YES]
    prior = any(r.get("prior_grant", ("",))[0] in YES for r in members.values())
    t = Fraction(6 if prior else 5, 100)
    va = {k: v["operating_profit"] + v["labour_cost"] + v["depreciation"] for k, v in figures.items()}
    hours = {k: v["headcount"] * v["hours_per_employee"] for k, v in figures.items()}
    lp = {k: va[k] / hours[k] for k in figures}
    print(f"threshold {t}")
    for n in (1, 2):
        matched = [m for m in in_calc if (m, 0) in lp and (m, n) in lp]
        missing = [m for m in in_calc if (m, n) not in lp]
        if not matched:
            continue
        if method == "mean":
            g0 = sum(lp[(m, 0)] for m in matched) / len(matched)
            gn = sum(lp[(m, n)] for m in matched) / len(matched)
            power, root = gn / g0, n
        elif method == "pooled":
            g0 = sum(va[(m, 0)] for m in matched) / sum(hours[(m, 0)] for m in matched)
            gn = sum(va[(m, n)] for m in matched) / sum(hours[(m, n)] for m in matched)
            power, root = gn / g0, n
        else:
            power = Fraction(1)
            for m in matched:
                power *= lp[(m, n)] / lp[(m, 0)]
            root = n * len(matched)
            g0 = gn = None
        # ROUNDDOWN(power^(1/root) - 1, 3) = k/1000: the largest k with ((1000+k)/1000)^root <= power (power >= 1).
        k = 0
        if power >= 1:
            while Fraction(1000 + k + 1, 1000) ** root <= power:
                k += 1
        else:
            while Fraction(1000 + k - 1, 1000) ** root >= power:
                k -= 1
        meets = power >= (1 + t) ** root
        exact = float(power) ** (1 / root) - 1
        print(f"year {n}: members {len(matched)} missing {missing} "
              f"LP0 {float(g0) if g0 else None} LPn {float(gn) if gn else None} "
              f"cagr {exact:.6f} official {k}/1000 meets {meets}")


main()
