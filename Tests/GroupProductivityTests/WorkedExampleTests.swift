import SafeFiles
import Testing

@testable import GroupPresentation
@testable import GroupProductivity
@testable import GroupWorkflows

/// domain.md §9, reproduced exactly, plus a year 1 whose expectations were worked out with
/// Python's fractions.Fraction (see the comments).
@Suite("domain.md worked example")
struct WorkedExampleTests {
    static func report(_ method: GroupMethod = .mean) throws -> GroupReport {
        let loaded = GroupLoader.load(path: Fixtures.path("worked-example"))
        #expect(loaded.errors.isEmpty)
        return GroupReport(group: try #require(loaded.group), method: method)
    }

    @Test func memberFigures() throws {
        let report = try Self.report()
        let a = report.members[0]
        let b = report.members[1]
        let c = report.members[2]
        // A: 2,000,000 + 12,000,000 + 500,000 = 14,500,000 over 5 × 1,800 h.
        #expect(a.actual[.base]?.valueAdded == Rational(14_500_000))
        #expect(a.actual[.base]?.labourHours == Rational(9_000))
        #expect(a.actual[.base]?.productivity == Rational(14_500, 9))  // 1,611.11…
        // B: △500,000 + 8,000,000 + 300,000 = 7,800,000 over 8,000 h = 975.
        #expect(b.actual[.base]?.figures.operatingProfit == Rational(-500_000))
        #expect(b.actual[.base]?.productivity == Rational(975))
        // C year 2: 78,600,000 / (32 × 1,880) = 1,306.52…
        #expect(c.actual[.year2]?.productivity == Rational(245_625, 188))
        #expect(a.actual[.year2]?.productivity == Rational(13_080, 7))  // 1,868.57…
        #expect(b.actual[.year2]?.productivity == Rational(22_450, 19))  // 1,181.58…
    }

    /// A member's results are kept in period order whatever order they are set in; setting a period
    /// again replaces it, and nil removes it.
    @Test func periodResultsKeepPeriodOrder() throws {
        let a = try Self.report().members[0]
        let base = try #require(a.actual[.base])
        let year1 = try #require(a.actual[.year1])
        let year2 = try #require(a.actual[.year2])
        #expect(a.actual.all.map(\.period) == [.base, .year1, .year2])
        var results = PeriodResults()
        results[.year2] = year2
        results[.base] = base
        results[.year1] = year1
        #expect(results.all.map(\.period) == [.base, .year1, .year2])
        #expect(results.all.map(\.productivity) == a.actual.all.map(\.productivity))
        var changed = year1
        changed.yoyGrowth = 0.5
        results[.year1] = changed  // replaced in place: still one entry for year 1
        #expect(results.all.map(\.period) == [.base, .year1, .year2])
        #expect(results[.year1]?.yoyGrowth == 0.5)
        results[.base] = nil
        #expect(results.all.map(\.period) == [.year1, .year2])
        #expect(results[.base] == nil)
        results[.base] = nil  // removing what is absent changes nothing
        #expect(results.all.count == 2)
    }

    @Test func groupMeanMatchesTheDomainTable() throws {
        let report = try Self.report()
        let base = report.period(.base)
        let year2 = report.period(.year2)
        // (14500/9 + 975 + 25000/19) / 3 = 667225/513 = 1,300.63…
        #expect(base.productivityExact == Rational(667_225, 513))
        // (13080/7 + 22450/19 + 245625/188) / 3 = 108934085/75012 = 1,452.22…
        #expect(year2.productivityExact == Rational(108_934_085, 75_012))
        #expect(year2.cagrOfficial == Rational(56, 1000))  // √(1452.22/1300.63) − 1 = 5.667% → 5.6%
        #expect(abs((year2.cagr ?? 0) - 0.056669) < 5e-7)
        #expect(year2.meetsThreshold == true)
        #expect(report.verdict == .meets)
        #expect(!report.publicationRisk)
    }

    @Test func yearOne() throws {
        // Fraction: mean LP year 1 = 27791267650/20336589 = 1,366.56…; ratio − 1 = 5.069% → 5.0%.
        let year1 = try Self.report().period(.year1)
        #expect(year1.productivityExact == Rational(27_791_267_650, 20_336_589))
        #expect(year1.cagrOfficial == Rational(50, 1000))
        #expect(year1.meetsThreshold == true)
    }

    @Test func aPriorGrantRaisesTheTargetAndTheGroupMissesSix() throws {
        var group = try #require(GroupLoader.load(path: Fixtures.path("worked-example")).group)
        group.members[2].priorGrant = true
        let report = GroupReport(group: group)
        #expect(report.threshold.rate == Rational(6, 100))
        #expect(report.period(.year2).meetsThreshold == false)
        #expect(report.verdict == .belowTarget)
        #expect(report.risks.map(\.code) == [.cagrBelowThreshold])
        #expect(report.risks.first?.period == .year2)
    }

    @Test func geometricAndPooledGiveTheDomainFigures() throws {
        let geometric = try Self.report(.geometric).period(.year2)
        #expect(abs((geometric.cagr ?? 0) - 0.05713) < 1e-5)  // domain.md: 5.71%
        #expect(geometric.cagrOfficial == Rational(57, 1000))
        let pooled = try Self.report(.pooled).period(.year2)
        // Σ VA / Σ hours: 97,300,000 / 74,000 → 103,930,000 / 76,510 (Fraction: 1.64%).
        #expect(try Self.report(.pooled).period(.base).productivityExact == Rational(97_300_000, 74_000))
        #expect(pooled.productivityExact == Rational(103_930_000, 76_510))
        #expect(pooled.cagrOfficial == Rational(16, 1000))
        #expect(pooled.meetsThreshold == false)
    }
}

@Suite("Knife-edge verdicts through the importer")
struct KnifeEdgeTests {
    /// Ten members. M01–M03 are the floating-point trap (GrowthTests.trapValueAdded), M04–M10 grow
    /// from 2,000,000 to `year2` yen at 1 × 2,000 h. Year 1 repeats the base.
    static func group(year2: Int, m01Year2: Int = 4_136_139, prior: Set<Int> = []) -> TempGroup {
        let trap: [(Int, Int, String, String)] = [
            (3_751_600, m01Year2, "7", "1800"), (2_230_000, 2_458_575, "1", "1950"),
            (7_394_400, 8_152_326, "8", "2050"),
        ]
        var lines = [figureHeader]
        for (i, t) in trap.enumerated() {
            let id = "M0\(i + 1)"
            lines.append(figureLine(id, 0, op: "\(t.0)", heads: t.2, hours: t.3))
            lines.append(figureLine(id, 1, op: "\(t.0)", heads: t.2, hours: t.3))
            lines.append(figureLine(id, 2, op: "\(t.1)", heads: t.2, hours: t.3))
        }
        for i in 4...10 {
            let id = i < 10 ? "M0\(i)" : "M10"
            lines.append(figureLine(id, 0, op: "2000000"))
            lines.append(figureLine(id, 1, op: "2000000"))
            lines.append(figureLine(id, 2, op: "\(year2)"))
        }
        return TempGroup(utf8: ["members.csv": roster(10, prior: prior), "figures.csv": lines.joined(separator: "\n")])
    }

