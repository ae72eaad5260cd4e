import BigInt
import Foundation
import SafeFiles
import Testing

@testable import GroupPresentation
@testable import GroupProductivity
@testable import GroupWorkflows

@Suite("NumberParser: numbers as people type them")
struct NumberParserTests {
    @Test(arguments: [
        ("1234", Rational(1234)),
        ("1,234", Rational(1234)),
        ("1,234,567", Rational(1_234_567)),
        ("-1234", Rational(-1234)),
        ("△1,234", Rational(-1234)),
        ("▲1,234", Rational(-1234)),
        ("△ 1,234", Rational(-1234)),
        ("(1,234)", Rational(-1234)),
        ("１２３４", Rational(1234)),
        ("－１，２３４", Rational(-1234)),
        ("\u{2212}1234", Rational(-1234)),
        ("ー500", Rational(-500)),
        ("¥1,234", Rational(1234)),
        ("￥1,234", Rational(1234)),
        ("\\1,234", Rational(1234)),
        ("1,234円", Rational(1234)),
        ("-¥1,234", Rational(-1234)),
        ("▲¥1,234円", Rational(-1234)),
        ("  1234  ", Rational(1234)),
        ("\u{3000}1234\u{3000}", Rational(1234)),
        // Excel's accounting format shows 0 as a dash, and its CSV saves the dash.
        ("-", Rational(0)),
        (" - ", Rational(0)),
        ("－", Rational(0)),
        ("+25", Rational(25)),
        ("1,850.5", Rational(3701, 2)),
        ("0.125", Rational(1, 8)),
        ("１８５０．５", Rational(3701, 2)),
        ("0", Rational.zero),
        ("007", Rational(7)),
        ("999,999,999,999,999", Rational(999_999_999_999_999)),
        ("1000000000000000000000", Rational(BigInt(10).power(21))),  // 1 significant digit
    ])
    func accepts(raw: String, expected: Rational) {
        #expect(NumberParser.parse(raw) == .success(expected))
    }

    @Test(arguments: [
        ("", NumberProblem.empty),
        ("   ", .empty),
        ("円", .empty),
        ("1.23457E+11", .exponentNotation),
        ("1,23", .misplacedSeparator),
        ("12,3456", .misplacedSeparator),
        ("1234,567", .misplacedSeparator),
        (",123", .misplacedSeparator),
        ("1.5,000", .misplacedSeparator),
        ("-△100", .conflictingSigns),
        ("(-100)", .conflictingSigns),
        ("10-0", .conflictingSigns),
        ("12x00", .unexpectedCharacter("x")),
        ("1.2.3", .unexpectedCharacter(".")),
        ("5%", .unexpectedCharacter("%")),
        ("約100", .unexpectedCharacter("約")),
        ("N/A", .unexpectedCharacter("N")),
        ("#N/A", .excelError("#N/A")),
        ("#DIV/0!", .excelError("#DIV/0!")),
        ("#value!", .excelError("#value!")),
        ("9,000千円", .unitInCell("千円")),
        ("900万", .unitInCell("万")),
        ("1.2億円", .unitInCell("億円")),
        ("12百万円", .unitInCell("百万円")),
        ("1234567890123456", .tooManyDigits(16)),
        ("0.0000000000000001234567890123456", .tooManyDigits(16)),
        (String(repeating: "9", count: 200_000), .tooManyDigits(200_000)),
    ])
    func rejects(raw: String, problem: NumberProblem) {
        #expect(NumberParser.parse(raw) == .failure(problem))
    }

