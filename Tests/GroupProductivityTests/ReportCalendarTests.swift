import Testing

@testable import GroupProductivity

/// Domain §5: year n of an edition covers April–March and is reported April to January after it.
/// Day counts below were worked out by hand on a calendar.
@Suite("Report calendar")
struct ReportCalendarTests {
    static func day(_ text: String) throws -> CivilDate { try #require(CivilDate(iso: text)) }

    @Test func datesAreCheckedAndCounted() throws {
        #expect(CivilDate(iso: "1970-01-01")?.dayNumber == 0)
        #expect(CivilDate(iso: "2000-03-01")?.dayNumber == 11_017)
        #expect(CivilDate(iso: "2024-02-29") != nil)
        #expect(CivilDate(iso: "2023-02-29") == nil)
        #expect(CivilDate(iso: "2026-13-01") == nil)
        #expect(CivilDate(iso: "2026-1-01") == nil)
        #expect(CivilDate(iso: "２０２６-01-01") == nil)
        #expect(try Self.day("2027-04-01").days(until: Self.day("2028-01-31")) == 305)
    }

    @Test func theWindowsOfThe2025EditionAreTheDomainsExample() throws {
        let y1 = try #require(ReportCalendar.window(edition: 2025, period: .year1))
        #expect("\(y1.yearStart)…\(y1.yearEnd)" == "2026-04-01…2027-03-31")
        #expect("\(y1.opens)…\(y1.closes)" == "2027-04-01…2028-01-31")
        let y2 = try #require(ReportCalendar.window(edition: 2025, period: .year2))
        #expect("\(y2.yearStart)…\(y2.yearEnd)" == "2027-04-01…2028-03-31")
        #expect("\(y2.opens)…\(y2.closes)" == "2028-04-01…2029-01-31")
        #expect(ReportCalendar.window(edition: 2025, period: .base) == nil)
    }

    /// Ten members with base figures only: before year 1, nothing is missing yet; on the day the
    /// window opens all ten are due; on its last day 0 days are left; the day after, overdue.
    @Test(arguments: [
        ("2027-03-31", ReportStatus.upcoming(daysUntilOpen: 1)),
        ("2027-04-01", .due(daysLeft: 305, missing: (1...10).map { $0 < 10 ? "M0\($0)" : "M10" })),
        ("2028-01-31", .due(daysLeft: 0, missing: (1...10).map { $0 < 10 ? "M0\($0)" : "M10" })),
        ("2028-02-01", .overdue(daysSinceClose: 1, missing: (1...10).map { $0 < 10 ? "M0\($0)" : "M10" })),
    ])
    func yearOneAroundItsWindow(asOf: String, expected: ReportStatus) throws {
        let group = try VerdictTests.group(Array(repeating: (2_000_000, nil, nil), count: 10))
        let report = GroupReport(group: group)
        let calendar = try #require(ReportCalendar(edition: 2025, asOf: try Self.day(asOf), report: report))
        #expect(calendar.entries[0].status == expected)
        #expect(report.publicationRisk(calendar: calendar) == (asOf == "2028-02-01"))
    }

    @Test func oneMemberMissingYearTwoIsDueThenOverdueAndListedByCheck() throws {
        var rows = Array(repeating: (Int?(2_000_000), Int?(2_100_000), Int?(2_300_000)), count: 10)
        rows[2] = (2_000_000, 2_100_000, nil)
        let report = GroupReport(group: try VerdictTests.group(rows))
        let open = try #require(ReportCalendar(edition: 2023, asOf: try Self.day("2026-11-21"), report: report))
        #expect(open.entries.map(\.status) == [.submitted, .due(daysLeft: 71, missing: ["M03"])])
        #expect(open.next?.window.period == .year2)
        #expect(report.missingReports(calendar: open) == [MissingReport(member: "M03", period: .year2, urgency: .due(daysLeft: 71))])
        let closed = try #require(ReportCalendar(edition: 2023, asOf: try Self.day("2027-02-03"), report: report))
        #expect(closed.overdue.map(\.window.period) == [.year2])
        #expect(closed.next == nil)
        // Without an edition, a year others reported is still expected of the member.
        #expect(report.missingReports(calendar: nil) == [MissingReport(member: "M03", period: .year2, urgency: .expected)])
    }
}
