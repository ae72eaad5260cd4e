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

    /// Sets number `index` of `f`, in `Figures`' order (営業利益, 人件費, 減価償却費, 従業員数, 年間平均労働時間).
    static func set(_ f: inout Figures, _ index: Int, _ value: Rational) {
        switch index {
        case 0: f.operatingProfit = value
        case 1: f.labourCost = value
        case 2: f.depreciation = value
        case 3: f.headcount = value
        default: f.hoursPerEmployee = value
        }
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
            case 0..<5: Self.set(&g, field, replacement)
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

    /// A row filed in a `FigureTable` reads back as the figures it was given, in columns when
    /// every number fits (32-bit numerator, word-sized denominator) and it has no reason or
    /// origin, else boxed; a second row for the same member, period and kind is refused; and a copy
    /// changed afterwards changes neither the table nor the figures read from it.
    @Test func tableRowsGiveBackWhatTheyWereGiven() {
        var rng = SeededRandom(state: 6)
        var builder = FigureTable.Builder(file: "実績.csv")
        // Mostly numbers a compact row holds, now and then with a denominator of 65,537 (a prime,
        // so it stays), beyond 16 bits.
        func small() -> Rational {
            if Int.random(in: 0..<40, using: &rng) == 0 { return Rational(BigInt(Int.random(in: 1...65_536, using: &rng)), 65_537) }
            return Rational(BigInt(Int.random(in: -2_000_000_000...2_000_000_000, using: &rng)), BigInt(Int.random(in: 1...4, using: &rng)))
        }
        var expected: [(period: Period, kind: ValueKind, values: [Rational], line: Int, reason: String?, origin: String?)] = []
        var compactRows = 0
        for k in 0..<2_000 {
            builder.addMember()
            let values = (0..<5).map { _ in Int.random(in: 0..<3, using: &rng) == 0 ? Self.number(&rng) : small() }
            let line = Int.random(in: 0..<20, using: &rng) == 0 ? Int(Int32.max) + 1 : Int.random(in: 0...Int(Int32.max), using: &rng)
            let reason = Int.random(in: 0..<4, using: &rng) == 0 ? Self.text(&rng) : nil
            let origin = Int.random(in: 0..<4, using: &rng) == 0 ? Self.text(&rng) : nil
            let (period, kind) = (Period.allCases.randomElement(using: &rng)!, ValueKind.allCases.randomElement(using: &rng)!)
            let fits = values.allSatisfy { v in v.parts.map { Int32(exactly: $0.0) != nil } ?? false }
            if fits && reason == nil && origin == nil && line <= Int(Int32.max) { compactRows += 1 }
            let added = builder.add(
                k, period, kind, values[0], values[1], values[2], values[3], values[4], line: line, shortfallReason: reason, origin: origin)
            let again = builder.add(k, period, kind, values[1], values[0], values[2], values[3], values[4], line: 1, shortfallReason: nil, origin: nil)
            #expect(added && !again)
            expected.append((period, kind, values, line, reason, origin))
        }
        let table = FigureTable(builder)
        #expect(table.memberCount == 2_000)
        #expect(table.rowCounts.compact == compactRows && table.rowCounts.boxed == 2_000 - compactRows)
        #expect(compactRows > 100 && 2_000 - compactRows > 100, "both forms are tried: \(compactRows) compact")
        for (k, e) in expected.enumerated() {
            for period in Period.allCases {
                for kind in ValueKind.allCases where (period, kind) != (e.period, e.kind) { #expect(table.figures(k, period, kind) == nil) }
            }
            guard let f = table.figures(k, e.period, e.kind) else {
                Issue.record("member \(k)'s row is missing")
                continue
            }
            let source = SourceLocation(file: "実績.csv", line: e.line)
            var boxed = Figures(
                operatingProfit: e.values[0], labourCost: e.values[1], depreciation: e.values[2], headcount: e.values[3],
                hoursPerEmployee: e.values[4], shortfallReason: e.reason, source: source)
            boxed.origin = e.origin
            #expect([f.operatingProfit, f.labourCost, f.depreciation, f.headcount, f.hoursPerEmployee] == e.values)
            #expect(f.source == source && f.shortfallReason == e.reason && f.origin == e.origin)
            #expect(f == boxed && boxed == f && f.sameValues(as: boxed))

            var g = f
            let field = Int.random(in: 0..<8, using: &rng)
            let replacement = Rational(BigInt(Int.random(in: 1...9, using: &rng)), 3)
            switch field {
            case 0..<5: Self.set(&g, field, replacement)
            case 5: g.shortfallReason = "理由"
            case 6: g.origin = "取込元.csv"
            default: g.source.line = e.line == 7 ? 8 : 7
            }
            let changed =
                (field < 5 && replacement != e.values[field]) || (field == 5 && e.reason != "理由")
                || (field == 6 && e.origin != "取込元.csv") || field == 7
            #expect((g == f) == !changed)
            if field < 5 {
                #expect([g.operatingProfit, g.labourCost, g.depreciation, g.headcount, g.hoursPerEmployee][field] == replacement)
            }
            #expect(f == boxed && table.figures(k, e.period, e.kind) == boxed)
        }
    }

    /// A column appended a block at a time reads and writes as an array does, across blocks.
    @Test func blocksActAsAnArray() {
        var rng = SeededRandom(state: 7)
        var blocks = Blocks<Int32>()
        var array: [Int32] = []
        for _ in 0..<150_000 {
            let value = Int32.random(in: .min ... .max, using: &rng)
            blocks.append(value)
            array.append(value)
        }
        for _ in 0..<10_000 {
            let i = Int.random(in: 0..<array.count, using: &rng)
            let value = Int32.random(in: .min ... .max, using: &rng)
            blocks[i] = value
            array[i] = value
        }
        #expect(blocks.count == array.count)
        #expect(array.indices.allSatisfy { blocks[$0] == array[$0] })
    }

    /// A report's productivities, held as word-sized pairs with the larger ones aside, read back
    /// as given: none, small, and beyond a machine word.
    @Test func productivitiesReadBackAsGiven() {
        var rng = SeededRandom(state: 8)
        var held = Productivities(capacity: 0)
        var given: [Rational?] = []
        for _ in 0..<5_000 {
            let value: Rational? = Int.random(in: 0..<4, using: &rng) == 0 ? nil : Self.number(&rng)
            held.append(value)
            given.append(value)
        }
        #expect(given.contains { $0 != nil && $0!.parts == nil } && given.contains { $0 == nil })
        for (i, value) in given.enumerated() {
            #expect(held[i] == value && held.has(i) == (value != nil))
        }
    }

    /// A table files 65,536 sets of denominators; a row with another is boxed, and every row
    /// reads back as given.
    @Test func rowsBeyondTheDenominatorSetsAreBoxed() {
        var builder = FigureTable.Builder(file: "f.csv")
        let rows = 70_000
        for k in 0..<rows {
            builder.addMember()
            let hours = Rational(BigInt(1), BigInt(k + 2))
            let added = builder.add(
                k, .base, .actual, Rational(1), Rational(2), Rational(3), Rational(4), hours, line: k, shortfallReason: nil, origin: nil)
            #expect(added)
        }
        let table = FigureTable(builder)
        #expect(table.rowCounts.compact == 65_536 && table.rowCounts.boxed == rows - 65_536)
        for k in stride(from: 0, to: rows, by: 7) {
            let f = table.figures(k, .base, .actual)
            #expect(f?.hoursPerEmployee == Rational(BigInt(1), BigInt(k + 2)) && f?.headcount == Rational(4) && f?.source.line == k)
        }
    }

    /// A member's location, held compactly (file and sheet shared, line and column in 32 bits
    /// unless they do not fit), reads back as given, set at once or changed afterwards; members
    /// read from one file share one box, and a change to one member's location leaves the others'.
    @Test func memberSourcesReadBackAsGiven() {
        var rng = SeededRandom(state: 9)
        func location() -> GroupProductivity.SourceLocation {
            let line =
                [0, 1, Int(Int32.max), Int(Int32.max) + 1, Int.max, Int.random(in: 0...1_000_000, using: &rng)].randomElement(using: &rng)!
            let column = [nil, 1, 40, -1, Int(Int32.max) + 5].randomElement(using: &rng)!
            return SourceLocation(
                file: Bool.random(using: &rng) ? "名簿.csv" : "b.xlsx", line: line, column: column,
                sheet: Bool.random(using: &rng) ? nil : "名簿")
        }
        var previous: Member?
        var made: [(Member, GroupProductivity.SourceLocation)] = []
        for k in 0..<3_000 {
            let source = location()
            var member = Member(
                id: "M\(k)", name: "名\(k)", role: .participant, priorGrant: false, usesITTool: true, source: source,
                sharing: previous?.rosterOrigin)
            #expect(member.source == source)
            if let previous, previous.source.file == source.file, previous.source.sheet == source.sheet,
                Int32(exactly: source.line) != nil, Int32(exactly: previous.source.line) != nil,
                (source.column ?? 0) >= 0, (source.column ?? 0) <= Int(Int32.max), (previous.source.column ?? 0) >= 0,
                (previous.source.column ?? 0) <= Int(Int32.max)
            {
                #expect(member.rosterOrigin === previous.rosterOrigin)
            }
            let other = Member(id: "M\(k)", name: "名\(k)", role: .participant, source: source)
            #expect(other == member)
            if Bool.random(using: &rng) {
                let changed = location()
                member.source = changed
                #expect(member.source == changed && (member == other) == (changed == source))
            }
            made.append((member, member.source))
            previous = member
        }
        #expect(made.allSatisfy { $0.0.source == $0.1 })
    }

    /// Names kept one after another in a reader's store read back as given, across its blocks,
    /// and stay the member's when its location moves to another file or its name is changed; a
    /// name too long for the store is kept by the member.
    @Test func memberNamesInAStoreReadBackAsGiven() {
        var rng = SeededRandom(state: 10)
        let origin = Member.RosterOrigin(file: "名簿.csv", sheet: nil, names: NameArena())
        var members: [(Member, String)] = []
        let letters = Array("株式会社アイウabc 0-")
        for k in 0..<20_000 {
            let length =
                Int.random(in: 0..<50, using: &rng) == 0
                ? [NameArena.longest, NameArena.longest + 1].randomElement(using: &rng)! : [0, 1, 5, 15, 16, 40].randomElement(using: &rng)!
            let name = String((0..<length).map { _ in letters[Int.random(in: 0..<letters.count, using: &rng)] })
            var member = Member(
                id: "M\(k)", name: name, role: .participant, priorGrant: false, usesITTool: true,
                source: GroupProductivity.SourceLocation(file: "名簿.csv", line: k + 2), sharing: origin)
            #expect(member.name == name)
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: member.source = GroupProductivity.SourceLocation(file: "other.csv", line: 3)
            case 1: member.source = GroupProductivity.SourceLocation(file: "名簿.csv", line: Int(Int32.max) + 1)
            case 2:
                member.name = "改名\(k)"
                members.append((member, "改名\(k)"))
                continue
            default: break
            }
            members.append((member, name))
        }
        #expect(members.allSatisfy { $0.0.name == $0.1 })
        #expect(members.contains { $0.0.name.utf8.count > 1_000 })
    }
}
