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
    /// A rate for display only, never for a verdict (a member's own growth), shown to 0.1%.
    case approximateRate(Double)
    /// A rate known exactly with whether it meets the target (a sensitivity grid's cell): "6.5%*".
    case rateMeeting(Rational, Bool)
    /// A contribution to the improvement, for display, with its sign: "+1.23%".
    case signedRate(Double)
    /// A member's share of ln(improvement ratio) under the geometric mean, for display: "+0.01234".
    case logContribution(Double)
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

/// A table's rows: held, or made one at a time when read. A large group's member tables have a
/// row per member (and per period): held as cells, a 300,000-member report's CSV peaked at
/// 889,872 KiB; every renderer reads the rows in order, once or twice.
public struct TableRows: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral {
    private enum Storage: Sendable {
        case held([[Cell]])
        case made(count: Int, row: @Sendable (Int) -> [Cell])
    }
    private let storage: Storage

    public init(_ rows: [[Cell]]) { storage = .held(rows) }
    public init(arrayLiteral rows: [Cell]...) { storage = .held(rows) }
    /// `count` rows, row `i` made by `row(i)` each time it is read; `progress` is told every
    /// 4,096th row read (of `count`), for a bar while a large table is written.
    public init(count: Int, progress: RowProgress? = nil, row: @escaping @Sendable (Int) -> [Cell]) {
        guard let progress else {
            storage = .made(count: count, row: row)
            return
        }
        storage = .made(count: count) { i in
            if i % 4096 == 0 { progress.tell(i, count) }
            return row(i)
        }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int {
        switch storage {
        case .held(let rows): rows.count
        case .made(let count, _): count
        }
    }
    public subscript(i: Int) -> [Cell] {
        switch storage {
        case .held(let rows): rows[i]
        case .made(_, let row): row(i)
        }
    }
    public static func == (a: TableRows, b: TableRows) -> Bool { a.elementsEqual(b) }
}

/// Told how far a large table's rows have been read (row, of rows), for a progress bar. The
/// rows are read on the thread that writes them, the thread that made this.
public final class RowProgress: @unchecked Sendable {
    let tell: (Int, Int) -> Void
    public init(_ tell: @escaping (Int, Int) -> Void) { self.tell = tell }
}

/// A table with a stable identifier (used for CSV `--table` and sheet names), a title and headers.
public struct ReportTable: Sendable, Equatable {
    /// How a table reads: a grid of rows, or facts (two columns, label and value) that a terminal
    /// prints as "label: value" lines.
    public enum Layout: Sendable, Equatable {
        case grid
        case facts
    }

    public var id: String
    public var title: String
    public var columns: [String]
    public var rows: TableRows
    public var layout: Layout
    /// Rows from this index on summarise the rows above (the group under its members): a terminal
    /// draws a rule before them and lets their label run across the first `labelSpan` columns.
    public var footerStart: Int?
    public var labelSpan: Int
    /// Lines that explain the table (what a column means), printed under it.
    public var notes: [String]

    public init(
        id: String, title: String, columns: [String], rows: [[Cell]], layout: Layout = .grid,
        footerStart: Int? = nil, labelSpan: Int = 1, notes: [String] = []
    ) {
        self.init(
            id: id, title: title, columns: columns, rows: TableRows(rows), layout: layout, footerStart: footerStart, labelSpan: labelSpan,
            notes: notes)
    }

    public init(
        id: String, title: String, columns: [String], rows: TableRows, layout: Layout = .grid,
        footerStart: Int? = nil, labelSpan: Int = 1, notes: [String] = []
    ) {
        self.id = id
        self.title = title
        self.columns = columns
        self.rows = rows
        self.layout = layout
        self.footerStart = footerStart
        self.labelSpan = labelSpan
        self.notes = notes
    }

    /// Whether each column holds numbers (right-aligned, never truncated): any row with a number
    /// there. Found in one pass over the rows, stopping once every column has one: a large group's
    /// rows are made when read, and a pass per column made each row again for every text column
    /// (six times a member for the terminal's overview).
    public var numericColumns: [Bool] {
        var numeric = Array(repeating: false, count: columns.count)
        var unknown = numeric.count
        for row in rows where unknown > 0 {
            for i in 0..<min(row.count, numeric.count) where !numeric[i] && row[i].isNumeric {
                numeric[i] = true
                unknown -= 1
            }
        }
        return numeric
    }
}

/// What a command says, as data: a heading and tables, in the order a reader wants them. Every
/// format lays out a document; none knows which command made it.
public struct ReportDocument: Sendable, Equatable {
    public var heading: String
    public var tables: [ReportTable]

    public init(heading: String, tables: [ReportTable]) {
        self.heading = heading
        self.tables = tables
    }

