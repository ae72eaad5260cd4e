import BigInt
import Testing

@testable import GroupProductivity

/// Rational's machine-word fast paths against BigInt arithmetic done here by hand, on random values
/// around the Int64 edge so that both the fast path and its overflow fallback are taken.
@Suite("Rational: word-sized fast paths are exact")
struct RationalFastPathTests {
    static func random(_ g: inout SeededRandom) -> Rational {
        let magnitudes: [Int64] = [1, 1 << 20, 1 << 31, 1 << 40, 1 << 62, Int64.max]
        let n = Int64.random(in: -magnitudes.randomElement(using: &g)!...magnitudes.randomElement(using: &g)!, using: &g)
        let d = Int64.random(in: 1...magnitudes.randomElement(using: &g)!, using: &g)
        return Rational(BigInt(n), BigInt(d))
    }

    /// a/b and c/d name the same number, and c/d is in lowest terms with d > 0.
    static func same(_ r: Rational, _ n: BigInt, _ d: BigInt) -> Bool {
        r.denominator > 0 && r.numerator * d == n * r.denominator
            && r.numerator.magnitude.greatestCommonDivisor(with: r.denominator.magnitude) == 1
    }

    @Test func operationsMatchBigIntArithmetic() {
        var g = SeededRandom(state: 42)
        for _ in 0..<20_000 {
            let a = Self.random(&g)
            let b = Self.random(&g)
            let (an, ad, bn, bd) = (a.numerator, a.denominator, b.numerator, b.denominator)
            #expect(Self.same(a + b, an * bd + bn * ad, ad * bd))
            #expect(Self.same(a - b, an * bd - bn * ad, ad * bd))
            #expect(Self.same(a * b, an * bn, ad * bd))
            if !b.isZero { #expect(Self.same(a / b, an * bd, ad * bn)) }
            #expect((a < b) == (an * bd < bn * ad))
            #expect(Self.same(-a, -an, ad))
        }
    }

    /// Values over one denominator (whole yen; hours in halves; prime, and near the word's edge)
    /// take the same-denominator paths of `+` and `<`; they must agree with BigInt too.
    @Test func sameDenominatorPathsMatchBigIntArithmetic() {
        var g = SeededRandom(state: 43)
        var shared = 0
        for _ in 0..<20_000 {
            let denominators: [Int64] = [1, 2, 7, 1 << 40, Int64.max]
            let magnitudes: [Int64] = [1_000, 1 << 40, Int64.max]
            let d: Int64 = denominators.randomElement(using: &g)!
            let m: Int64 = magnitudes.randomElement(using: &g)!
            let x: Int64 = Int64.random(in: -m...m, using: &g)
            let y: Int64 = Int64.random(in: -m...m, using: &g)
            let a = Rational(BigInt(x), BigInt(d))
            let b = Rational(BigInt(y), BigInt(d))
            let (an, ad, bn, bd) = (a.numerator, a.denominator, b.numerator, b.denominator)
            if ad == bd { shared += 1 }
            #expect(Self.same(a + b, an * bd + bn * ad, ad * bd))
            #expect((a < b) == (an * bd < bn * ad))
            #expect((b < a) == (bn * ad < an * bd))
        }
        #expect(shared > 5_000)
    }

    /// The lazily normalised pairwise sum equals adding one term at a time.
    @Test func sumEqualsAddingInTurn() {
        var g = SeededRandom(state: 7)
        for count in [1, 2, 3, 17, 100, 257] {
            let terms = (0..<count).map { _ in
                Rational(
                    BigInt(Int64.random(in: -1 << 40...1 << 40, using: &g)),
                    BigInt(Int64.random(in: 1...92_000, using: &g)))
            }
            #expect(Rational.sum(terms) == terms.dropFirst().reduce(terms[0], +))
        }
    }

    /// Above 64 terms `sum` adds the numerators of terms sharing a word-sized denominator first
    /// (`sharingDenominators`); it still equals adding one term at a time: denominators drawn
    /// from a few (so that they repeat), numerators near the word's edge (so that a
    /// denominator's total spills into BigInt, one way and back), and terms past a word mixed in.
    @Test func sumOverSharedDenominatorsEqualsAddingInTurn() {
        var g = SeededRandom(state: 8)
        var spilled = 0
        for round in 0..<60 {
            let denominators: [Int64] = [1, 2, 3, 4_000, 7_001, 1 << 40, Int64.max]
            let edge = round % 3 == 0
            let terms = (0..<Int.random(in: 65...400, using: &g)).map { i -> Rational in
                if i % 50 == 7 { return Rational(BigInt(10).power(25) + BigInt(i), BigInt(3)) }
                let n =
                    edge
                    ? Int64.random(in: (Int64.max / 2)...Int64.max, using: &g) * (Bool.random(using: &g) ? 1 : -1)
                    : Int64.random(in: -1 << 40...1 << 40, using: &g)
                return Rational(BigInt(n), BigInt(denominators.randomElement(using: &g)!))
            }
            let grouped = Rational.sharingDenominators(terms)
            #expect(grouped.count < terms.count, "round \(round): shared denominators were added first")
            if grouped.contains(where: { $0.parts == nil && $0.denominator < 1 << 62 }) { spilled += 1 }
            #expect(Rational.sum(terms) == terms.dropFirst().reduce(terms[0], +), "round \(round)")
        }
        #expect(spilled > 5, "a denominator's total past a word: \(spilled) rounds")
    }

    /// Decimal text in machine words equals the BigInt path's, for denominators 2^a·5^b (times 3
    /// for some, which do not terminate) and numerators up to the Int64 edge, where the word path
    /// overflows and must give way.
    @Test func terminatingDecimalMatchesBigIntPath() {
        var g = SeededRandom(state: 11)
        var fast = 0
        for _ in 0..<20_000 {
            var d: Int64 = 1
            for _ in 0..<Int.random(in: 0...40, using: &g) where d < Int64.max / 5 { d *= Bool.random(using: &g) ? 2 : 5 }
            if Int.random(in: 0..<8, using: &g) == 0 && d < Int64.max / 3 { d *= 3 }
            let magnitudes: [Int64] = [9, 1 << 20, 1 << 40, 1 << 62, Int64.max]
            let bound = magnitudes.randomElement(using: &g)!
            let n = Int64.random(in: -bound...bound, using: &g)
            let r = Rational(BigInt(n), BigInt(d))
            let expected = Rational.terminatingDecimal(big: r.numerator, r.denominator)
            #expect(r.terminatingDecimal == expected)
            if let (rn, rd) = r.parts, Rational.terminatingDecimal(rn, rd) != nil { fast += 1 }
        }
        #expect(fast > 10_000)
        #expect(Rational(BigInt(-1), BigInt(8)).terminatingDecimal == "-0.125")
        #expect(Rational(BigInt(12_345), BigInt(100)).terminatingDecimal == "123.45")
        #expect(Rational(BigInt(1), BigInt(3)).terminatingDecimal == nil)
    }

    /// The word-sized gcd against BigUInt's, on operands with shared powers of two and factors,
    /// zeros, ones and the word's edge; and Rational(small:) reduced to lowest terms by it.
    @Test func wordGCDMatchesBigUInt() {
        var g = SeededRandom(state: 12)
        let edges: [UInt64] = [0, 1, 2, 3, 1 << 63, UInt64.max, UInt64.max - 1, UInt64(Int64.max)]
        for _ in 0..<50_000 {
            func operand() -> UInt64 {
                switch Int.random(in: 0..<4, using: &g) {
                case 0: return edges.randomElement(using: &g)!
                case 1: return UInt64.random(in: 0...1_000, using: &g)
                default: return UInt64.random(in: 0...UInt64.max >> Int.random(in: 0...60, using: &g), using: &g)
                }
            }
            let common = UInt64.random(in: 1...1_000, using: &g) << Int.random(in: 0...20, using: &g)
            var (a, b) = (operand(), operand())
            if Bool.random(using: &g), a.multipliedReportingOverflow(by: common).overflow == false,
                b.multipliedReportingOverflow(by: common).overflow == false
            {
                (a, b) = (a * common, b * common)
            }
            let expected = BigUInt(a).greatestCommonDivisor(with: BigUInt(b))
            #expect(BigUInt(Rational.gcd(a, b)) == expected, "gcd(\(a), \(b))")
        }
        for _ in 0..<20_000 {
            let n = Int64.random(in: -(Int64.max >> Int.random(in: 0...60, using: &g))...(Int64.max >> Int.random(in: 0...60, using: &g)), using: &g)
            let d = Int64.random(in: 1...(Int64.max >> Int.random(in: 0...60, using: &g)), using: &g) * (Bool.random(using: &g) ? 1 : -1)
            #expect(Self.same(Rational(small: n, d), BigInt(n), BigInt(d)), "\(n)/\(d)")
        }
    }

    @Test func edgeValues() {
        let big = Rational(BigInt(Int64.max))
        #expect((big + big).numerator == BigInt(Int64.max) * 2)
        #expect((big * big).numerator == BigInt(Int64.max) * BigInt(Int64.max))
        #expect(Rational(BigInt(-6), BigInt(-4)) == Rational(BigInt(3), BigInt(2)))
        #expect(Rational(BigInt(0), BigInt(-5)).denominator == 1)
        #expect(Rational(BigInt(1) << 70, BigInt(1) << 68) == Rational(4))
        #expect(Rational(BigInt(1), BigInt(3)).doubleValue == 1.0 / 3.0)
    }
}
