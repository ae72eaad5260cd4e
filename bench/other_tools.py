#!/usr/bin/env python3
"""The portfolio computation in DuckDB or pandas, for the benchmark's side-by-side run.

  other_tools.py duckdb|pandas FILE.csv OUT.csv

Per group: each member's labour productivity (営業利益 + 人件費 + 減価償却費) ÷ (従業員数 × 年間平均労働時間),
the arithmetic mean over the members in the calculation (a representative that does not use the
IT tool is left out) that have the base and the year, the official CAGR ROUNDDOWN((H_n/H_0)^(1/n) − 1, 3)
and the verdict against 5% (6% when any member had a prior grant), for years 1 and 2. In binary
floating point, as a spreadsheet or a data-frame script does it; groupprod decides exactly, so a
knife-edge group may differ (the runner lists any difference).
Writes group_id,cagr1,cagr2,verdict (verdict of the latest year: meets / below_target).
"""
import math
import sys

tool, path, out = sys.argv[1], sys.argv[2], sys.argv[3]
COLS = ["group_id", "member_id", "name", "role", "prior", "uses", "period", "kind", "op", "lc", "dep", "heads", "hours"]
# Only the column layout bench/generate.py writes is understood; anything else is refused, not misread.
with open(path, encoding="utf-8") as f:
    header = f.readline().rstrip("\n").split(",")
if len(header) != len(COLS) or header[0] != "グループID":
    sys.exit(f"{path}: not a bench/generate.py portfolio file (header {header})")


def rounddown3(x):
    return math.trunc(x * 1000) / 1000


if tool == "duckdb":
    import duckdb
    con = duckdb.connect()
    money = lambda c: f"CAST(replace(CAST({c} AS VARCHAR), ',', '') AS DOUBLE)"
    rows = con.execute(f"""
        WITH raw AS (
            SELECT * FROM read_csv('{path}', header = true, all_varchar = true,
                                   names = {COLS!r})
        ), m AS (
            SELECT group_id, member_id, CAST(period AS INTEGER) AS period, prior = 'あり' AS prior,
                   ({money('op')} + {money('lc')} + {money('dep')}) / (CAST(heads AS DOUBLE) * CAST(hours AS DOUBLE)) AS lp,
                   NOT (role = '代表事業者' AND uses = 'なし') AS in_calc
            FROM raw WHERE kind = '実績'
        ), c AS (SELECT * FROM m WHERE in_calc),
        pairs AS (
            SELECT b.group_id, y.period, avg(b.lp) AS base, avg(y.lp) AS lp
            FROM c b JOIN c y ON b.group_id = y.group_id AND b.member_id = y.member_id AND b.period = 0 AND y.period > 0
            GROUP BY b.group_id, y.period
        ), pr AS (SELECT group_id, bool_or(prior) AS prior FROM m GROUP BY group_id)
        SELECT p1.group_id, p1.base, p1.lp, p2.base, p2.lp, pr.prior
        FROM pairs p1 LEFT JOIN pairs p2 ON p1.group_id = p2.group_id AND p2.period = 2
        JOIN pr ON pr.group_id = p1.group_id
        WHERE p1.period = 1 ORDER BY p1.group_id
    """).fetchall()
    out_rows = {}
    for g, b1, y1, b2, y2, prior in rows:
        t = 0.06 if prior else 0.05
        c1 = rounddown3(y1 / b1 - 1) if b1 > 0 and y1 > 0 else None
        c2 = rounddown3((y2 / b2) ** 0.5 - 1) if b2 and y2 and b2 > 0 and y2 > 0 else None
        latest = c2 if c2 is not None else c1
        out_rows[g] = (c1, c2, "meets" if latest is not None and latest >= t - 1e-12 else "below_target")
elif tool == "pandas":
    import pandas as pd
    df = pd.read_csv(path, header=0, names=COLS, dtype=str, keep_default_na=False)
    df = df[df["kind"] == "実績"]
    for c in ["op", "lc", "dep"]:
        df[c] = df[c].str.replace(",", "", regex=False).astype(float)
    df["period"] = df["period"].astype(int)
    df["lp"] = (df["op"] + df["lc"] + df["dep"]) / (df["heads"].astype(float) * df["hours"].astype(float))
    prior = (df["prior"] == "あり").groupby(df["group_id"]).any()
    c = df[~((df["role"] == "代表事業者") & (df["uses"] == "なし"))]
    base = c[c["period"] == 0][["group_id", "member_id", "lp"]]
    out_rows = {}
    levels = {}
    for year in (1, 2):
        y = c[c["period"] == year][["group_id", "member_id", "lp"]]
        j = base.merge(y, on=["group_id", "member_id"], suffixes=("_0", "_n"))
        levels[year] = j.groupby("group_id")[["lp_0", "lp_n"]].mean()
    for g in levels[1].index:
        b1, y1 = levels[1].loc[g]
        t = 0.06 if prior[g] else 0.05
        c1 = rounddown3(y1 / b1 - 1) if b1 > 0 and y1 > 0 else None
        c2 = None
        if g in levels[2].index:
            b2, y2 = levels[2].loc[g]
            c2 = rounddown3((y2 / b2) ** 0.5 - 1) if b2 > 0 and y2 > 0 else None
        latest = c2 if c2 is not None else c1
        out_rows[g] = (c1, c2, "meets" if latest is not None and latest >= t - 1e-12 else "below_target")
else:
    sys.exit(__doc__)

with open(out, "w", encoding="utf-8") as f:
    f.write("group_id,cagr1,cagr2,verdict\n")
    for g in sorted(out_rows):
        c1, c2, v = out_rows[g]
        f.write(f"{g},{'' if c1 is None else f'{c1:.3f}'},{'' if c2 is None else f'{c2:.3f}'},{v}\n")
