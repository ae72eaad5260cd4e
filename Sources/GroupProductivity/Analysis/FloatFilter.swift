import BigInt
import Foundation

/// Exact decisions at floating-point speed: a real number enclosed in [lower, upper] by binary
/// floating point with a rigorous error bound, and decisions (meets the target? which 0.1% step?)
/// taken from the enclosure only when it lies wholly on one side of the knife edge. Otherwise the
/// caller computes exactly — the filtered-predicate technique of robust geometry (Shewchuk's adaptive
/// predicates, CGAL's filtered kernels).
///
/// The group's exact mean over 100,000 members is a rational whose denominator is the LCM of
/// 100,000 members' hours: megabytes long. Its enclosure costs one division per member.
///
/// Error analysis (Higham, *Accuracy and Stability of Numerical Algorithms*, §2–4), with
/// u = 2⁻⁵³ the unit round-off and γₖ = k·u / (1 − k·u):
/// - a rational with both parts below 2⁶³ becomes a double with relative error ≤ γ₃ (each part
///   is converted with one rounding, then one division);
/// - recursive summation of x̃₁…x̃ₙ errs by at most γₙ₋₁ · Σ|x̃ᵢ|;
/// - every further operation adds one rounding, covered by widening the bounds by 4u relative.
/// All bounds are widened generously (factors of 2): a wider enclosure only sends more cases to
/// the exact path, never gives a wrong answer.
struct Enclosure: Sendable, Equatable {
    var lower: Double
    var upper: Double

    static let u = Double.ulpOfOne / 2

    static func gamma(_ k: Int) -> Double {
        let ku = Double(k) * u
        return ku / (1 - ku)
    }

    var midpoint: Double { lower / 2 + upper / 2 }

    /// The sign, when the enclosure excludes zero.
    var sign: Int? { lower > 0 ? 1 : upper < 0 ? -1 : nil }

    /// Widened outward by `relative` of its magnitude (and a denormal's worth), to cover one more rounding.
    func widened(_ relative: Double) -> Enclosure {
        Enclosure(
            lower: lower - abs(lower) * relative - Double.leastNonzeroMagnitude,
            upper: upper + abs(upper) * relative + Double.leastNonzeroMagnitude)
    }

    /// Σ xᵢ for rationals, each with both parts below 2⁶³.
    static func sum<C: Collection>(_ values: C) -> Enclosure? where C.Element == Rational {
        sum(fractions: values.lazy.map(\.parts))
    }

    /// Σ nᵢ/dᵢ for fractions with machine-word parts (dᵢ ≠ 0), reduced or not: the bound below
    /// holds for any such parts. nil when an element is nil (a part beyond a machine word).
    static func sum<C: Collection>(fractions values: C) -> Enclosure? where C.Element == (Int64, Int64)? {
        // Neumaier's compensated sum for the value (Higham §4.3: error ≤ 2u·|S| + O(n²u²)·Σ|x̃|),
        // so the midpoint is as good as a correctly rounded sum; the bound below is the larger one
        // of plain recursive summation, which covers it.
        var s = 0.0
        var compensation = 0.0
        var magnitude = 0.0
        for value in values {
            guard let (n, d) = value else { return nil }
            let x = Double(n) / Double(d)
            let t = s + x
            compensation += abs(s) >= abs(x) ? (s - t) + x : (x - t) + s
            s = t
            magnitude += abs(x)
        }
        s += compensation
        // Terms: γ₃ each; summation: γₙ₋₁ on Σ|x̃|; the computed Σ|x̃| itself errs by γₙ₋₁.
        let n = values.count
        let bound = (gamma(3) + gamma(max(n - 1, 0))) * magnitude / (1 - gamma(max(n - 1, 0))) * 2
        return Enclosure(lower: s - bound, upper: s + bound).widened(4 * Enclosure.u)
    }

    /// a × b, each end's product rounded once.
    static func * (a: Enclosure, b: Enclosure) -> Enclosure {
        let p = [a.lower * b.lower, a.lower * b.upper, a.upper * b.lower, a.upper * b.upper]
        return Enclosure(lower: p.min()!, upper: p.max()!).widened(4 * Enclosure.u)
    }

    /// a + b, each end's sum rounded once.
    static func + (a: Enclosure, b: Enclosure) -> Enclosure {
        Enclosure(lower: a.lower + b.lower, upper: a.upper + b.upper).widened(4 * Enclosure.u)
    }

