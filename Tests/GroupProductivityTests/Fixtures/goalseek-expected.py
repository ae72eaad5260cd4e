#!/usr/bin/env python3
"""The expected values of GoalSeekTests, computed independently of the Swift code with
fractions.Fraction from Fixtures/worked-example (years 0 and 2; year 1 left out as the tests do).
Run: python3 Tests/GroupProductivityTests/Fixtures/goalseek-expected.py

Rules (domain.md): value added VA = operating profit + labour cost + depreciation; hours
H = headcount x hours per employee; LP = VA / H. A group meets the target t in year n when
LP_G(n) / LP_G(0) >= (1 + t)^n, exactly (the official 0.1% truncation cannot change this, t being on
the 0.1% grid). Mean: LP_G = mean of LP_i; pooled: sum VA / sum H; geometric: (prod r_i)^(1/N) with
r_i = LP_i(n)/LP_i(0), meets when prod r_i >= (1+t)^(nN).
"""
import csv
import math
import os
from fractions import Fraction as F

HERE = os.path.dirname(os.path.abspath(__file__))
rows = list(csv.DictReader(open(os.path.join(HERE, "worked-example", "figures.csv"), encoding="utf-8")))


def number(text):
    text = text.replace(",", "")
    return -F(text[1:]) if text.startswith("△") else F(text)


fig = {}
for r in rows:
    va = number(r["operating_profit"]) + number(r["labour_cost"]) + number(r["depreciation"])
    h = number(r["headcount"]) * number(r["hours_per_employee"])
    fig[(r["member_id"], int(r["period"]))] = (va, h)
ids = ["A", "B", "C"]
N = len(ids)
va0 = [fig[(i, 0)][0] for i in ids]; h0 = [fig[(i, 0)][1] for i in ids]
va2 = [fig[(i, 2)][0] for i in ids]; h2 = [fig[(i, 2)][1] for i in ids]
lp0 = [v / h for v, h in zip(va0, h0)]
lp2 = [v / h for v, h in zip(va2, h2)]
S0, S2 = sum(lp0), sum(lp2)
print("S0 =", S0, " S2 =", S2)


def ceil(x): return math.ceil(x)
def floor(x): return math.floor(x)


def smallest(test, limit):
    return next((k for k in range(limit + 1) if test(k)), None)


for t in (F(6, 100), F(5, 100)):
    factor = (1 + t) ** 2
    R = factor * S0  # the sum of year-2 LPs the mean needs
    print(f"\n--- target {t} ---")
    print("required mean productivity =", R / N)
    if S2 < R:
        print("mean need (yen, rounded up) =", [ceil((R - S2) * h) for h in h2])
        print("uniform VA increase k/10000 =", smallest(lambda k: S2 * (1 + F(k, 10000)) >= R, 10**7))
        print("uniform hours cut k/10000 =", smallest(lambda k: S2 / (1 - F(k, 10000)) >= R, 9999))
    else:
        print("mean margin (yen, rounded down) =", [floor((S2 - R) * h) for h in h2])
        first_failing = smallest(lambda k: S2 * (1 - F(k, 10000)) < R, 10000)
        print("uniform VA margin k/10000 =", first_failing - 1)
    pooled_need = factor * sum(va0) / sum(h0) * sum(h2) - sum(va2)
    print("pooled need (yen, rounded up, any member) =", ceil(pooled_need))
    product = math.prod(F(a) / F(b) for a, b in zip(lp2, lp0))
    f = factor ** N / product
    print("geometric need (yen, rounded up) =", [ceil(v * (f - 1)) for v in va2])

print("\n--- contributions at any target (mean) ---")
base = S0 / N
print("exact contributions =", [(b - a) / N / base for a, b in zip(lp0, lp2)])
print("sum =", sum((b - a) / N / base for a, b in zip(lp0, lp2)), "= ratio - 1 =", (S2 / N) / base - 1)
t = F(5, 100)
mean_meets = S2 / S0 >= (1 + t) ** 2
pooled_meets = (sum(va2) / sum(h2)) / (sum(va0) / sum(h0)) >= (1 + t) ** 2
geometric_meets = math.prod(F(a) / F(b) for a, b in zip(lp2, lp0)) >= (1 + t) ** (2 * N)
print("meets at 5%: mean, geometric, pooled =", [mean_meets, geometric_meets, pooled_meets])
