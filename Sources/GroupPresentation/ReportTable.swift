import GroupProductivity

/// One cell of a report table: what the value is, carrying the exact value. Each renderer decides
/// how a kind looks (thousands separators in a terminal, a `#,##0` number in Excel, a plain number
/// in CSV), so adding a format never touches the tables, and adding a column is one place.
public enum Cell: Sendable, Equatable {
    case text(String)
    /// Money in yen.
    case yen(Rational)
    /// Persons or hours, exact.
    case quantity(Rational)
    /// Yen per hour (労働生産性), shown to 1 decimal as the calculator does.
    case productivity(Rational)
    /// A rate known exactly (official CAGR, target): 0.054 is shown 5.4%.
    case rate(Rational)
    /// The exact CAGR truncated toward zero to 0.01% (exact), shown with two decimals.
    case rateToHundredths(Rational)
    /// The geometric mean's group productivity (irrational in general), for display.
    case approximateProductivity(Double)
    /// A ratio for display (向上率).
    case ratio(Double)
    /// Met / missed / not computable.
    case verdict(Bool?)
    case empty

    public var isNumeric: Bool {
        switch self {
        case .text, .verdict, .empty: false
        default: true
        }
    }
}

/// A table with a stable identifier (used for CSV `--table` and sheet names), a title and headers.
public struct ReportTable: Sendable, Equatable {
    public var id: String
    public var title: String
    public var columns: [String]
    public var rows: [[Cell]]

    public init(id: String, title: String, columns: [String], rows: [[Cell]]) {
        self.id = id
        self.title = title
        self.columns = columns
        self.rows = rows
    }
}

/// How one cell reads as text (terminal, Markdown, HTML): the one number format of the reports.
extension Words {
    public func text(_ cell: Cell) -> String {
        switch cell {
        case .text(let s): s
        case .yen(let v): NumberFormat.grouped(v, places: 0)
        case .quantity(let v): NumberFormat.exact(v)
        case .productivity(let v): NumberFormat.grouped(v, places: 1)
        case .rate(let v): Percent.text(v)
        case .rateToHundredths(let v): Percent.text(v, places: 2)
        case .approximateProductivity(let d): NumberFormat.grouped(d, places: 1)
        case .ratio(let d): NumberFormat.grouped(d, places: 4)
        case .verdict(let v): met(v)
        case .empty: ""
        }
    }
}

/// The report's tables, built once from the `GroupReport` and rendered by every tabular format.
public struct ReportTables: Sendable {
    public var summary: ReportTable
    public var group: ReportTable
    public var members: ReportTable
    public var plans: ReportTable
    public var risks: ReportTable

    public var all: [ReportTable] { [summary, group, members, plans, risks] }

