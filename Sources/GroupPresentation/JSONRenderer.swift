import GroupProductivity
/// Renders a `GroupReport` as JSON (schema_version 1). Money in yen after unit scaling, rates as
/// fractions (0.05, not 5), `null` where a value cannot be computed.
public struct JSONRenderer {
    public var language: Language

    public init(language: Language = .ja) { self.language = language }

    public func render(_ report: GroupReport) -> String { value(report).serialized() + "\n" }

    public func value(_ report: GroupReport) -> JSONValue {
        .object([
            ("schema_version", .number("1")),
            ("group", group(report)),
            ("members", .array(report.members.map(member))),
        ])
    }

    private func group(_ report: GroupReport) -> JSONValue {
        .object([
            ("name", .string(report.groupName)),
            ("method", .string(report.method.rawValue)),
            ("threshold", .exact(report.threshold.rate)),
            ("threshold_reason", .string(Words(language).thresholdReason(report.threshold))),
            ("threshold_raised_by", .array(report.threshold.raisedBy.map { .string($0.id) })),
            ("verdict", .string(report.verdict.rawValue)),
            ("latest_reported_period", report.latestReportedPeriod.map { .number("\($0.rawValue)") } ?? .null),
            ("publication_risk", .bool(report.publicationRisk)),
            ("periods", .array(report.periods.map(period))),
            ("risks", .array(report.risks.map { risk in
                .object([
                    ("code", .string(risk.code.rawValue)),
                    ("period", risk.period.map { .number("\($0.rawValue)") } ?? .null),
                    ("member_id", risk.memberID.map { .string($0) } ?? .null),
                    ("message", .string(Words(language).risk(risk, in: report))),
                ])
            })),
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
