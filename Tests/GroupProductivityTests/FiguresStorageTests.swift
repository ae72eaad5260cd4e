import BigInt
import Foundation
import Testing

@testable import GroupProductivity

@Suite("Figures held compactly give back exactly what they were given")
struct FiguresStorageTests {
    /// A figure of every kind the box holds differently: whole, fractional, negative, zero, at the
    /// edge of a machine word, and beyond it (a `Rational` with BigInt parts).
    static func number(_ rng: inout SeededRandom) -> Rational {
        switch Int.random(in: 0..<6, using: &rng) {
        case 0: Rational(Int.random(in: -1_000_000_000...1_000_000_000_000, using: &rng))
        case 1: Rational(BigInt(Int.random(in: -99_999...99_999, using: &rng)), BigInt(Int.random(in: 1...1_000, using: &rng)))
        case 2: Rational(0)
        case 3: Rational(BigInt(Int64.max), BigInt(Int.random(in: 1...7, using: &rng)))
        case 4: Rational(BigInt(1) << 70, BigInt(3))
        default: Rational(BigInt(Int.random(in: 1...3_000, using: &rng)), 2)
        }
    }

    static func text(_ rng: inout SeededRandom) -> String? {
        [nil, "", "受注減少", "Sheet 1", "members.xlsx"].randomElement(using: &rng)!
    }

    /// Every field reads back as given, whatever else the row holds; a change to one field of a
    /// copy changes that field of that copy only, and equality sees it.
    @Test func everyFieldRoundTripsAndEachChangeIsSeen() {
        var rng = SeededRandom(state: 5)
        for _ in 0..<2_000 {
            let values = (0..<5).map { _ in Self.number(&rng) }
            let source = SourceLocation(
                file: Bool.random(using: &rng) ? "a.csv" : "/いくつかの/フォルダ/実績.csv", line: Int.random(in: 0...Int.max, using: &rng),
                column: Bool.random(using: &rng) ? Int.random(in: 1...40, using: &rng) : nil, sheet: Self.text(&rng))
            let reason = Self.text(&rng)
            var f = Figures(
                operatingProfit: values[0], labourCost: values[1], depreciation: values[2], headcount: values[3],
                hoursPerEmployee: values[4], shortfallReason: reason, source: source)
            let origin = Self.text(&rng)
            f.origin = origin
            #expect([f.operatingProfit, f.labourCost, f.depreciation, f.headcount, f.hoursPerEmployee] == values)
            #expect(f.source == source)
            #expect(f.shortfallReason == reason)
            #expect(f.origin == origin)

            var g = f
            let field = Int.random(in: 0..<9, using: &rng)
            var expected = values
            let replacement = Self.number(&rng)
            switch field {
            case 0: g.operatingProfit = replacement
            case 1: g.labourCost = replacement
            case 2: g.depreciation = replacement
            case 3: g.headcount = replacement
            case 4: g.hoursPerEmployee = replacement
            case 5: g.shortfallReason = reason == nil ? "理由" : nil
            case 6: g.origin = origin == nil ? "取込元.csv" : nil
            case 7: g.source.line = source.line == 7 ? 8 : 7
            default: g.source.column = source.column == nil ? 3 : nil
            }
            if field < 5 { expected[field] = replacement }
            #expect([g.operatingProfit, g.labourCost, g.depreciation, g.headcount, g.hoursPerEmployee] == expected)
            #expect([f.operatingProfit, f.labourCost, f.depreciation, f.headcount, f.hoursPerEmployee] == values)
            #expect(f.source == source && f.shortfallReason == reason && f.origin == origin)
            let changed = field >= 5 || replacement != values[field]
            #expect((g == f) == !changed)
            // `sameValues` compares the numbers and the reason only.
            #expect(g.sameValues(as: f) == (!changed || field >= 6))
        }
    }
}
