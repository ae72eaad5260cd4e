#!/usr/bin/env python3
"""Seeded benchmark inputs (deterministic: the same seed gives the same bytes).

  generate.py group N OUT.csv        one group of N members, roster columns on every row (report)
  generate.py portfolio G M OUT.csv  G groups × M members × 3 periods in one file with group_id (portfolio)
  generate.py folders IN.csv OUTDIR  a portfolio file's groups as folders, OUTDIR/<group_id>/group.csv
                                     (the same rows without the group_id column), for portfolio OUTDIR
  generate.py workbooks FOLDERS N OUTDIR
                                     the first N group folders as workbooks, OUTDIR/<group_id>/group.xlsx
                                     (numbers stored as numbers, as Excel stores what is typed; needs openpyxl)
  generate.py reorder IN.csv year|shuffled|appended OUT.csv
                                     a portfolio file's rows not sorted by group: sorted by year (年度,
                                     stable), shuffled (seed 7), or with 200 rows (picked with seed 7)
                                     moved to the end, as corrections added later; for portfolio's passes

Money is in yen; about a third of the money cells are written the Excel way, quoted with
thousands separators ("12,345,000"); some hours end in .5; some operating profits are negative;
some names hold a comma (quoted). Every group has one representative; about one group in five
has a member with a prior grant (6% target).
"""
import os
import random
import sys


def money(rnd, v):
    return f'"{v:,}"' if rnd.random() < 0.35 else str(v)


def name(rnd, g, i):
    base = f"事業者{g}-{i}"
    return f'"{base}, 本店"' if rnd.random() < 0.1 else base


def rows(rnd, gid, members, out, with_group):
    prior_member = rnd.randrange(members) if rnd.random() < 0.2 else -1
    for i in range(members):
        role = "代表事業者" if i == 0 else "参画事業者"
        prior = "あり" if i == prior_member else "なし"
        nm = name(rnd, gid, i)
        heads = rnd.randrange(1, 40)
        hours = rnd.randrange(1600, 2300) + (0.5 if rnd.random() < 0.2 else 0)
        op = rnd.randrange(-3_000, 20_000) * 1_000
        lc = heads * rnd.randrange(2_500, 6_000) * 1_000
        dep = rnd.randrange(10, 3_000) * 1_000
        growth = rnd.randrange(-10, 110) / 1000
        for p in range(3):
            g = (1 + growth) ** p
            h = f"{hours:g}"
            prefix = f"G{gid:05d}," if with_group else ""
            out.write(f"{prefix}M{i:05d},{nm},{role},{prior},あり,{p},実績,"
                      f"{money(rnd, int(op * g))},{money(rnd, int(lc * g))},{money(rnd, dep)},{heads},{h}\n")


def main():
    kind = sys.argv[1]
    header = "事業者ID,事業者名,役割,過去交付決定,ITツール利用,年度,種別,営業利益,人件費,減価償却費,従業員数,年間平均労働時間\n"
    if kind == "group":
        n, path = int(sys.argv[2]), sys.argv[3]
        rnd = random.Random(n)
        with open(path, "w", encoding="utf-8", newline="\n") as out:
            out.write(header)
            rows(rnd, 0, n, out, with_group=False)
    elif kind == "portfolio":
        groups, members, path = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
        rnd = random.Random(groups * 1000 + members)
        with open(path, "w", encoding="utf-8", newline="\n") as out:
            out.write("グループID," + header)
            for gid in range(groups):
                rows(rnd, gid, members, out, with_group=True)
    elif kind == "folders":
        source, outdir = sys.argv[2], sys.argv[3]
        with open(source, encoding="utf-8", newline="") as f:
            lines = f.read().split("\n")
        header = lines[0].split(",", 1)[1]
        groups = {}
        for line in lines[1:]:
            if line:
                gid, rest = line.split(",", 1)
                groups.setdefault(gid, []).append(rest)
        for gid, rows_ in groups.items():
            os.makedirs(os.path.join(outdir, gid))
            with open(os.path.join(outdir, gid, "group.csv"), "w", encoding="utf-8", newline="") as out:
                out.write(header + "\n" + "\n".join(rows_) + "\n")
    elif kind == "workbooks":
        import csv
        import re
        import openpyxl
        source, count, outdir = sys.argv[2], int(sys.argv[3]), sys.argv[4]
        def value(cell):
            plain = cell.replace(",", "")
            if re.fullmatch(r"-?[0-9]+", plain):
                return int(plain)
            if re.fullmatch(r"-?[0-9]*\.[0-9]+", plain):
                return float(plain)
            return cell
        for gid in sorted(os.listdir(source))[:count]:
            with open(os.path.join(source, gid, "group.csv"), encoding="utf-8", newline="") as f:
                rows_ = list(csv.reader(f))
            book = openpyxl.Workbook(write_only=True)
            sheet = book.create_sheet("実績")
            sheet.append(rows_[0])
            for row in rows_[1:]:
                sheet.append([value(cell) for cell in row])
            os.makedirs(os.path.join(outdir, gid))
            book.save(os.path.join(outdir, gid, "group.xlsx"))
    elif kind == "reorder":
        source, how, path = sys.argv[2], sys.argv[3], sys.argv[4]
        with open(source, encoding="utf-8", newline="") as f:
            lines = f.read().split("\n")
        header, records = lines[0], [line for line in lines[1:] if line]
        if how == "year":
            year = header.split(",").index("年度")
            # Read with the csv module: a name before the year cell may be quoted, holding a comma.
            import csv
            records.sort(key=lambda line: next(csv.reader([line]))[year])
        elif how == "shuffled":
            random.Random(7).shuffle(records)
        elif how == "appended":
            picked = sorted(random.Random(7).sample(range(len(records)), 200))
            moved = set(picked)
            records = [r for i, r in enumerate(records) if i not in moved] + [records[i] for i in picked]
        else:
            sys.exit(__doc__)
        with open(path, "w", encoding="utf-8", newline="") as out:
            out.write(header + "\n" + "\n".join(records) + "\n")
    else:
        sys.exit(__doc__)


main()
