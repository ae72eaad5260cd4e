import GroupProductivity

extension Words {
    /// The short name of a portfolio risk code, for a table cell.
    public func portfolioRisk(_ r: PortfolioRisk) -> String {
        switch r {
        case .inputErrors: t("入力エラー", "errors")
        case .cagrBelowThreshold: t("未達", "below")
        case .missingReport: t("未提出", "missing")
        case .notComputable: t("算出不能", "n/a")
        case .reportOverdue: t("期限切れ", "overdue")
        }
    }
}

/// The portfolio as the one table model: a summary and one row per group, at-risk groups first.
public struct PortfolioTables: Sendable {
    public var summary: ReportTable
    public var groups: ReportTable
    public var all: [ReportTable] { [summary, groups] }

    /// - Parameter rows: already in the order to show (see `PortfolioRow.atRiskFirst`).
    public init(rows: [PortfolioRow], asOf: CivilDate, method: GroupMethod, words w: Words) {
        let counts = PortfolioCounts(rows)
        summary = ReportTable(
            id: "summary", title: w.t("ポートフォリオの概要", "Portfolio summary"), columns: [w.t("項目", "Item"), w.t("値", "Value")],
            rows: [
                [.text(w.t("グループ数", "Groups")), .quantity(Rational(counts.groups))],
                [.text(w.t("公表リスクあり（入力エラーを含む）", "At risk (input errors included)")), .quantity(Rational(counts.atRisk))],
                [.text(w.t("入力エラーのあるグループ", "Groups with input errors")), .quantity(Rational(counts.withErrors))],
                [.text(w.t("目標達成・リスクなし", "Meeting the target, no risk")), .quantity(Rational(counts.meetingWithoutRisk))],
                [.text(w.t("算出方法", "Method")), .text(w.method(method))],
                [.text(w.t("基準日", "As of")), .text(asOf.description)],
            ],
            layout: .facts)
        groups = ReportTable(
            id: "groups", title: w.t("グループ別の判定（公表リスクのあるグループが先）", "Groups (at risk first)"),
            columns: [
                "ID", w.t("補助事業名", "Project"), w.t("構成員", "Members"), w.t("目標", "Target"),
                w.t("1年度目", "Year 1"), w.t("2年度目", "Year 2"), w.t("判定", "Verdict"), w.t("リスク", "Risks"),
                w.t("残日数", "Days"),
            ],
            rows: rows.map { r in
                let verdict: Cell =
                    switch r.verdict {
                    case .meets?: .verdict(true)
                    case .belowTarget?: .verdict(false)
                    case .notComputable?: .verdict(nil)
                    case .notYetReported?: .text(w.t("報告前", "no report"))
                    case nil: .text(w.t("エラー", "errors"))
                    }
                return [
                    .text(r.id), .text(r.name == r.id ? "" : r.name), r.errorCount > 0 ? .empty : .quantity(Rational(r.memberCount)),
                    r.threshold.map(Cell.rate) ?? .empty,
                    r.cagrOfficial[.year1].map(Cell.rate) ?? .empty, r.cagrOfficial[.year2].map(Cell.rate) ?? .empty,
                    verdict, .text(r.risks.map(w.portfolioRisk).joined(separator: w.t("・", ", "))),
                    r.daysToDeadline.map { .quantity(Rational($0)) } ?? .empty,
                ]
            },
            notes: [
                w.t(
                    "1年度目・2年度目は公式の年平均成長率（0.1%未満切り捨て、厳密に計算）。判定は最新の報告年度のもの。残日数は次に提出する年度の報告期限まで（公募年度が分かるグループのみ）。",
                    "Year 1 and year 2 are the official CAGR (truncated to 0.1%, computed exactly); the verdict is the latest reported year's. Days count to the next report's deadline (groups whose edition is known)."
                )
            ])
    }
}

/// The portfolio as JSON (`docs/portfolio.schema.json`), a group per line, written as it is
/// encoded: no tree of values is built.
public struct PortfolioJSON: Sendable {
    public init() {}

    public func render(_ result: PortfolioResult, rows: [PortfolioRow], asOf: CivilDate, method: GroupMethod) -> JSONOutput {
        let counts = PortfolioCounts(rows)
        return JSONOutput(
            JSONDocuments.Portfolio(
                asOf: asOf.description, method: method.rawValue, groupCount: counts.groups, atRiskCount: counts.atRisk,
                groups: rows.map { r in
                    .init(
                        id: r.id, name: r.name, source: r.source.line > 0 ? "\(r.source.file):\(r.source.line)" : r.source.file,
                        members: r.errorCount > 0 ? nil : r.memberCount, threshold: JSONNumber(r.threshold),
                        cagrOfficialYear1: JSONNumber(r.cagrOfficial[.year1]), cagrOfficialYear2: JSONNumber(r.cagrOfficial[.year2]),
                        meetsYear1: r.meets[.year1], meetsYear2: r.meets[.year2], verdict: r.verdict?.rawValue, atRisk: r.atRisk,
                        risks: r.risks.map(\.rawValue), edition: r.edition, nextReport: r.nextReport?.rawValue, daysToDeadline: r.daysToDeadline,
                        errors: r.errorCount, warnings: r.warningCount)
                },
                inputs: .init(items: result.inputs.map(JSONDocuments.Input.init))))
    }
}
