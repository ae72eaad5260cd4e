import GroupProductivity

/// Renders a `GroupReport` for a terminal: the heading facts, the overview table of the table
/// model (members × periods with the group under them), the verdict, the report calendar, risks
/// and notes, and a line saying that input warnings exist when they do.
public struct TableRenderer: Bilingual {
    public var language: Language
    /// ANSI colours, only for a terminal and when `NO_COLOR` is not set (the caller decides).
    public var color: Bool
    /// The terminal's width, at most 80 columns.
    public var width: Int

    public init(language: Language = .ja, color: Bool = false, width: Int = 80) {
        self.language = language
        self.color = color
        self.width = width
    }

    private func paint(_ text: String, _ code: String) -> String { color ? TerminalText.paint(text, code) : text }

    /// - Parameter warnings: how many input warnings were printed on stderr; the report says so,
    ///   because a warning may change what the verdict means.
    public func render(_ report: GroupReport, settings: GroupSettings? = nil, calendar: ReportCalendar? = nil, warnings: Int = 0) -> String {
        var text = ""
        write(report, settings: settings, calendar: calendar, warnings: warnings) { text += $0 }
        return text
    }

    /// The same text a line at a time (each ending in a line break), given to `emit` as it is
    /// made: a large group's overview (a row per member) is never held whole.
    public func write(
        _ report: GroupReport, settings: GroupSettings? = nil, calendar: ReportCalendar? = nil, warnings: Int = 0,
        _ emit: (String) -> Void
    ) {
        let words = Words(language)
        let terminal = TerminalRenderer(words: words, color: color, width: width)
        // Free lines wrap at the width; a list item's continuation hangs under its text.
        func put(_ line: String) {
            for wrapped in terminal.wrap(line, indent: line.hasPrefix("  - ") ? 4 : line.hasPrefix("  ") ? 2 : 0) { emit(wrapped + "\n") }
        }
        var out: [String] = []
        out.append(t("補助事業: ", "Project: ") + (settings?.projectName ?? report.groupName))
        if let rep = settings?.representativeName { out.append(t("代表事業者: ", "Representative: ") + rep) }
        out.append(t("算出方法: ", "Method: ") + words.method(report.method))
        out.append(
            t("目標: 労働生産性の年平均成長率 ", "Target: annual average productivity growth of ")
                + Percent.text(report.threshold.rate) + t(" 以上", " or more"))
        out.append(t("  理由: ", "  why: ") + words.thresholdReason(report.threshold))
        out.append("")
        out.forEach(put)
        out = []
        terminal.lines(ReportTables.overview(report, words: words), put)
        out.append("")
        out += verdictLines(report, calendar: calendar)
        if let calendar {
            out.append(t("報告期限（\(calendar.asOf) 現在）:", "Report calendar (as of \(calendar.asOf)):"))
            for entry in calendar.entries { out.append("  - " + words.calendarStatus(entry, report: report)) }
        }
        if !report.risks.isEmpty {
            out.append(t("リスクの内容:", "Risks:"))
            for risk in report.risks {
                out.append("  - " + paint("[\(risk.code.rawValue)]", "33") + " " + words.risk(risk, in: report))
            }
        }
        let cautions = report.periods.compactMap(words.spreadsheetDiffers) + report.notes.map { words.note($0, in: report) }
        if !cautions.isEmpty {
            out.append(t("注記:", "Notes:"))
            for caution in cautions { out.append("  - " + caution) }
        }
        if warnings > 0 {
            out.append(
                paint(
                    t(
                        "入力に警告が \(warnings) 件あります（標準エラー出力、または groupprod check で確認してください）。判定の前提に関わることがあります。",
                        "\(warnings) input warning\(warnings == 1 ? "" : "s") (see standard error, or run groupprod check); they may bear on the verdict."),
                    "33"))
        }
        out.forEach(put)
    }

    private func verdictLines(_ report: GroupReport, calendar: ReportCalendar?) -> [String] {
        let target = Percent.text(report.threshold.rate)
        let official = report.latestReportedPeriod.flatMap { report.period($0).cagrOfficial }.map { Percent.text($0) } ?? ""
        let name = report.latestReportedPeriod.map { PeriodText.name($0, language) } ?? ""
        func growth(_ comparison: String) -> String {
            t(
                "（\(name) 年平均成長率・公式 \(official) \(comparison) 目標 \(target)）",
                " (\(name) annual average growth, official, \(official) \(comparison) target \(target))")
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
        let risk =
            report.publicationRisk(calendar: calendar)
            ? paint(t("公表リスク: あり", "Publication risk: yes"), "31")
            : paint(t("公表リスク: なし", "Publication risk: none"), "32")
        return [line, risk]
    }
}

extension String {
    func replacingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