    /// Whether every value in `a` is ≥ every value in `b` (true), every one below (false), or
    /// neither (nil: the exact path decides).
    static func atLeast(_ a: Enclosure, _ b: Enclosure) -> Bool? {
        guard a.lower.isFinite, a.upper.isFinite, b.lower.isFinite, b.upper.isFinite else { return nil }
        if a.lower >= b.upper { return true }
        if a.upper < b.lower { return false }
        return nil
    }

    static func / (a: Enclosure, b: Enclosure) -> Enclosure? {
        guard b.lower > 0 || b.upper < 0 else { return nil }
        let q = [a.lower / b.lower, a.lower / b.upper, a.upper / b.lower, a.upper / b.upper]
        return Enclosure(lower: q.min()!, upper: q.max()!).widened(4 * Enclosure.u)
    }

    /// Divides by a positive integer count.
    func dividedBy(_ n: Int) -> Enclosure {
        Enclosure(lower: lower / Double(n), upper: upper / Double(n)).widened(4 * Enclosure.u)
    }
}

extension Enclosure {
    /// A rational of any size: its leading 62 bits by one division (⌊|n|·2ˢ ÷ d⌋, a word), one
    /// conversion and a power of two, so |r| lies in [q, q + 1)·2⁻ˢ with q ≥ 2⁶¹: relative error
    /// below 2⁻⁶¹ before the conversion's u. nil past Double's normal range. (A big rational's own
    /// `doubleValue` keeps its parts' leading 900 bits, which is no bound for a tiny quotient.)
    init?(_ r: Rational) {
        if let (n, d) = r.parts {
            let x = Double(n) / Double(d)
            self = Enclosure(lower: x, upper: x).widened(2 * Enclosure.gamma(3))
            return
        }
        let (n, d) = (r.numerator.magnitude, r.denominator.magnitude)
        guard !n.isZero else {
            self = Enclosure(lower: 0, upper: 0)
            return
        }
        // |n|/d lies in [2^(a−b−1), 2^(a−b+1)) for a-bit n and b-bit d: scaled by 2^s, s = 62 − (a − b),
        // its floor lies in [2⁶¹, 2⁶³) (⌊⌊x⌋ ÷ d⌋ = ⌊x ÷ d⌋, so shifting right first loses nothing).
        let s = 62 - (n.bitWidth - d.bitWidth)
        let q = (s >= 0 ? n << s : n >> -s) / d
        guard q.bitWidth <= 63, let word = q.words.first else { return nil }
        let x = Foundation.scalbn(Double(UInt64(word)), -s)
        guard x.isFinite, x >= Double.leastNormalMagnitude else { return nil }
        let signed = r.sign < 0 ? -x : x
        self = Enclosure(lower: signed, upper: signed).widened(4 * Enclosure.u)
    }
}

extension Growth {
    /// A growth P^(1/root) − 1 known only through an enclosure of P > 0 (root 1 or 2: the mean and
    /// pooled methods). Each answer is nil when the enclosure cannot decide it.
    struct Filtered {
        var power: Enclosure
        var root: Int

        /// (s + k)ᵏ/sʳᵒᵒᵗ as an enclosure: (s + k)^root is an exact integer below 2⁵³ here, so
        /// one division rounds once.
        private func step(_ k: Int, scale s: Int) -> Enclosure? {
            let base = s + k
            guard base >= 0, root <= 2, abs(base) < 1 << 26, s < 1 << 26 else { return nil }
            var numerator = 1
            var denominator = 1
            for _ in 0..<root {
                numerator *= base
                denominator *= s
            }
            let x = Double(numerator) / Double(denominator)
            return Enclosure(lower: x, upper: x).widened(4 * Enclosure.u)
        }

        /// P ≥ (1 + rate)^root, when the enclosure settles it.
        func meets(_ rate: Rational) -> Bool? {
            guard let r = rate.parts, root <= 2 else { return nil }
            // (1 + n/d)^root = (d + n)^root / d^root, exact integers for the rates 5% and 6%.
            guard let target = step(Int(r.0), scale: Int(r.1)) else { return nil }
            if power.lower > target.upper { return true }
            if power.upper < target.lower { return false }
            return nil
        }

