import BigInt
import GroupProductivity

/// One scenario's outcome for the what-if comparison.
public struct ScenarioOutcome: Sendable {
    public var scenario: Scenario
    public var report: GroupReport

    public init(scenario: Scenario, report: GroupReport) {
        self.scenario = scenario
        self.report = report
    }
}

/// The documents of whatif, target and explain: tables of the one table model, so each command
/// has every format the report has. Words only here; the analyses hold exact values and codes.
public struct ConsultingTables: Bilingual {
    public var words: Words
    public var language: Language { words.language }

    public init(words: Words) { self.words = words }

    /// "（a、b、c）" in Japanese, " (a, b, c)" in English.
    private func aside(_ parts: String...) -> String {
        language == .ja ? "（" + parts.joined(separator: "、") + "）" : " (" + parts.joined(separator: ", ") + ")"
    }

    // MARK: what-if

    /// One scenario's verdict for `period`: the verdict is the period's, never another year's.
    public static func verdict(_ report: GroupReport, period: Period) -> Bool? { report.period(period).meetsThreshold }

    public func whatIf(_ outcomes: [ScenarioOutcome], period: Period, basis: AnalysisBasis = .actuals) -> ReportDocument {
        let w = words
        guard let base = outcomes.first else { return ReportDocument(heading: "", tables: []) }
        let heading = t("シナリオ比較", "Scenario comparison") + aside(w.period(period), w.method(base.report.method))
        let names = outcomes.map(\.scenario.name)
        var rows: [[Cell]] = []
        func row(_ label: String, _ value: (GroupReport) -> Cell) { rows.append([.text(label)] + outcomes.map { value($0.report) }) }
        func level(_ p: GroupPeriodResult) -> Cell {
            p.productivityExact.map(Cell.productivity) ?? p.productivity.map(Cell.approximateProductivity) ?? .text("-")
        }
        row(t("グループ労働生産性", "group productivity")) { level($0.period(period)) }
        row(t("同一構成員の事業実施前", "base, same members")) { r in r.period(period).baseProductivity.map(Cell.approximateProductivity) ?? .text("-") }
        row(t("年平均成長率 0.01%単位", "CAGR to 0.01%")) { r in r.period(period).cagrToHundredths.map(Cell.rateToHundredths) ?? .text("-") }
        row(t("年平均成長率（公式）", "CAGR (official)")) { r in r.period(period).cagrOfficial.map(Cell.rate) ?? .text("-") }
        row(t("目標", "target")) { .rate($0.threshold.rate) }
        row(t("判定", "verdict")) { .verdict(Self.verdict($0, period: period)) }
        row(basis == .plan ? t("公表リスク（計画どおりの場合）", "publication risk (if as planned)") : t("公表リスク（全体）", "publication risk (overall)")) {
            .text($0.publicationRisk(on: basis) ? t("あり", "yes") : t("なし", "none"))
        }
        let scenarios = ReportTable(
            id: "scenarios", title: t("シナリオ別の結果（労働生産性は円/時間）", "Result by scenario (productivity in yen/h)"),
            columns: [t("項目", "item")] + names, rows: rows,
            notes: [
                t(
                    "判定・年平均成長率は\(w.period(period))のもの（公式の値で判定、厳密に計算）。",
                    "verdict and growth are \(w.period(period))'s (decided exactly on the official rule).")
            ]
                + (w.basisNote(basis).map { [$0] } ?? []) + (w.withoutPlanNote(base.report.membersWithoutPlan(on: basis)).map { [$0] } ?? []))
        let memberRows: [[Cell]] = base.report.members.enumerated().map { i, m in
            [.text(m.member.id), .text(m.member.name)]
                + outcomes.map { o in o.report.members[i].actual[period].map { Cell.productivity($0.productivity) } ?? .text("-") }
        }
        let members = ReportTable(
            id: "members", title: t("事業者別の労働生産性（\(w.period(period))、円/時間）", "Member productivity (\(w.period(period)), yen/h)"),
            columns: ["ID", t("事業者名", "name")] + names, rows: memberRows)
        let changes = ReportTable(
            id: "changes", title: t("変更内容", "Changes"), columns: [t("シナリオ", "scenario"), t("変更", "change")],
            rows: outcomes.dropFirst().flatMap { o in o.scenario.adjustments.map { [.text(o.scenario.name), .text(w.adjustment($0))] } })
        return ReportDocument(heading: heading, tables: [scenarios, members, changes])
    }