    @Test func exactlyFivePercentMeetsFive() throws {
        let temp = Self.group(year2: 2_205_000)
        let report = GroupReport(group: try #require(temp.load().group))
        let year2 = report.period(.year2)
        #expect(year2.cagrOfficial == Rational(50, 1000))
        #expect(year2.meetsThreshold == true)
        #expect(report.verdict == .meets)
        #expect(report.risks.isEmpty)
    }

    @Test func oneYenLessIsFourPointNine() throws {
        let temp = Self.group(year2: 2_205_000, m01Year2: 4_136_138)
        let report = GroupReport(group: try #require(temp.load().group))
        #expect(report.period(.year2).cagrOfficial == Rational(49, 1000))
        #expect(report.period(.year2).meetsThreshold == false)
        #expect(report.verdict == .belowTarget)
        #expect(report.risks.map(\.code) == [.cagrBelowThreshold])
    }

    @Test func exactlySixPercentWithAPriorGranteeMeetsSix() throws {
        // Every member ×1.1236 = 1.06²: M01–M03 scaled exactly (values divisible by 2500).
        let temp = Self.group(year2: 2_247_200, prior: [5])
        var group = try #require(temp.load().group)
        for (id, base) in [("M01", 3_751_600), ("M02", 2_230_000), ("M03", 7_394_400)] {
            let key = FigureKey(member: id, period: .year2, kind: .actual)
            group.figures[key]?.operatingProfit = Rational(base) * Rational(11236, 10000)
        }
        let report = GroupReport(group: group)
        #expect(report.threshold.rate == Rational(6, 100))
        #expect(report.threshold.raisedBy.map(\.id) == ["M05"])
        #expect(report.period(.year2).cagrOfficial == Rational(60, 1000))
        #expect(report.period(.year2).meetsThreshold == true)
        #expect(report.verdict == .meets)

        group.figures[FigureKey(member: "M10", period: .year2, kind: .actual)]?.operatingProfit = Rational(2_247_199)
        let short = GroupReport(group: group)
        #expect(short.period(.year2).cagrOfficial == Rational(59, 1000))
        #expect(short.verdict == .belowTarget)
    }
}