        /// The CAGR truncated toward zero to 1/scale, when the enclosure settles it: k/scale with
        /// ((s+k)/s)^root ≤ P < ((s+k+1)/s)^root for P ≥ 1, and ((s+k−1)/s)^root < P ≤ ((s+k)/s)^root
        /// for P < 1. Both bracket values are checked strictly, so a P on a step is left to the exact path.
        func truncated(scale s: Int) -> Rational? {
            guard power.lower > 0, root <= 2 else { return nil }
            let estimate = Foundation.pow(power.midpoint, 1 / Double(root)) - 1
            guard estimate.isFinite, abs(estimate) < 1e6 else { return nil }
            if power.lower >= 1 {
                let k = Int((estimate * Double(s)).rounded(.down))
                guard k >= 0, let low = step(k, scale: s), let high = step(k + 1, scale: s),
                    low.upper < power.lower, power.upper < high.lower
                else { return nil }
                return Rational(BigInt(k), BigInt(s))
            }
            if power.upper < 1 {
                let k = Int((estimate * Double(s)).rounded(.up))
                guard k <= 0, k > -s, let low = step(k - 1, scale: s), let high = step(k, scale: s),
                    low.upper < power.lower, power.upper < high.lower
                else { return nil }
                return Rational(BigInt(k), BigInt(s))
            }
            return nil
        }

        var cagr: Double { Foundation.pow(power.midpoint, 1 / Double(root)) - 1 }
        func improvementRatio(years: Int) -> Double { Foundation.pow(power.midpoint, Double(years) / Double(root)) }
    }
}

/// A positive real held as m·2ᵉ (m in [½, 1)) together with the number of roundings it carries.
///
/// Each basic operation (a conversion, ×, ÷) is correctly rounded, so the computed value is
/// x·Π(1 + δᵢ)^(±1) with |δᵢ| ≤ u over `roundings` factors (a rounding repeated by a power counts
/// as often as it is repeated), and its relative error is at most γ₍roundings₎ (Higham, Lemma 3.1).
/// The exponent is kept apart from the mantissa, so a product of 300,000 members' ratios, or
/// 1.05^600,000, never overflows or underflows and no rounding escapes the count.
struct ScaledEstimate: Sendable, Equatable {
    var mantissa: Double
    var exponent: Int
    var roundings: Int

    static let one = ScaledEstimate(1, roundings: 0)

    /// x > 0 and finite, computed with `roundings` roundings.
    init(_ x: Double, roundings: Int) {
        precondition(x > 0 && x.isFinite)
        let (m, e) = frexp(x)
        self.init(mantissa: m, exponent: e, roundings: roundings)
    }

    private init(mantissa: Double, exponent: Int, roundings: Int) {
        self.mantissa = mantissa
        self.exponent = exponent
        self.roundings = roundings
    }

    /// Mantissas in [½, 1): their product lies in [¼, 1) and their quotient in (½, 2), normal
    /// doubles, so each rounds once; frexp only moves the exponent (exact).
    static func * (a: ScaledEstimate, b: ScaledEstimate) -> ScaledEstimate {
        let (m, e) = frexp(a.mantissa * b.mantissa)
        return ScaledEstimate(mantissa: m, exponent: a.exponent + b.exponent + e, roundings: a.roundings + b.roundings + 1)
    }

    static func / (a: ScaledEstimate, b: ScaledEstimate) -> ScaledEstimate {
        let (m, e) = frexp(a.mantissa / b.mantissa)
        return ScaledEstimate(mantissa: m, exponent: a.exponent - b.exponent + e, roundings: a.roundings + b.roundings + 1)
    }

    /// xᵏ (k ≥ 1) by repeated squaring: a squaring doubles the roundings of what it squares, so
    /// the count stays exact (about 3k for a base with one rounding).
    func power(_ k: Int) -> ScaledEstimate {
        precondition(k >= 1)
        var result: ScaledEstimate?
        var square = self
        var k = k
        while true {
            if k & 1 == 1 { result = result.map { $0 * square } ?? square }
            k >>= 1
            if k == 0 { return result! }
            square = square * square
        }
    }

    /// ln x, for display and to seed a search (never for a decision).
    var naturalLog: Double { Foundation.log(mantissa) + Double(exponent) * 0.693_147_180_559_945_3 }