    // MARK: target

    public func target(_ g: GoalSeek, grid: SensitivityGrid?) -> ReportDocument {
        let w = words
        let heading = t("目標の逆算", "Goal seeking") + aside(w.period(g.period), w.method(g.method), t("目標 ", "target ") + Percent.text(g.threshold.rate))
        var facts: [[Cell]] = []
        func fact(_ label: String, _ value: Cell) { facts.append([.text(label), value]) }
        // What year N needs of the group follows from the base year alone, so it is given even
        // when the year itself cannot be computed yet.
        func required() {
            if let required = g.requiredProductivity {
                fact(t("必要なグループ労働生産性（円/時間）", "required group productivity (yen/h)"), .productivity(required))
            } else if let approx = g.requiredProductivityApproximate {
                fact(t("必要なグループ労働生産性（円/時間、近似値）", "required group productivity (yen/h, approximate)"), .approximateProductivity(approx))
            }
        }
        if let why = g.notComputable {
            fact(t("算出不能", "cannot be computed"), .text(w.notComputable(why, period: g.period)))
            required()
            return ReportDocument(
                heading: heading,
                tables: [
                    ReportTable(
                        id: "summary", title: t("概要", "Summary"),
                        columns: [t("項目", "item"), t("値", "value")], rows: facts, layout: .facts,
                        notes: w.basisNote(g.basis).map { [$0] } ?? [])
                ])
        }
        fact(
            g.basis == .plan
                ? t("計画のグループ労働生産性（円/時間）", "planned group productivity (yen/h)")
                : t("現在のグループ労働生産性（円/時間）", "current group productivity (yen/h)"),
            g.currentProductivity.map(Cell.approximateProductivity) ?? .text("-"))
        fact(g.basis == .plan ? t("計画どおりの場合の判定", "verdict if the plan is met") : t("判定", "verdict"), .verdict(g.meetsNow))
        required()
        if g.meetsNow {
            fact(
                t("全員の付加価値額が一律に下がっても達成を保てる幅", "uniform fall in value added the group can absorb"),
                g.uniformValueAddedMargin.map(Cell.rateToHundredths) ?? .text("-"))
        } else {
            fact(
                t("全員の付加価値額を一律に増やす場合に必要な率", "uniform increase in every member's value added needed"),
                g.uniformValueAddedIncrease.map(Cell.rateToHundredths) ?? .text(t("不可能", "impossible")))
            fact(
                t("全員の労働時間を一律に減らす場合に必要な率", "uniform cut in every member's hours needed"),
                g.uniformHoursCut.map(Cell.rateToHundredths) ?? .text(t("不可能", "impossible")))
        }
        let summary = ReportTable(
            id: "summary", title: t("概要", "Summary"), columns: [t("項目", "item"), t("値", "value")], rows: facts,
            layout: .facts, notes: w.basisNote(g.basis).map { [$0] } ?? [])
        let members = ReportTable(
            id: "members",
            title: g.meetsNow
                ? t("事業者ごと（その事業者だけが変わる場合）に下がっても達成を保てる付加価値額", "Per member (only that member changes): value added it can lose and still meet")
                : t("事業者ごと（その事業者だけが変わる場合）に必要な付加価値額の増加（円未満切り上げ）", "Per member (only that member changes): value added needed, rounded up to the yen"),
            columns: ["ID", t("事業者名", "name"), t("円", "yen"), t("付加価値額比", "of VA"), t("備考", "note")],
            rows: g.members.map { a in
                [
                    .text(a.member.id), .text(a.member.name), a.yen.map { .yen(Rational($0)) } ?? .text(t("不可能", "impossible")),
                    a.shareOfValueAdded.map(Cell.approximateRate) ?? .empty,
                    .text(a.impossible.map { w.impossibility($0, period: g.period, basis: g.basis) } ?? ""),
                ]
            })
        var tables = [summary, members]
        if let grid {
            tables.append(
                ReportTable(
                    id: "grid",
                    title: t("感応度（公式の年平均成長率）: 行 = 付加価値額の変化、列 = 労働時間の変化", "Sensitivity (official CAGR): rows = value-added change, columns = hours change"),
                    columns: [t("付加価値額＼時間", "VA \\ hours")] + grid.hoursChanges.map { ($0 > 0 ? "+" : "") + "\($0)%" },
                    rows: zip(grid.valueAddedChanges, grid.cells).map { va, cells in
                        [.text((va > 0 ? "+" : "") + "\(va)%")] + cells.map { c in c.cagrOfficial.map { .rateMeeting($0, c.meets) } ?? .text("-") }
                    },
                    notes: [t("* は目標 \(Percent.text(grid.threshold.rate)) を達成", "* meets the \(Percent.text(grid.threshold.rate)) target")]))
        }
        return ReportDocument(heading: heading, tables: tables)
    }

