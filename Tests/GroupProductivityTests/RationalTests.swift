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