    /// The byte-level fast path accepts only what the full parser accepts, with the same value:
    /// 200,000 random strings over the characters that matter (seeded, so a failure repeats).
    @Test func fastPathAgreesWithTheFullParser() {
        var generator = SeededRandom(state: 20261121)
        let alphabet = Array("0123456789,.-+ 0011")
        var accepted = 0
        for _ in 0..<200_000 {
            let length = Int.random(in: 1...12, using: &generator)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            guard let fast = NumberParser.plainDecimal(text) else { continue }
            accepted += 1
            #expect(NumberParser.parseInFull(text) == .success(CellNumber(written: fast)), "\(text)")
        }
        // Sixteen digits is one too many for the fast path; the full parser then refuses it.
        #expect(NumberParser.plainDecimal("1234567890123456") == nil)
        #expect(NumberParser.plainDecimal("12,345,000.5") == Rational(24_690_001, 2))
        #expect(accepted > 10_000)
    }

    /// The fast path accepts exactly `-?(d+|d{1,3}(,ddd)+)?(.d*)?` with one to fifteen digits in
    /// all (the forms its doc comment names), checked against a regular expression on random text.
    @Test func fastPathAcceptsExactlyItsForms() throws {
        let form = try NSRegularExpression(pattern: "^-?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)?(\\.[0-9]*)?$")
        var generator = SeededRandom(state: 20261122)
        let alphabet = Array("0123456789,.-+ 00111,,..")
        for _ in 0..<200_000 {
            let length = Int.random(in: 0...20, using: &generator)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            let digits = text.filter(\.isNumber).count
            let matches = form.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
            #expect((NumberParser.plainDecimal(text) != nil) == (matches && (1...15).contains(digits)), "\(text)")
        }
    }

    @Test func excelIdiomsGetAdviceThatFits() {
        #expect(NumberProblem.excelError("#DIV/0!").message.ja == "Excel のエラー値「#DIV/0!」です（式の結果が数値になっていません）")
        #expect(NumberProblem.unitInCell("万").hint.en == "enter the number alone, without a unit")
    }

    /// `read` gives the number as written and the unit after it; the importer weighs the unit
    /// against the header. Factors worked out by hand: 千 10³, 万 10⁴, 百万 10⁶, 千万 10⁷, 億 10⁸.
    @Test(arguments: [
        ("9,000千円", Rational(9000), "千円", 1_000),
        ("900万", Rational(900), "万", 10_000),
        ("1.2万", Rational(6, 5), "万", 10_000),
        ("１．２万円", Rational(6, 5), "万円", 10_000),
        ("12百万円", Rational(12), "百万円", 1_000_000),
        ("3千万", Rational(3), "千万", 10_000_000),
        ("1.2億円", Rational(6, 5), "億円", 100_000_000),
        ("△900 万円", Rational(-900), "万円", 10_000),
        ("(1,200)千円", Rational(-1200), "千円", 1_000),
        ("1,234円", Rational(1234), "円", 1),
    ])
    func readsAUnitWrittenInTheCell(raw: String, written: Rational, unit: String, factor: Int) {
        #expect(NumberParser.read(raw) == .success(CellNumber(written: written, unit: WrittenUnit(text: unit, factor: factor))))
    }

    @Test func aDashAloneIsZeroAndSaysSo() {
        for dash in ["-", " - ", "－", "\u{2212}", "―", "ー"] {
            #expect(NumberParser.read(dash) == .success(CellNumber(written: .zero, dashAsZero: true)), "\(dash)")
        }
        // A sign with no digits is not a dash: △ alone and -- are refused.
        #expect(NumberParser.read("△") == .failure(.empty))
        #expect(NumberParser.read("--") == .failure(.conflictingSigns))
        // Words ending like a unit are not units: 千 after a letter is just a letter.
        #expect(NumberParser.read("約千円") == .failure(.unexpectedCharacter("約")))
    }

    @Test func controlCharactersAreNamedNotPrinted() {
        #expect(NumberParser.parse("12\u{0}3") == .failure(.unexpectedCharacter("\u{0}")))
        #expect(NumberProblem.unexpectedCharacter("\u{0}").message.en == "contains \"U+0000\", which is not part of a number")
        #expect(NumberProblem.unexpectedCharacter("\u{200B}").message.ja.contains("U+200B"))
    }