    // MARK: explain

    public func explain(_ a: Attribution) -> ReportDocument {
        let w = words
        let logScale = a.method == .geometric
        let heading = t("寄与の内訳", "Contributions") + aside(w.period(a.period), w.method(a.method))
        let total =
            logScale
            ? t("各事業者の ln(LPᵢ(n)/LPᵢ(0))/N。合計は ln(向上率) = ", "each member's ln(LPᵢ(n)/LPᵢ(0))/N; they add up to ln(improvement ratio) = ")
                + (a.total.map { String(format: "%.5f", $0) } ?? "-")
            : t("各事業者の寄与の合計 = 向上率 − 1 = ", "contributions add up to improvement ratio − 1 = ") + (a.total.map { Percent.text($0, places: 2) } ?? "-")
        let contributions = ReportTable(
            id: "contributions", title: t("事業者ごとの寄与", "Contribution by member"),
            columns: ["#", "ID", t("事業者名", "name"), w.period(.base), w.period(a.period), t("寄与", "contribution"), ""],
            rows: a.shares.enumerated().map { i, s in
                [
                    .text("\(i + 1)"), .text(s.member.id), .text(s.member.name), .approximateProductivity(s.baseProductivity),
                    .approximateProductivity(s.yearProductivity),
                    logScale ? .logContribution(s.contribution) : .signedRate(s.contribution),
                    .text(s.contribution >= 0 ? t("押し上げ", "lifts") : t("押し下げ", "drags")),
                ]
            },
            notes: [total] + a.leftOut.map { "\($0.member.id) \($0.member.name): " + w.leftOut($0.reason, basis: a.basis) }
                + (w.basisNote(a.basis).map { [$0] } ?? []))
        var notes: [String] = []
        if a.methodsDisagree {
            notes.append(t("注意: 方法によって判定が異なります（公式は算術平均）", "note: the methods disagree on the verdict (the official one is the arithmetic mean)"))
        }
        let methods = ReportTable(
            id: "methods", title: t("方法別の判定", "Verdict by method"),
            columns: [t("方法", "method"), t("年平均成長率", "CAGR"), t("公式", "official"), t("判定", "verdict")],
            rows: a.methods.map { m in
                [.text(w.method(m.method)), m.cagr.map { .approximateRate($0) } ?? .text("-"), m.cagrOfficial.map(Cell.rate) ?? .text("-"), .verdict(m.meets)]
            },
            notes: notes)
        return ReportDocument(heading: heading, tables: [contributions, methods])
    }
}

/// JSON for whatif, target and explain (version 1 shapes, kept for users' scripts).
public struct ConsultingRenderer: Bilingual {
    public var language: Language

    public init(language: Language = .ja) {
        self.language = language
    }