    /// The table with this identifier (CSV `--table`).
    public func table(_ id: String) -> ReportTable? { tables.first { $0.id == id } }
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
        case .approximateRate(let d): Percent.text(d)
        case .rateMeeting(let v, let meets): Percent.text(v) + (meets ? "*" : " ")
        case .logContribution(let d): NumberFormat.fixed(d, places: 5, sign: true)
        case .signedRate(let d): (d >= 0 ? "+" : "") + Percent.text(d, places: 2)
        case .verdict(let v): met(v)
        case .empty: ""
        }
    }
}

/// The report's tables, built once from the `GroupReport` and rendered by every tabular format.
public struct ReportTables: Sendable {
    public var summary: ReportTable
    /// Each member's productivity per period with the group under it: what a terminal shows.
    public var overview: ReportTable
    public var group: ReportTable
    public var members: ReportTable
    public var plans: ReportTable
    public var risks: ReportTable
    /// The report years' windows and what is due, when the edition is known.
    public var calendar: ReportTable?

    /// 概要 / Overview: members × periods, the group under them. Made alone for the terminal,
    /// which shows no other table: made with the rest (a row per member and period among them),
    /// a 100,000-member group's terminal report peaked at 289 MB instead of 167 MB.
    static func overview(_ report: GroupReport, words w: Words, progress: RowProgress? = nil) -> ReportTable {
        let latest = report.latestReportedPeriod
        let members = report.members
        let reported = report.periods.map(\.reported)
        // Each row from the member's actual figures alone (not its whole `MemberResult`, with the
        // targets and every growth): the terminal reads every row twice, for widths and to print.
        @Sendable func memberRow(_ i: Int) -> [Cell] {
            let member = members.roster[i]
            var row: [Cell] = [
                .text(member.id), .text(member.name), .text(member.inCalculation ? w.shortRole(member.role) : w.t("除外", "out")),
            ]
            for period in Period.allCases {
                if let r = members.periodResult(i, period, .actual) {
                    row.append(.productivity(r.productivity))
                } else {
                    let due = period == .base || reported[period.rawValue]
                    row.append(.text(due && member.inCalculation ? w.t("未提出", "missing") : "-"))
                }
            }
            row.append(latest.flatMap { members.actualCAGR(i, to: $0) }.map(Cell.approximateRate) ?? .text("-"))
            return row
        }
        // A row per member, made when read, then the group's rows.
        let footerStart = members.count
        var footers: [[Cell]] = []
        func footer(_ label: String, _ value: (GroupPeriodResult) -> Cell?) {
            var row: [Cell] = [.text(label), .empty, .empty]
            for p in report.periods { row.append(p.reported ? (value(p) ?? .text("-")) : .text("-")) }
            row.append(.empty)
            footers.append(row)
        }
        footer(w.t("グループ", "Group")) { p in
            p.productivityExact.map(Cell.productivity) ?? p.productivity.map(Cell.approximateProductivity)
        }
        footer(w.t("  計算対象（者）", "  members in calculation")) { .quantity(Rational($0.membersInCalculation.count)) }
        footer(w.t("  同一構成員の事業実施前", "  base, same members")) { p in
            p.period == .base ? .empty : p.baseProductivity.map(Cell.approximateProductivity)
        }
        footer(w.t("  向上率", "  improvement ratio")) { p in p.period == .base ? .empty : p.improvementRatio.map(Cell.ratio) }
        footer(w.t("  年平均成長率（0.01%単位）", "  CAGR (to 0.01%)")) { p in
            p.period == .base ? .empty : p.cagrToHundredths.map(Cell.rateToHundredths)
        }
        footer(w.t("  年平均成長率（公式）", "  CAGR (official)")) { p in
            p.period == .base ? .empty : p.cagrOfficial.map(Cell.rate)
        }
        footer(w.t("  目標 \(Percent.text(report.threshold.rate))", "  target \(Percent.text(report.threshold.rate))")) { p in
            if p.period == .base { return .empty }
            return p.notComputable != nil && p.meetsThreshold == nil ? .verdict(nil) : .verdict(p.meetsThreshold)
        }
        return ReportTable(
            id: "overview", title: w.t("労働生産性（円/時間）", "Labour productivity (yen per hour)"),
            columns: [w.t("ID", "ID"), w.t("事業者名", "Name"), w.t("区分", "Role")] + Period.allCases.map(w.period)
                + [w.t("年平均成長率", "CAGR")],
            rows: TableRows(count: footerStart + footers.count, progress: progress) { [footers] i in
                i < footerStart ? memberRow(i) : footers[i - footerStart]
            },
            footerStart: footerStart, labelSpan: 3,
            notes: [
                w.t(
                    "年平均成長率: 事業者の行は事業実施前から\(w.period(latest ?? .year2))までの年率（参考、四捨五入）。グループの行は0.01%・0.1%（公式）未満を切り捨てた値で、判定は厳密な値によります。",
                    "CAGR: on a member's row, its annual rate from the base to \(w.period(latest ?? .year2)) (for reference, rounded); on the group's rows, truncated to 0.01% and to 0.1% (official); the verdict is decided on the exact value."
                )
            ])
    }