    public init(report: GroupReport, settings: GroupSettings? = nil, words w: Words) {
        // サマリー / Summary: one fact a row.
        var facts: [[Cell]] = []
        func fact(_ label: String, _ value: Cell) { facts.append([.text(label), value]) }
        fact(w.t("補助事業名", "Project name"), .text(settings?.projectName ?? report.groupName))
        if let rep = settings?.representativeName { fact(w.t("代表事業者名", "Representative"), .text(rep)) }
        if let edition = settings?.edition { fact(w.t("公募年度", "Edition"), .text(String(edition))) }
        fact(w.t("構成員数", "Members"), .quantity(Rational(report.members.count)))
        fact(w.t("算出方法", "Method"), .text(w.method(report.method)))
        fact(w.t("目標（年平均成長率）", "Target (annual average growth)"), .rate(report.threshold.rate))
        fact(w.t("目標の理由", "Why this target"), .text(w.thresholdReason(report.threshold)))
        fact(w.t("判定", "Verdict"), .text(w.verdict(report.verdict)))
        fact(w.t("公表リスク", "Publication risk"), .text(report.publicationRisk ? w.t("あり", "yes") : w.t("なし", "none")))
        for p in report.periods where p.period != .base && p.reported {
            let name = w.period(p.period)
            if let official = p.cagrOfficial { fact(w.t("\(name) 年平均成長率（公式・切捨て）", "\(name) CAGR (official, truncated)"), .rate(official)) }
            if let sheet = p.cagrSpreadsheet, p.spreadsheetDisagrees {
                fact(w.t("\(name) 表計算ソフトでの表示", "\(name) as a spreadsheet shows it"), .rate(sheet))
            }
        }
        summary = ReportTable(id: "summary", title: w.t("サマリー", "Summary"), columns: [w.t("項目", "Item"), w.t("値", "Value")], rows: facts)

        // グループ算出 / the group per period.
        var groupRows: [[Cell]] = []
        for p in report.periods {
            let isBase = p.period == .base
            groupRows.append([
                .text(w.period(p.period)),
                .quantity(Rational(p.membersInCalculation.count)),
                p.productivityExact.map(Cell.productivity) ?? p.productivity.map(Cell.approximateProductivity) ?? .empty,
                isBase ? .empty : report.groupPlan[p.period].map(Cell.productivity) ?? .empty,
                isBase ? .empty : p.improvementRatio.map(Cell.ratio) ?? .empty,
                isBase ? .empty : p.cagrToHundredths.map(Cell.rateToHundredths) ?? .empty,
                isBase ? .empty : p.cagrOfficial.map(Cell.rate) ?? .empty,
                isBase ? .empty : p.cagrSpreadsheet.map(Cell.rate) ?? .empty,
                isBase || !p.reported ? .empty : p.notComputable != nil && p.meetsThreshold == nil ? .verdict(nil) : .verdict(p.meetsThreshold),
            ])
        }
        group = ReportTable(
            id: "group", title: w.t("グループの労働生産性", "Group labour productivity"),
            columns: [w.t("年度", "Period"), w.t("計算対象（者）", "Members in calculation"), w.t("労働生産性（円/時間）", "Productivity (yen/h)"),
                      w.t("計画（目標値）", "Plan"), w.t("向上率", "Improvement ratio"), w.t("年平均成長率（厳密）", "CAGR (exact)"),
                      w.t("年平均成長率（公式・切捨て）", "CAGR (official, truncated)"), w.t("表計算ソフトでの表示", "As a spreadsheet shows it"),
                      w.t("目標", "Target")],
            rows: groupRows)

        // 構成員 / Members: the order the effect-report form asks, one row per member × period × kind.
        var memberRows: [[Cell]] = []
        for m in report.members {
            for period in Period.allCases {
                for kind in ValueKind.allCases {
                    guard let r = (kind == .actual ? m.actual : m.target)[period] else { continue }
                    let f = r.figures
                    memberRows.append([
                        .text(m.member.id), .text(m.member.name), .text(w.role(m.member.role)),
                        .text(m.inCalculation ? w.t("対象", "yes") : w.t("除外", "no")),
                        .text(w.period(period)), .text(w.kind(kind)),
                        .yen(f.operatingProfit), .yen(f.labourCost), .yen(f.depreciation), .quantity(f.headcount),
                        .quantity(f.hoursPerEmployee), .yen(r.valueAdded), .quantity(r.labourHours), .productivity(r.productivity),
                        .text(f.shortfallReason ?? ""),
                    ])
                }
            }
        }
        members = ReportTable(
            id: "members", title: w.t("構成員", "Members"),
            columns: [w.t("事業者ID", "Member ID"), w.t("事業者名", "Name"), w.t("役割", "Role"), w.t("計算対象", "In calculation"),
                      w.t("年度", "Period"), w.t("種別", "Kind"), w.t("営業利益（円）", "Operating profit (yen)"),
                      w.t("人件費（円）", "Labour cost (yen)"), w.t("減価償却費（円）", "Depreciation (yen)"), w.t("従業員数（人）", "Headcount"),
                      w.t("年間平均労働時間（時間）", "Hours per employee"), w.t("付加価値額（円）", "Value added (yen)"),
                      w.t("労働時間（時間）", "Labour hours"), w.t("労働生産性（円/時間）", "Productivity (yen/h)"),
                      w.t("計画数値未達の要因", "Shortfall reason")],
            rows: memberRows)

        // 計画との比較 / Plan against actual, with every shortfall lacking its reason flagged.
        let names = Dictionary(report.members.map { ($0.member.id, $0.member.name) }, uniquingKeysWith: { a, _ in a })
        plans = ReportTable(
            id: "plans", title: w.t("計画（目標値）と実績", "Plan against actual"),
            columns: [w.t("事業者ID", "Member ID"), w.t("事業者名", "Name"), w.t("年度", "Period"), w.t("計画（円/時間）", "Plan (yen/h)"),
                      w.t("実績（円/時間）", "Actual (yen/h)"), w.t("差", "Gap"), w.t("未達理由", "Shortfall reason")],
            rows: report.planComparisons.map { c in
                [.text(c.member), .text(names[c.member] ?? ""), .text(w.period(c.period)), .productivity(c.plan),
                 c.actual.map(Cell.productivity) ?? .text(w.t("未提出", "missing")),
                 c.gap.map(Cell.productivity) ?? .empty,
                 .text(c.lacksReason ? w.t("要記入（未達・理由なし）", "required: below plan, no reason given") : c.shortfallReason ?? "")]
            })

        // リスク / Risks, and what a spreadsheet would show differently.
        var riskRows: [[Cell]] = report.risks.map { r in
            [.text(r.code.rawValue), .text(r.period.map(w.period) ?? ""), .text(r.memberID ?? ""), .text(w.risk(r, in: report))]
        }
        for p in report.periods {
            if let text = w.spreadsheetDiffers(p) { riskRows.append([.text("spreadsheet_differs"), .text(w.period(p.period)), .text(""), .text(text)]) }
        }
        risks = ReportTable(
            id: "risks", title: w.t("公表リスクと注意", "Risks and cautions"),
            columns: [w.t("コード", "Code"), w.t("年度", "Period"), w.t("事業者ID", "Member ID"), w.t("内容", "What")],
            rows: riskRows + report.notes.map { [.text("note"), .text(""), .text(""), .text(w.note($0, in: report))] })
    }
}