    public func whatIfJSON(_ outcomes: [ScenarioOutcome], period: Period, basis: AnalysisBasis = .actuals) -> JSONOutput {
        let words = Words(language)
        let scenarios: [JSONDocuments.WhatIf.Scenario] = outcomes.map { o in
            let p = o.report.period(period)
            return .init(
                name: o.scenario.name,
                changes: o.scenario.adjustments.map { a in
                    .init(memberID: a.member, period: a.period?.rawValue, figure: a.figure.rawValue, change: words.operation(a.operation))
                },
                productivity: p.productivity, baseProductivity: p.baseProductivity, cagr: p.cagr, cagrOfficial: JSONNumber(p.cagrOfficial),
                threshold: JSONNumber(o.report.threshold.rate), meetsThreshold: p.meetsThreshold,
                verdict: (p.meetsThreshold.map { $0 ? Verdict.meets : .belowTarget } ?? .notComputable).rawValue,
                overallVerdict: o.report.verdict.rawValue, publicationRisk: o.report.publicationRisk(on: basis),
                members: o.report.members.map { m in .init(id: m.member.id, productivity: m.actual[period]?.productivity.doubleValue) })
        }
        return JSONOutput(
            JSONDocuments.WhatIf(
                period: period.rawValue, method: (outcomes.first?.report.method ?? .mean).rawValue, basis: basis.rawValue, scenarios: scenarios))
    }

    public func targetJSON(_ g: GoalSeek, grid: SensitivityGrid?) -> JSONOutput {
        let words = Words(language)
        return JSONOutput(
            JSONDocuments.Target(
                period: g.period.rawValue, method: g.method.rawValue, basis: g.basis.rawValue, threshold: JSONNumber(g.threshold.rate),
                meetsThreshold: g.meetsNow, currentProductivity: g.currentProductivity,
                requiredProductivity: g.requiredProductivity?.doubleValue ?? g.requiredProductivityApproximate,
                requiredProductivityIsApproximate: g.requiredProductivity == nil && g.requiredProductivityApproximate != nil,
                uniformValueAddedIncrease: JSONNumber(g.uniformValueAddedIncrease), uniformHoursCut: JSONNumber(g.uniformHoursCut),
                uniformValueAddedMargin: JSONNumber(g.uniformValueAddedMargin),
                notComputableReason: g.notComputable.map { words.notComputable($0, period: g.period) },
                members: g.members.map { a in
                    .init(
                        id: a.member.id, yen: a.yen.map { JSONNumber(text: String($0)) }, groupMeets: g.meetsNow, shareOfValueAdded: a.shareOfValueAdded,
                        impossible: a.impossible.map { words.impossibility($0, period: g.period, basis: g.basis) })
                },
                grid: grid.map { grid in
                    .init(
                        valueAddedChanges: grid.valueAddedChanges.map { JSONNumber(Rational($0) / Rational(100)) },
                        hoursChanges: grid.hoursChanges.map { JSONNumber(Rational($0) / Rational(100)) },
                        cagrOfficial: grid.cells.map { $0.map { JSONNumber($0.cagrOfficial) } }, meetsThreshold: grid.cells.map { $0.map(\.meets) })
                }))
    }

    public func explainJSON(_ a: Attribution) -> JSONOutput {
        JSONOutput(
            JSONDocuments.Explain(
                period: a.period.rawValue, method: a.method.rawValue, basis: a.basis.rawValue, total: a.total,
                contributions: a.shares.map { s in
                    .init(
                        id: s.member.id, name: s.member.name, baseProductivity: s.baseProductivity, productivity: s.yearProductivity,
                        contribution: s.contribution)
                },
                leftOut: a.leftOut.map { l in
                    switch l.reason {
                    case .notUsingTool: .init(id: l.member.id, name: l.member.name, reason: "not_using_tool", period: nil)
                    case .noFigures(let p): .init(id: l.member.id, name: l.member.name, reason: "no_figures", period: p.rawValue)
                    }
                },
                methods: a.methods.map { m in
                    .init(method: m.method.rawValue, cagr: m.cagr, cagrOfficial: JSONNumber(m.cagrOfficial), meetsThreshold: m.meets)
                },
                methodsDisagree: a.methodsDisagree))
    }
}
