import GroupProductivity
/// Renders a `GroupReport` as a terminal table, aligned by display width.
public struct TableRenderer: Bilingual {
    public var language: Language
    /// ANSI colours, only for a terminal and when `NO_COLOR` is not set (the caller decides).
    public var color: Bool

    public init(language: Language = .ja, color: Bool = false) {
        self.language = language
        self.color = color
    }

    private func paint(_ text: String, _ code: String) -> String { color ? TerminalText.paint(text, code) : text }

    public func render(_ report: GroupReport) -> String {
        var out: [String] = []
        out.append(t("補助事業グループ: ", "Group: ") + report.groupName)
        out.append(t("算出方法: ", "Method: ") + Words(language).method(report.method))
        out.append(t("目標: 労働生産性の年平均成長率 ", "Target: annual average productivity growth of ")
                   + Percent.text(report.threshold.rate) + t(" 以上", " or more"))
        out.append(t("  理由: ", "  why: ") + Words(language).thresholdReason(report.threshold))
        out.append("")
        out.append(t("労働生産性（円/時間）", "Labour productivity (yen per hour)"))
        out.append(contentsOf: table(report))
        out.append("")
        out.append(contentsOf: verdictLines(report))
        if !report.risks.isEmpty {
            out.append(t("リスクの内容:", "Risks:"))
            for risk in report.risks {
                out.append("  - " + paint("[\(risk.code.rawValue)]", "33") + " " + Words(language).risk(risk, in: report))
            }
        }
        if !report.notes.isEmpty {
            out.append(t("注記:", "Notes:"))
            for note in report.notes { out.append("  - " + Words(language).note(note, in: report)) }
        }
        return out.joined(separator: "\n") + "\n"
    }

    private func verdictLines(_ report: GroupReport) -> [String] {
        let target = Percent.text(report.threshold.rate)
        let official = report.latestReportedPeriod.flatMap { report.period($0).cagrOfficial }.map { Percent.text($0) } ?? ""
        let name = report.latestReportedPeriod.map { PeriodText.name($0, language) } ?? ""
        func growth(_ comparison: String) -> String {
            t("（\(name) 年平均成長率 \(official) \(comparison) \(target)）",
              " (\(name) annual average growth \(official) \(comparison) \(target))")
        }
        var line = t("判定: ", "Verdict: ")
        switch report.verdict {
        case .meets:
            line += paint(t("目標達成", "meets the target"), "32") + growth("≥")
        case .belowTarget:
            line += paint(t("目標未達", "below the target"), "31") + growth("<")
        case .notComputable:
            line += paint(t("算出不能", "cannot be computed"), "31")
        case .notYetReported:
            line += t("実績報告前（1年度目・2年度目の実績値がまだありません）", "not yet reported (no actuals for year 1 or 2 yet)")
        }
        let risk = report.publicationRisk
            ? paint(t("公表リスク: あり", "Publication risk: yes"), "31")
            : paint(t("公表リスク: なし", "Publication risk: none"), "32")
        return [line, risk]
    }

    private func table(_ report: GroupReport) -> [String] {
        let latest = report.latestReportedPeriod
        var header = [t("ID", "ID"), t("事業者名", "Name"), t("役割", "Role"), t("計算", "Calc")]
        header += Period.allCases.map { PeriodText.name($0, language) }
        header.append(t("年平均成長率", "CAGR") + (latest.map { "(\($0.rawValue))" } ?? ""))
        var rows: [[String]] = []
        for m in report.members {
            var row = [m.member.id, DisplayWidth.truncate(m.member.name, to: 24),
                       m.member.role == .representative ? t("代表", "rep.") : t("参画", "part."),
                       m.inCalculation ? t("対象", "in") : t("除外", "out")]
            for period in Period.allCases {
                if let r = m.actual[period] {
                    row.append(NumberFormat.grouped(r.productivity, places: 1))
                } else {
                    let due = period == .base || report.period(period).reported
                    row.append(due && m.inCalculation ? t("未提出", "missing") : "-")
                }
            }
            row.append(latest.flatMap { m.actual[$0]?.cagr }.map { Percent.text($0) } ?? "-")
            rows.append(row)
        }
        let calcCount = report.members.filter(\.inCalculation).count
        var groupRows: [[String]] = []
        func groupRow(_ label: String, _ value: (GroupPeriodResult) -> String?) {
            var row = [label, "", "", ""]
            for p in report.periods { row.append(p.reported ? (value(p) ?? "-") : "-") }
            row.append("")
            groupRows.append(row)
        }
        groupRow(t("グループ（\(calcCount)者）", "Group (\(calcCount) members)")) { p in
            p.productivity.map { NumberFormat.grouped($0, places: 1) }
        }
        groupRow(t("  同一構成員の事業実施前", "  base, same members")) { p in
            p.period == .base ? "" : p.baseProductivity.map { NumberFormat.grouped($0, places: 1) }
        }
        groupRow(t("  向上率", "  improvement ratio")) { p in
            p.period == .base ? "" : p.improvementRatio.map { NumberFormat.grouped($0, places: 4) }
        }
        groupRow(t("  年平均成長率", "  CAGR (exact)")) { p in
            p.period == .base ? "" : p.cagrToHundredths.map { Percent.text($0, places: 2) }
        }
        groupRow(t("  年平均成長率（公式・切捨て）", "  CAGR (official, truncated)")) { p in
            p.period == .base ? "" : p.cagrOfficial.map { Percent.text($0) }
        }
        groupRow(t("  目標 \(Percent.text(report.threshold.rate))", "  target \(Percent.text(report.threshold.rate))")) { p in
            if p.period == .base { return "" }
            if p.notComputable != nil { return t("算出不能", "n/a") }
            return p.meetsThreshold.map { $0 ? t("達成", "met") : t("未達", "missed") }
        }
        return layout(header: header, rows: rows, footer: groupRows, numericFrom: 4)
    }

    /// Lays out columns by display width; columns from `numericFrom` on are right-aligned.
    /// Footer rows span their label across the first four columns.
    private func layout(header: [String], rows: [[String]], footer: [[String]], numericFrom: Int) -> [String] {
        var widths = header.map(DisplayWidth.of)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(cell)) }
        }
        let labelWidth = widths[0..<numericFrom].reduce(0, +) + 2 * (numericFrom - 1)
        let footerLabel = footer.map { DisplayWidth.of($0[0]) }.max() ?? 0
        if footerLabel > labelWidth { widths[1] += footerLabel - labelWidth }
        for row in footer {
            for i in numericFrom..<row.count { widths[i] = max(widths[i], DisplayWidth.of(row[i])) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in DisplayWidth.pad(c, to: widths[i], right: i >= numericFrom) }
                .joined(separator: "  ").replacingTrailingSpaces()
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        var out = [line(header), rule]
        out += rows.map(line)
        out.append(rule)
        let spanned = widths[0..<numericFrom].reduce(0, +) + 2 * (numericFrom - 1)
        for row in footer {
            let rest = row[numericFrom...].enumerated().map { i, c in DisplayWidth.pad(c, to: widths[numericFrom + i], right: true) }
            out.append((DisplayWidth.pad(row[0], to: spanned) + "  " + rest.joined(separator: "  ")).replacingTrailingSpaces())
        }
        return out
    }
}

extension String {
    func replacingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