    @Test func everyProblemExplainsItselfInBothLanguages() {
        let problems: [NumberProblem] = [
            .empty, .exponentNotation, .misplacedSeparator, .conflictingSigns,
            .unexpectedCharacter("x"), .tooManyDigits(16), .excelError("#N/A"), .unitInCell("千円"),
        ]
        for p in problems {
            #expect(!p.message.ja.isEmpty && !p.message.en.isEmpty)
            #expect(!p.hint.ja.isEmpty && !p.hint.en.isEmpty)
        }
    }
}

@Suite("Rational")
struct RationalTests {
    @Test func reducesAndNormalisesSign() {
        let r = Rational(BigInt(10), BigInt(-4))
        #expect(r.numerator == -5)
        #expect(r.denominator == 2)
    }

    @Test(arguments: [
        (Rational(1, 8), 2, "0.13"),
        (Rational(-1, 8), 2, "-0.13"),
        (Rational(2, 3), 3, "0.667"),
        (Rational(1_611_111, 1000), 1, "1611.1"),
        (Rational(5, 100), 3, "0.050"),
        (Rational(0), 1, "0.0"),
    ])
    func roundsHalfAwayFromZero(value: Rational, places: Int, expected: String) {
        #expect(value.decimalString(places: places) == expected)
    }

    /// Rounding half away from zero worked out another way (quotient and remainder of the
    /// magnitude), for random fractions in machine words and beyond, at 0 to 18 places, and the
    /// thousands separators against a plain three-from-the-right split.
    @Test func decimalStringsAgreeWithQuotientAndRemainder() {
        var rng = SeededRandom(state: 20_261_122)
        for round in 0..<3_000 {
            let big = round % 5 == 0
            let n = BigInt(Int64(bitPattern: rng.next()) >> (big ? 0 : Int(rng.next() % 60))) * (big ? BigInt(1) << 70 : 1)
            let d = BigInt(1 + rng.next() % (round % 3 == 0 ? 7 : 10_000_000))
            let places = Int(rng.next() % 19)
            let value = Rational(n, d)
            let scaled = value.numerator.magnitude * BigUInt(10).power(places)
            let (q, r) = scaled.quotientAndRemainder(dividingBy: value.denominator.magnitude)
            let magnitude = r * 2 >= value.denominator.magnitude ? q + 1 : q
            var digits = String(magnitude)
            if places > 0 {
                if digits.count <= places { digits = String(repeating: "0", count: places - digits.count + 1) + digits }
                digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -places))
            }
            let expected = (value.sign < 0 && magnitude != 0 ? "-" : "") + digits
            #expect(value.decimalString(places: places) == expected, "\(n)/\(d) at \(places)")
            let integer = expected.drop { $0 == "-" }.prefix { $0 != "." }
            var groups: [Substring] = []
            var rest = integer[...]
            while rest.count > 3 {
                groups.insert(rest.suffix(3), at: 0)
                rest = rest.dropLast(3)
            }
            groups.insert(rest, at: 0)
            let fraction = expected.drop { $0 != "." }
            #expect(NumberFormat.group(expected) == (expected.hasPrefix("-") ? "-" : "") + groups.joined(separator: ",") + fraction)
        }
    }

    @Test func terminatingDecimals() {
        #expect(Rational(3701, 2).terminatingDecimal == "1850.5")
        #expect(Rational(-14_500_000).terminatingDecimal == "-14500000")
        #expect(Rational(56, 1000).terminatingDecimal == "0.056")
        #expect(Rational(1, 3).terminatingDecimal == nil)
    }

    @Test func doubleOfHugeNumeratorAndDenominator() {
        let huge = BigInt(10).power(400)
        #expect(Rational(huge * 3, huge * 4).doubleValue == 0.75)
        let r = Rational(BigInt(7) * BigInt(10).power(350) + 1, BigInt(10).power(350))
        #expect(abs(r.doubleValue - 7) < 1e-12)
    }
}