    /// The sign of a − b for the exact values behind two estimates, when their error bounds settle
    /// it: ρ = a/b is computed with their roundings and one more, so ρ̃ = ρ(1 + θ), |θ| ≤ g = γ_w
    /// (g ≥ u), and ρ̃ > fl(1 + 2g) ≥ 1 + g proves ρ > 1, ρ̃ < fl(1 − 2g) ≤ 1 − g proves ρ < 1.
    /// ρ̃ read as a double is exact, or infinite, or (far below 1) rounded toward 0 — none of which
    /// can cross either bound. nil when the values are too close (or the count too large) to tell.
    static func compare(_ a: ScaledEstimate, _ b: ScaledEstimate) -> Int? {
        let rho = a / b
        guard rho.roundings < 1 << 40 else { return nil }
        let g = Enclosure.gamma(rho.roundings)
        let value: Double
        if rho.exponent > 2000 {
            value = .infinity
        } else if rho.exponent < -2000 {
            value = 0
        } else {
            value = Double(sign: .plus, exponent: rho.exponent, significand: rho.mantissa)
        }
        if value > 1 + 2 * g { return 1 }
        if value < 1 - 2 * g { return -1 }
        return nil
    }
}

extension Growth {
    /// The geometric method's growth, P^(1/root) − 1 with P = Π LPᵢ(n)/LPᵢ(0) and root = n × members
    /// (公募要領 §2-2-1(5)(オ)二), known through a `ScaledEstimate` of P. The exact P of 300,000
    /// members is a fraction millions of bits long (and its test against 1.05^600,000 as long);
    /// the estimate costs one division per member. Each answer is nil when the bound cannot decide it.
    struct FilteredProduct {
        var power: ScaledEstimate
        var root: Int

        /// P from each member's productivities in the base year and year n, every one positive
        /// with both parts in a machine word; nil otherwise (the exact path decides).
        /// Each ratio (a/b)/(c/d) = (a·d)/(b·c): four conversions, two products and a quotient,
        /// seven roundings; each further factor one more.
        init?<Rows: Collection<MemberPeriodResult>>(base: Rows, year: Rows, years: Int) {
            guard !base.isEmpty, base.count == year.count else { return nil }
            var product = ScaledEstimate.one
            for (b, y) in zip(base, year) {
                guard let (c, d) = b.productivity.parts, let (a, bd) = y.productivity.parts, a > 0, c > 0 else { return nil }
                let ratio = (Double(a) * Double(d)) / (Double(bd) * Double(c))
                product = product * ScaledEstimate(ratio, roundings: 7)
            }
            power = product
            root = years * base.count
        }

        /// ((s + k)/s)^root: s + k and s are exact integers below 2⁵³; the quotient rounds once
        /// (three roundings counted, to cover the conversions as well).
        private func step(_ k: Int, scale s: Int) -> ScaledEstimate? {
            let base = s + k
            guard base > 0, s > 0, base < 1 << 52, s < 1 << 52 else { return nil }
            return ScaledEstimate(Double(base) / Double(s), roundings: 3).power(root)
        }

        /// P ≥ (1 + rate)^root, when the bound settles it (it cannot when P is on the target).
        func meets(_ rate: Rational) -> Bool? {
            guard let (n, d) = rate.parts, let target = step(Int(n), scale: Int(d)) else { return nil }
            return ScaledEstimate.compare(power, target).map { $0 > 0 }
        }

        /// The CAGR truncated toward zero to 1/s, as `Growth.Filtered.truncated`: the bracketing
        /// steps are both checked strictly, so a P on a step is left to the exact path.
        func truncated(scale s: Int) -> Rational? {
            guard let side = ScaledEstimate.compare(power, .one) else { return nil }
            let estimate = cagr * Double(s)
            guard estimate.isFinite, abs(estimate) < 1e12 else { return nil }
            if side > 0 {
                let k = Int(estimate.rounded(.down))
                guard k >= 0, let low = step(k, scale: s), let high = step(k + 1, scale: s),
                    ScaledEstimate.compare(power, low) == 1, ScaledEstimate.compare(power, high) == -1
                else { return nil }
                return Rational(BigInt(k), BigInt(s))
            }
            let k = Int(estimate.rounded(.up))
            guard k <= 0, k > -s, let low = step(k - 1, scale: s), let high = step(k, scale: s),
                ScaledEstimate.compare(power, low) == 1, ScaledEstimate.compare(power, high) == -1
            else { return nil }
            return Rational(BigInt(k), BigInt(s))
        }

        var cagr: Double { Foundation.exp(power.naturalLog / Double(root)) - 1 }
        func improvementRatio(years: Int) -> Double { Foundation.exp(power.naturalLog * Double(years) / Double(root)) }
    }
}
