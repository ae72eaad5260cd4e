import Foundation
import GroupProductivity

/// What an export records beside the report: where it came from, for the five years the
/// secretariat may ask for the underlying records.
public struct ExportRecord: Sendable {
    public var toolVersion: String
    public var generatedAt: Date
    public var inputs: [InputFile]
    public var settings: GroupSettings?
    public var warnings: [Diagnostic]

    public init(toolVersion: String, generatedAt: Date, inputs: [InputFile], settings: GroupSettings?, warnings: [Diagnostic]) {
        self.toolVersion = toolVersion
        self.generatedAt = generatedAt
        self.inputs = inputs
        self.settings = settings
        self.warnings = warnings
    }
}

/// Renders a `GroupReport` as JSON, `docs/report.schema.json`. Money in yen after unit scaling,
/// rates as fractions (0.05, not 5), `null` where a value cannot be computed. Version 2 keeps
/// every version-1 field with its meaning and adds the plan, the spreadsheet view, the group's
/// settings, warnings and the record block.
public struct JSONRenderer {
    public var language: Language
    public var record: ExportRecord?
    /// Told members written of all members now and then, for a progress display.
    public var progress: ((Int, Int) -> Void)?

    public init(language: Language = .ja, record: ExportRecord? = nil) {
        self.language = language
        self.record = record
    }

    public func render(_ report: GroupReport, calendar: ReportCalendar? = nil) -> JSONOutput {
        JSONOutput(document(report, calendar: calendar))
    }

    public func document(_ report: GroupReport, calendar: ReportCalendar? = nil) -> JSONDocuments.Report {
        let words = Words(language)
        return JSONDocuments.Report(
            group: group(report, calendar: calendar, words: words),
            members: .init(report.members.indices) { [progress] i in
                if let progress, i % 4096 == 0 { progress(i, report.members.count) }
                return member(report.members[i])
            },
            planComparisons: .init(report.planComparisons) { c in
                .init(
                    memberID: c.member, period: c.period.rawValue, planProductivity: c.plan.doubleValue,
                    actualProductivity: c.actual?.doubleValue, gap: c.gap?.doubleValue, belowPlan: c.isShortfall,
                    shortfallReasonMissing: c.lacksReason)
            },
            calendar: calendar.map(self.calendar),
            warnings: (record?.warnings ?? []).map { d in
                .init(
                    code: d.code.rawValue, file: d.location?.file, line: d.location?.line, column: d.location?.column,
                    message: d.message.text(language))
            },
            record: record.map { r in
                .init(
                    toolVersion: r.toolVersion, generatedAt: ISO8601DateFormatter().string(from: r.generatedAt), inputs: r.inputs.map(JSONDocuments.Input.init))
            })
    }

    /// The report calendar: each report year's window and where it stands on `as_of`.
    private func calendar(_ c: ReportCalendar) -> JSONDocuments.Report.Calendar {
        .init(
            edition: c.edition, asOf: c.asOf.description, nextPeriod: c.next?.window.period.rawValue,
            entries: c.entries.map { e in
                let (status, days, missing): (String, Int?, [MemberID]) =
                    switch e.status {
                    case .upcoming(let d): ("upcoming", d, [])
                    case .due(let d, let m): ("due", d, m)
                    case .submitted: ("submitted", nil, [])
                    case .overdue(let d, let m): ("overdue", d, m)
                    }
                return .init(
                    period: e.window.period.rawValue, yearStart: e.window.yearStart.description, yearEnd: e.window.yearEnd.description,
                    windowOpens: e.window.opens.description, windowCloses: e.window.closes.description, status: status, days: days,
                    missingMemberIds: missing)
            })
    }

    private func group(_ report: GroupReport, calendar: ReportCalendar?, words: Words) -> JSONDocuments.Report.Group {
        .init(
            name: report.groupName, projectName: record?.settings?.projectName, representativeName: record?.settings?.representativeName,
            edition: record?.settings?.edition, method: report.method.rawValue, threshold: JSONNumber(report.threshold.rate),
            thresholdReason: words.thresholdReason(report.threshold), thresholdRaisedBy: report.threshold.raisedBy.map(\.id),
            verdict: report.verdict.rawValue, latestReportedPeriod: report.latestReportedPeriod?.rawValue,
            publicationRisk: report.publicationRisk(calendar: calendar),
            periods: report.periods.map { p in
                .init(
                    period: p.period.rawValue, reported: p.reported, productivity: p.productivity, baseProductivity: p.baseProductivity,
                    improvementRatio: p.improvementRatio, cagr: p.cagr, cagrOfficial: JSONNumber(p.cagrOfficial),
                    meetsThreshold: p.meetsThreshold, membersInCalculation: p.membersInCalculation,
                    notComputableReason: p.notComputable.map { words.notComputable($0, period: p.period) },
                    cagrSpreadsheet: JSONNumber(p.cagrSpreadsheet), spreadsheetDiffers: p.spreadsheetDisagrees)
            },
            planProductivity: .init(year1: plan(report.groupPlan[.year1]), year2: plan(report.groupPlan[.year2])),
            risks: report.risks.map { risk in
                .init(code: risk.code.rawValue, period: risk.period?.rawValue, memberID: risk.memberID, message: words.risk(risk, in: report))
            },
            notes: report.notes.map { words.note($0, in: report) })
    }

    /// Exact when the plan was summed exactly, else its enclosure's midpoint, as `productivity` is.
    private func plan(_ level: PlanLevel?) -> JSONNumber? {
        guard let level else { return nil }
        return JSONNumber(level.exact) ?? (level.approximate.isFinite ? JSONNumber(text: "\(level.approximate)") : nil)
    }

    private func member(_ m: MemberResult) -> JSONDocuments.Report.Member {
        .init(
            id: m.member.id, name: m.member.name, role: m.member.role.rawValue, priorGrant: m.member.priorGrant, usesITTool: m.member.usesITTool,
            inCalculation: m.inCalculation, periods: m.actual.all.map(memberPeriod),
            targets: m.target.all.map(memberPeriod))
    }

    private func memberPeriod(_ r: MemberPeriodResult) -> JSONDocuments.Report.MemberPeriod {
        .init(
            period: r.period.rawValue, operatingProfit: JSONNumber(r.figures.operatingProfit), labourCost: JSONNumber(r.figures.labourCost),
            depreciation: JSONNumber(r.figures.depreciation), headcount: JSONNumber(r.figures.headcount),
            hoursPerEmployee: JSONNumber(r.figures.hoursPerEmployee), valueAdded: JSONNumber(r.valueAdded), labourHours: JSONNumber(r.labourHours),
            productivity: r.productivity.doubleValue, yoyGrowth: r.yoyGrowth, cagr: r.cagr, shortfallReason: r.figures.shortfallReason)
    }
}
