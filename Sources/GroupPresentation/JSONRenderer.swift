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

    public init(language: Language = .ja, record: ExportRecord? = nil) {
        self.language = language
        self.record = record
    }

    public func render(_ report: GroupReport, calendar: ReportCalendar? = nil) -> String { value(report, calendar: calendar).serialized() + "\n" }

    public func value(_ report: GroupReport, calendar: ReportCalendar? = nil) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("schema_version", .number("2")),
            ("group", group(report, calendar: calendar)),
            ("members", .array(report.members.map(member))),
            (
                "plan_comparisons",
                .array(
                    report.planComparisons.map { c in
                        .object([
                            ("member_id", .string(c.member)), ("period", .number("\(c.period.rawValue)")),
                            ("plan_productivity", .double(c.plan.doubleValue)), ("actual_productivity", .double(c.actual?.doubleValue)),
                            ("gap", .double(c.gap?.doubleValue)), ("below_plan", .bool(c.isShortfall)),
                            ("shortfall_reason_missing", .bool(c.lacksReason)),
                        ])
                    })
            ),
        ]
        fields.append(("calendar", calendar.map(self.calendar) ?? .null))
        if let record {
            fields.append(
                (
                    "warnings",
                    .array(
                        record.warnings.map { d in
                            .object([
                                ("code", .string(d.code.rawValue)), ("file", d.location.map { .string($0.file) } ?? .null),
                                ("line", d.location.map { .number("\($0.line)") } ?? .null),
                                ("column", d.location?.column.map { .number("\($0)") } ?? .null),
                                ("message", .string(d.message.text(language))),
                            ])
                        })
                ))
            let stamp = ISO8601DateFormatter().string(from: record.generatedAt)
            fields.append(
                (
                    "record",
                    .object([
                        ("tool", .string("groupprod")), ("tool_version", .string(record.toolVersion)), ("generated_at", .string(stamp)),
                        (
                            "inputs",
                            .array(
                                record.inputs.map { f in
                                    .object([("path", .string(f.path)), ("bytes", .number("\(f.bytes)")), ("sha256", .string(f.sha256))])
                                })
                        ),
                    ])
                ))
        }
        return .object(fields)
    }

    /// The report calendar: each report year's window and where it stands on `as_of`.
    private func calendar(_ c: ReportCalendar) -> JSONValue {
        .object([
            ("edition", .number("\(c.edition)")),
            ("as_of", .string(c.asOf.description)),
            ("next_period", c.next.map { .number("\($0.window.period.rawValue)") } ?? .null),
            (
                "entries",
                .array(
                    c.entries.map { e in
                        let (status, days, missing): (String, Int?, [MemberID]) =
                            switch e.status {
                            case .upcoming(let d): ("upcoming", d, [])
                            case .due(let d, let m): ("due", d, m)
                            case .submitted: ("submitted", nil, [])
                            case .overdue(let d, let m): ("overdue", d, m)
                            }
                        return .object([
                            ("period", .number("\(e.window.period.rawValue)")),
                            ("year_start", .string(e.window.yearStart.description)), ("year_end", .string(e.window.yearEnd.description)),
                            ("window_opens", .string(e.window.opens.description)), ("window_closes", .string(e.window.closes.description)),
                            ("status", .string(status)), ("days", days.map { .number("\($0)") } ?? .null),
                            ("missing_member_ids", .array(missing.map(JSONValue.string))),
                        ])
                    })
            ),
        ])
    }

    private func group(_ report: GroupReport, calendar: ReportCalendar?) -> JSONValue {
        .object([
            ("name", .string(report.groupName)),
            ("project_name", record?.settings?.projectName.map(JSONValue.string) ?? .null),
            ("representative_name", record?.settings?.representativeName.map(JSONValue.string) ?? .null),
            ("edition", record?.settings?.edition.map { .number("\($0)") } ?? .null),
            ("method", .string(report.method.rawValue)),
            ("threshold", .exact(report.threshold.rate)),
            ("threshold_reason", .string(Words(language).thresholdReason(report.threshold))),
            ("threshold_raised_by", .array(report.threshold.raisedBy.map { .string($0.id) })),
            ("verdict", .string(report.verdict.rawValue)),
            ("latest_reported_period", report.latestReportedPeriod.map { .number("\($0.rawValue)") } ?? .null),
            ("publication_risk", .bool(report.publicationRisk(calendar: calendar))),
            ("periods", .array(report.periods.map(period))),
            ("plan_productivity", .object(Period.reportYears.map { ("\($0.rawValue)", .exact(report.groupPlan[$0])) })),
            (
                "risks",
                .array(
                    report.risks.map { risk in
                        .object([
                            ("code", .string(risk.code.rawValue)),
                            ("period", risk.period.map { .number("\($0.rawValue)") } ?? .null),
                            ("member_id", risk.memberID.map { .string($0) } ?? .null),
                            ("message", .string(Words(language).risk(risk, in: report))),
                        ])
                    })
            ),
            ("notes", .array(report.notes.map { .string(Words(language).note($0, in: report)) })),
        ])
    }

    private func period(_ p: GroupPeriodResult) -> JSONValue {
        .object([
            ("period", .number("\(p.period.rawValue)")),
            ("reported", .bool(p.reported)),
            ("productivity", .double(p.productivity)),
            ("base_productivity", .double(p.baseProductivity)),
            ("improvement_ratio", .double(p.improvementRatio)),
            ("cagr", .double(p.cagr)),
            ("cagr_official", .exact(p.cagrOfficial)),
            ("meets_threshold", p.meetsThreshold.map { .bool($0) } ?? .null),
            ("members_in_calculation", .array(p.membersInCalculation.map { .string($0) })),
            ("not_computable_reason", p.notComputable.map { .string(Words(language).notComputable($0, period: p.period)) } ?? .null),
            ("cagr_spreadsheet", .exact(p.cagrSpreadsheet)),
            ("spreadsheet_differs", .bool(p.spreadsheetDisagrees)),
        ])
    }

    private func member(_ m: MemberResult) -> JSONValue {
        .object([
            ("id", .string(m.member.id)),
            ("name", .string(m.member.name)),
            ("role", .string(m.member.role.rawValue)),
            ("prior_grant", .bool(m.member.priorGrant)),
            ("uses_it_tool", .bool(m.member.usesITTool)),
            ("in_calculation", .bool(m.inCalculation)),
            ("periods", .array(Period.allCases.compactMap { m.actual[$0] }.map(memberPeriod))),
            ("targets", .array(Period.allCases.compactMap { m.target[$0] }.map(memberPeriod))),
        ])
    }

    private func memberPeriod(_ r: MemberPeriodResult) -> JSONValue {
        .object([
            ("period", .number("\(r.period.rawValue)")),
            ("operating_profit", .exact(r.figures.operatingProfit)),
            ("labour_cost", .exact(r.figures.labourCost)),
            ("depreciation", .exact(r.figures.depreciation)),
            ("headcount", .exact(r.figures.headcount)),
            ("hours_per_employee", .exact(r.figures.hoursPerEmployee)),
            ("value_added", .exact(r.valueAdded)),
            ("labour_hours", .exact(r.labourHours)),
            ("productivity", .double(r.productivity.doubleValue)),
            ("yoy_growth", .double(r.yoyGrowth)),
            ("cagr", .double(r.cagr)),
            ("shortfall_reason", r.figures.shortfallReason.map { .string($0) } ?? .null),
        ])
    }
}
