import BigInt
import Foundation

/// The per-member formulas of the multi-company frame, exactly.
public enum Formulas {
    /// 付加価値額 = 営業利益 + 人件費 + 減価償却費 (公募要領 §6-3; 通常枠 uses the same definition).
    public static func valueAdded(_ f: Figures) -> Rational {
        f.operatingProfit + f.labourCost + f.depreciation
    }

    /// 労働時間 (total labour hours) = 従業員数 × 年間平均労働時間 (1人当たり) — the denominator of
    /// 労働生産性 in 公募要領 §6-3 and the calculator's sheet 労働生産性（事業者毎算出用）.
    public static func labourHours(_ f: Figures) -> Rational {
        f.headcount * f.hoursPerEmployee
    }

    /// 労働生産性 (yen per hour) = 付加価値額 ÷ (従業員数 × 年間平均労働時間) (公募要領 §6-3).
    /// Not rounded: the official calculator only displays it to 1 decimal. Headcount and hours are
    /// validated > 0 on import, so the divisor is never zero.
    public static func labourProductivity(_ f: Figures) -> Rational {
        valueAdded(f) / labourHours(f)
    }
}

/// The rate a group must reach: 5%, or 6% when any member received a grant decision in
/// IT導入補助金2023 通常枠 (A・B類型) / デジタル化基盤導入枠 (複数社連携IT導入類型) or IT導入補助金2024
/// 通常枠 / 複数社連携IT導入枠 (公募要領 §2-2-1(5)(オ); effect-report guide, seed 003).
public struct Threshold: Sendable, Equatable {
    public var rate: Rational
    /// The members whose prior grant decision raised the target to 6%, in roster order.
    public var raisedBy: [Member]

    public init(members: [Member]) {
        raisedBy = members.filter(\.priorGrant)
        rate = Threshold.rate(raised: !raisedBy.isEmpty)
    }

    /// 6% when any member's prior grant raised the target, else 5% (公募要領 §2-2-1(5)(オ)).
    static func rate(raised: Bool) -> Rational { raised ? Rational(6, 100) : Rational(5, 100) }

}

/// A growth rate held exactly as CAGR = P^(1/root) − 1 with P rational and P > 0.
///
/// - arithmetic mean and pooled ratio: P = LP_G(n) / LP_G(0), root = n (公募要領 §6-3);
/// - geometric mean: P = Π LPᵢ(n)/LPᵢ(0), root = n × members, since the ratio of geometric means is
///   the geometric mean of the members' ratios.
public struct Growth: Sendable, Equatable {
    public let power: Rational
    public let root: Int

    public init(power: Rational, root: Int) {
        precondition(power.sign > 0 && root > 0)
        self.power = power
        self.root = root
    }

    /// Meets `rate` ⟺ P^(1/root) − 1 ≥ rate ⟺ P ≥ (1 + rate)^root, compared exactly.
    /// This equals the calculator's `ROUNDDOWN(…, 3) ≥ rate` because the rates are whole tenths of a
    /// percent: truncating x to 0.1% keeps x ≥ 0.050 exactly when x ≥ 0.050.
    public func meets(_ rate: Rational) -> Bool {
        !(power < (Rational.one + rate).power(root))
    }

    /// The exact CAGR for display.
    public var cagr: Double { Foundation.exp(power.naturalLog / Double(root)) - 1 }

    /// The improvement ratio (向上率) for `years` years: P^(years/root).
    public func improvementRatio(years: Int) -> Double {
        Foundation.exp(power.naturalLog * Double(years) / Double(root))
    }

    /// The official calculator's figure, `ROUNDDOWN((H_n/H_0)^(1/n) − 1, 3)`: the CAGR truncated toward
    /// zero to 0.1%.
    public var official: Rational { truncated(scale: 1000) }

    /// The CAGR truncated toward zero to 1/`scale` (1000 for the official 0.1%, 10000 for a 0.01%
    /// display), found exactly as k/scale with k the integer such that ((scale + k)/scale)^root
    /// brackets P. A display truncated this way can never read above the official figure.
    /// The Double estimate only seeds a galloping search, so absurd ratios cannot make it loop for long.
    public func truncated(scale: Int) -> Rational {
        let s = BigInt(scale)
        /// ((s + k)/s)^root ≤ P
        func below(_ k: BigInt) -> Bool { !(power < Rational(s + k, s).power(root)) }
        /// ((s + k)/s)^root ≥ P
        func above(_ k: BigInt) -> Bool { !(Rational(s + k, s).power(root) < power) }
        let estimate = cagr * Double(scale)
        let seed = estimate.isFinite && abs(estimate) < 1e30 ? BigInt(estimate.rounded(.towardZero)) : BigInt(0)
        let k: BigInt
        if Rational.one <= power {
            // x ≥ 0: the largest k ≥ 0 with below(k); below(0) holds since P ≥ 1.
            k = Growth.largest(satisfying: below, from: max(seed, 0), floor: 0)
        } else {
            // x < 0: truncation toward zero is the smallest k in (−scale, 0] with above(k); above(0) holds.
            k = -Growth.largest(satisfying: { above(-$0) }, from: max(-seed, 0), floor: 0, ceiling: s - 1)
        }
        return Rational(k, s)
    }

    /// The largest k ≥ floor (≤ ceiling) for which the monotone `test` holds, given test(floor) holds:
    /// gallop from `start` to bracket the answer, then bisect.
    static func largest(
        satisfying test: (BigInt) -> Bool, from start: BigInt, floor: BigInt,
        ceiling: BigInt? = nil
    ) -> BigInt {
        var low = floor
        var high: BigInt?
        var probe = ceiling.map { min(start, $0) } ?? start
        var step = BigInt(1)
        if test(probe) {
            low = probe
            while high == nil {
                probe = low + step
                if let ceiling, probe > ceiling { return Growth.bisect(test, low, ceiling + 1) }
                if test(probe) {
                    low = probe
                    step *= 2
                } else {
                    high = probe
                }
            }
        } else {
            high = probe
            while true {
                probe = max(floor, high! - step)
                if test(probe) {
                    low = probe
                    break
                }
                high = probe
                step *= 2
            }
        }
        return Growth.bisect(test, low, high!)
    }

    /// test(low) holds, test(high) fails (or high is past the range): the last k that holds.
    private static func bisect(_ test: (BigInt) -> Bool, _ low: BigInt, _ high: BigInt) -> BigInt {
        var low = low
        var high = high
        while high - low > 1 {
            let mid = (low + high) / 2
            if test(mid) { low = mid } else { high = mid }
        }
        return low
    }
}