@Suite("FigureLimits: the machine-word check agrees with the exact one")
struct FigureLimitsTests {
    /// Values on both sides of every bound, as machine-word rationals: the fast check must give
    /// the exact check's answer for each (and the exact check's words when outside).
    @Test func machineWordPathMatchesExactOnEveryBound() {
        let e15: Int64 = 1_000_000_000_000_000
        let wholes: [Int64] = [
            0, 1, -1, e15, e15 + 1, -e15, -e15 - 1, 1_000_000, 1_000_001, 8_760, 8_761, 2, .max, -.max,
        ]
        let denominators: [Int64] = [1, 2, 3, 4, 5, 7, 8, 10, 64, 1_000, 999_999, 1_000_000, 2_000_000, 3_000_000, 15_625, 31_250, 9_223_372]
        var compared = 0
        var outside = 0
        for column in [Column.operatingProfit, .labourCost, .depreciation, .headcount, .hoursPerEmployee] {
            for n in wholes {
                for d in denominators {
                    for offset: Int64 in [-1, 0, 1] {
                        let (scaled, overflow) = n.multipliedReportingOverflow(by: d)
                        let (shifted, past) = scaled.addingReportingOverflow(offset)
                        // Machine-word rationals exclude Int64.min (see `Rational.mul`).
                        guard !overflow, !past, shifted != .min else { continue }
                        let value = Rational(small: shifted, d)
                        for decimals in [true, false] {
                            let fast = FigureLimits.violation(column, value, decimals: decimals)
                            let exact = FigureLimits.exactViolation(column, value, decimals: decimals)
                            #expect(fast == exact, "\(column) \(value) decimals \(decimals)")
                            compared += 1
                            if exact != nil { outside += 1 }
                        }
                    }
                }
            }
        }
        // Both answers occur often, so the comparison covers each side of each bound.
        #expect(compared > 2_000)
        #expect(outside > 500 && outside < compared - 500)
        // Hand-checked points: 10^15 yen is allowed, one yen more is not; 0.5 hours is refused.
        #expect(FigureLimits.violation(.labourCost, Rational(small: e15, 1)) == nil)
        #expect(FigureLimits.violation(.labourCost, Rational(small: e15 + 1, 1)) != nil)
        #expect(FigureLimits.violation(.labourCost, Rational(small: -e15 - 1, 1)) != nil)
        #expect(FigureLimits.violation(.hoursPerEmployee, Rational(small: 1, 2)) != nil)
        #expect(FigureLimits.violation(.headcount, Rational(small: 1_000_000, 1)) == nil)
        #expect(FigureLimits.violation(.headcount, Rational(small: 1_000_001, 1)) != nil)
        #expect(FigureLimits.violation(.operatingProfit, Rational(small: 1, 3)) != nil)
    }
}

@Suite("Column ordinals")
struct ColumnOrdinalTests {
    /// `SourceTable.ColumnMap` keeps one slot per column at its ordinal: each must be its own.
    @Test func ordinalIsThePositionInAllCases() {
        #expect(Column.allCases.map(\.ordinal) == Array(Column.allCases.indices))
    }
}

@Suite("Trimming: the shortcut gives the Character walk's answer")
struct TrimmingTests {
    @Test func shortcutsAgreeWithTheCharacterWalk() {
        let ends = ["", " ", "\u{3000}", "\u{A0}", "\t", "山", "ア", "あ", "Ａ", "）", "a", "ー", "ｱ", "\u{301}", " \u{301}", "\u{3099}", "é"]
        let middles = ["山田商店", "A", "", "株式会社 山田", "ｶﾞ"]
        var checked = 0
        for head in ends {
            for middle in middles {
                for tail in ends {
                    let text = head + middle + tail
                    #expect(text.trimmingWhitespace() == String(Substring(text).trimmingWhitespace()), "\(text.unicodeScalars.map(\.value))")
                    checked += 1
                }
            }
        }
        #expect(checked == 17 * 5 * 17)
        #expect("\u{3000}山田商店 ".trimmingWhitespace() == "山田商店")
        #expect("山田商店".trimmingWhitespace() == "山田商店")
    }
}
