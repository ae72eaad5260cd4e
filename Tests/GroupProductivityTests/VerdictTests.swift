import SafeFiles
import Testing

@testable import GroupPresentation
@testable import GroupProductivity
@testable import GroupWorkflows

@Suite("Verdicts and risks")
struct VerdictTests {
    /// Ten members with the given (base, year1, year2) operating profits at 1 × 2,000 h; nil = no row.
    static func group(_ rows: [(Int?, Int?, Int?)]) throws -> Group {
        var lines = [figureHeader]
        for (i, r) in rows.enumerated() {
            let id = i + 1 < 10 ? "M0\(i + 1)" : "M\(i + 1)"
            for (p, op) in [(0, r.0), (1, r.1), (2, r.2)] {
                if let op { lines.append(figureLine(id, p, op: "\(op)")) }
            }
        }
        let temp = TempGroup(utf8: ["members.csv": roster(rows.count), "f.csv": lines.joined(separator: "\n")])
        return try #require(temp.load().group)
    }

    @Test func baseOnlyIsNotYetReportedAndNotAtRisk() throws {
        let report = GroupReport(group: try Self.group(Array(repeating: (2_000_000, nil, nil), count: 10)))
        #expect(report.verdict == .notYetReported)
        #expect(report.latestReportedPeriod == nil)
        #expect(!report.publicationRisk)
        #expect(report.period(.year1).reported == false)
    }

    @Test func missingBaseIsAMissingReport() throws {
        var rows = Array(repeating: (Int?(2_000_000), Int?(2_200_000), Int?(nil)), count: 10)
        rows[3] = (nil, 2_200_000, nil)
        let report = GroupReport(group: try Self.group(rows))
        #expect(report.risks.map(\.code) == [.missingReport])
        #expect(report.risks[0].memberID == "M04")
        #expect(report.risks[0].period == .base)
        #expect(report.period(.year1).membersInCalculation.count == 9)
        #expect(report.verdict == .meets)  // +10% over the nine others
        #expect(report.publicationRisk)
    }

    @Test func yearTwoWithoutYearOneFlagsEveryMissingYearOne() throws {
        var rows = Array(repeating: (Int?(2_000_000), Int?(2_100_000), Int?(2_300_000)), count: 10)
        rows[0].1 = nil
        rows[9].1 = nil
        let report = GroupReport(group: try Self.group(rows))
        #expect(
            report.risks.map { "\($0.code.rawValue):\($0.memberID ?? "")@\($0.period?.rawValue ?? -1)" }
                == ["missing_report:M01@1", "missing_report:M10@1"])
        #expect(report.latestReportedPeriod == .year2)
        #expect(report.verdict == .meets)
    }

    @Test func nonPositiveGroupBaseIsNotComputable() throws {
        // Value added −2,000,000 for every member at the base: no ratio can be formed.
        let report = GroupReport(group: try Self.group(Array(repeating: (-2_000_000, nil, 1_000_000), count: 10)))
        #expect(report.verdict == .notComputable)
        #expect(report.risks.map(\.code).contains(.notComputable))
        #expect(report.period(.year2).cagrOfficial == nil)
        #expect(report.period(.year2).meetsThreshold == nil)
    }

    @Test func geometricMeanNeedsPositiveProductivities() throws {
        var rows = Array(repeating: (Int?(2_000_000), Int?(2_200_000), Int?(nil)), count: 10)
        rows[4] = (-100_000, 50_000, nil)
        let group = try Self.group(rows)
        let geometric = GroupReport(group: group, method: .geometric)
        #expect(geometric.verdict == .notComputable)
        #expect(geometric.period(.year1).notComputable == .geometricNonPositive(["M05"]))
        // The arithmetic mean still has a ratio: (9 × 1,100 + 25) / (9 × 1,000 − 50).
        let mean = GroupReport(group: group)
        #expect(mean.period(.year1).productivityExact == Rational(9 * 1_100 + 25, 10))
        #expect(mean.period(.base).productivityExact == Rational(9 * 1_000 - 50, 10))
        #expect(mean.verdict == .meets)
    }

    @Test func collapseBelowZeroFailsWithoutARatio() throws {
        let report = GroupReport(group: try Self.group(Array(repeating: (2_000_000, -3_000_000, nil), count: 10)))
        #expect(report.period(.year1).meetsThreshold == false)
        #expect(report.verdict == .notComputable)
        #expect(report.publicationRisk)
    }
}