    public var all: [ReportTable] { [summary, group, members, plans, risks] + (calendar.map { [$0] } ?? []) }

    /// - Parameter progress: told as the member-per-row tables (overview, members) are read.
    public init(
        report: GroupReport, settings: GroupSettings? = nil, calendar: ReportCalendar? = nil, words w: Words, progress: RowProgress? = nil
    ) {
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
        fact(w.t("公表リスク", "Publication risk"), .text(report.publicationRisk(calendar: calendar) ? w.t("あり", "yes") : w.t("なし", "none")))
        if let calendar {
            fact(w.t("次の報告", "Next report"), .text(calendar.next.map { w.calendarStatus($0, report: report) } ?? w.t("なし", "none")))
            for entry in calendar.overdue { fact(w.t("期限切れ", "Overdue"), .text(w.calendarStatus(entry, report: report))) }
        }
        for p in report.periods where p.period != .base && p.reported {
            let name = w.period(p.period)
            if let official = p.cagrOfficial { fact(w.t("\(name) 年平均成長率（公式・切捨て）", "\(name) CAGR (official, truncated)"), .rate(official)) }
            if let sheet = p.cagrSpreadsheet, p.spreadsheetDisagrees {
                fact(w.t("\(name) 表計算ソフトでの表示", "\(name) as a spreadsheet shows it"), .rate(sheet))
            }
        }
        summary = ReportTable(id: "summary", title: w.t("サマリー", "Summary"), columns: [w.t("項目", "Item"), w.t("値", "Value")], rows: facts)

        overview = ReportTables.overview(report, words: w, progress: progress)

        // グループ算出 / the group per period.
        var groupRows: [[Cell]] = []
        for p in report.periods {
            let isBase = p.period == .base
            groupRows.append([
                .text(w.period(p.period)),
                .quantity(Rational(p.membersInCalculation.count)),
                p.productivityExact.map(Cell.productivity) ?? p.productivity.map(Cell.approximateProductivity) ?? .empty,
                isBase ? .empty : report.groupPlan[p.period].map { $0.exact.map(Cell.productivity) ?? .approximateProductivity($0.approximate) } ?? .empty,
                isBase ? .empty : p.improvementRatio.map(Cell.ratio) ?? .empty,
                isBase ? .empty : p.cagrToHundredths.map(Cell.rateToHundredths) ?? .empty,
                isBase ? .empty : p.cagrOfficial.map(Cell.rate) ?? .empty,
                isBase ? .empty : p.cagrSpreadsheet.map(Cell.rate) ?? .empty,
                isBase || !p.reported ? .empty : p.notComputable != nil && p.meetsThreshold == nil ? .verdict(nil) : .verdict(p.meetsThreshold),
            ])
        }
        group = ReportTable(
            id: "group", title: w.t("グループの労働生産性", "Group labour productivity"),
            columns: [
                w.t("年度", "Period"), w.t("計算対象（者）", "Members in calculation"), w.t("労働生産性（円/時間）", "Productivity (yen/h)"),
                w.t("計画（目標値）", "Plan"), w.t("向上率", "Improvement ratio"), w.t("年平均成長率（厳密）", "CAGR (exact)"),
                w.t("年平均成長率（公式・切捨て）", "CAGR (official, truncated)"), w.t("表計算ソフトでの表示", "As a spreadsheet shows it"),
                w.t("目標", "Target"),
            ],
            rows: groupRows)

        // 構成員 / Members: the order the effect-report form asks, one row per member × period × kind.
        // Made when read: which member, period and kind each row is (32 bits and one byte a row).
        let results = report.members
        var rowMember: [Int32] = []
        var rowSlot: [UInt8] = []
        for i in results.indices {
            for period in Period.allCases {
                for (k, kind) in ValueKind.allCases.enumerated() where results.has(i, period, kind) {
                    rowMember.append(Int32(i))
                    rowSlot.append(UInt8(period.rawValue * 2 + k))
                }
            }
        }
        let memberRows = TableRows(count: rowMember.count, progress: progress) { [rowMember, rowSlot] row in
            let i = Int(rowMember[row])
            let (period, kind) = (Period(rawValue: Int(rowSlot[row]) / 2)!, ValueKind.allCases[Int(rowSlot[row]) % 2])
            let member = results.roster[i]
            guard let r = results.periodResult(i, period, kind) else { preconditionFailure("a member's row without its figures") }
            let f = r.figures
            return [
                .text(member.id), .text(member.name), .text(w.role(member.role)),
                .text(member.inCalculation ? w.t("対象", "yes") : w.t("除外", "no")),
                .text(w.period(period)), .text(w.kind(kind)),
                .yen(f.operatingProfit), .yen(f.labourCost), .yen(f.depreciation), .quantity(f.headcount),
                .quantity(f.hoursPerEmployee), .yen(r.valueAdded), .quantity(r.labourHours), .productivity(r.productivity),
                .text(f.shortfallReason ?? ""),
            ]
        }
        members = ReportTable(
            id: "members", title: w.t("構成員", "Members"),
            columns: [
                w.t("事業者ID", "Member ID"), w.t("事業者名", "Name"), w.t("役割", "Role"), w.t("計算対象", "In calculation"),
                w.t("年度", "Period"), w.t("種別", "Kind"), w.t("営業利益（円）", "Operating profit (yen)"),
                w.t("人件費（円）", "Labour cost (yen)"), w.t("減価償却費（円）", "Depreciation (yen)"), w.t("従業員数（人）", "Headcount"),
                w.t("年間平均労働時間（時間）", "Hours per employee"), w.t("付加価値額（円）", "Value added (yen)"),
                w.t("労働時間（時間）", "Labour hours"), w.t("労働生産性（円/時間）", "Productivity (yen/h)"),
                w.t("計画数値未達の要因", "Shortfall reason"),
            ],
            rows: memberRows)

        // 計画との比較 / Plan against actual, with every shortfall lacking its reason flagged.
        // Names of the members with a plan only (most large groups have none): by ID for all, a
        // 300,000-member group's names were 26 MB more while its CSV was written.
        let planned = Set(report.planComparisons.map(\.member))
        let names = Dictionary(
            report.members.roster.lazy.filter { planned.contains($0.id) }.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        plans = ReportTable(
            id: "plans", title: w.t("計画（目標値）と実績", "Plan against actual"),
            columns: [
                w.t("事業者ID", "Member ID"), w.t("事業者名", "Name"), w.t("年度", "Period"), w.t("計画（円/時間）", "Plan (yen/h)"),
                w.t("実績（円/時間）", "Actual (yen/h)"), w.t("差", "Gap"), w.t("未達理由", "Shortfall reason"),
            ],
            rows: report.planComparisons.map { c in
                [
                    .text(c.member), .text(names[c.member] ?? ""), .text(w.period(c.period)), .productivity(c.plan),
                    c.actual.map(Cell.productivity) ?? .text(w.t("未提出", "missing")),
                    c.gap.map(Cell.productivity) ?? .empty,
                    .text(c.lacksReason ? w.t("要記入（未達・理由なし）", "required: below plan, no reason given") : c.shortfallReason ?? ""),
                ]
            })

        // リスク / Risks, and what a spreadsheet would show differently.
        var riskRows: [[Cell]] = report.risks.map { r in
            [.text(r.code.rawValue), .text(r.period.map(w.period) ?? ""), .text(r.memberID ?? ""), .text(w.risk(r, in: report))]
        }
        for p in report.periods {
            if let text = w.spreadsheetDiffers(p) { riskRows.append([.text("spreadsheet_differs"), .text(w.period(p.period)), .text(""), .text(text)]) }
        }
        for entry in calendar?.overdue ?? [] {
            riskRows.append([.text("report_overdue"), .text(w.period(entry.window.period)), .text(""), .text(w.calendarStatus(entry, report: report))])
        }
        risks = ReportTable(
            id: "risks", title: w.t("公表リスクと注意", "Risks and cautions"),
            columns: [w.t("コード", "Code"), w.t("年度", "Period"), w.t("事業者ID", "Member ID"), w.t("内容", "What")],
            rows: riskRows + report.notes.map { [.text("note"), .text(""), .text(""), .text(w.note($0, in: report))] })

        // 報告期限 / The report calendar.
        self.calendar = calendar.map { c in
            ReportTable(
                id: "calendar", title: w.t("報告期限（\(c.asOf) 現在）", "Report calendar (as of \(c.asOf))"),
                columns: [w.t("年度", "Period"), w.t("対象期間", "Business year"), w.t("報告期間", "Report window"), w.t("状況", "Status")],
                rows: c.entries.map { e in
                    [
                        .text(w.period(e.window.period)), .text("\(e.window.yearStart)〜\(e.window.yearEnd)"),
                        .text("\(e.window.opens)〜\(e.window.closes)"), .text(w.calendarStatus(e, report: report)),
                    ]
                })
        }
    }
}
