import GroupProductivity
import BigInt

/// One scenario's outcome for the what-if comparison.
public struct ScenarioOutcome: Sendable {
    public var scenario: Scenario
    public var report: GroupReport

    public init(scenario: Scenario, report: GroupReport) {
        self.scenario = scenario
        self.report = report
    }
}

/// Tables and JSON for whatif, target and explain, in Japanese or English.
public struct ConsultingRenderer: Bilingual {
    public var language: Language
    public var color: Bool

    public init(language: Language = .ja, color: Bool = false) {
        self.language = language
        self.color = color
    }

    /// "（a、b、c）" in Japanese, " (a, b, c)" in English.
    private func aside(_ parts: String...) -> String {
        language == .ja ? "（" + parts.joined(separator: "、") + "）" : " (" + parts.joined(separator: ", ") + ")"
    }
    private func paint(_ text: String, _ ok: Bool) -> String { color ? TerminalText.paint(text, ok ? "32" : "31") : text }
    private func met(_ value: Bool?) -> String {
        guard let value else { return t("算出不能", "n/a") }
        return paint(value ? t("達成", "met") : t("未達", "missed"), value)
    }
    private func percent(_ r: Rational?, places: Int = 1) -> String { r.map { Percent.text($0, places: places) } ?? "-" }
    private func percent(_ d: Double?, places: Int = 2) -> String { d.map { Percent.text($0, places: places) } ?? "-" }
    private func lp(_ d: Double?) -> String { d.map { NumberFormat.grouped($0, places: 1) } ?? "-" }

    // MARK: what-if

    public func whatIf(_ outcomes: [ScenarioOutcome], period: Period) -> String {
        guard let base = outcomes.first else { return "" }
        var out = [t("シナリオ比較", "Scenario comparison") + aside(PeriodText.name(period, language), Words(language).method(base.report.method))]
        let names = outcomes.map(\.scenario.name)
        var rows: [[String]] = []
        func row(_ label: String, _ value: (GroupReport) -> String) { rows.append([label] + outcomes.map { value($0.report) }) }
        row(t("グループ労働生産性（円/時間）", "group productivity (yen/h)")) { lp($0.period(period).productivity) }
        row(t("事業実施前（同一構成員）", "base, same members")) { lp($0.period(period).baseProductivity) }
        row(t("年平均成長率（厳密）", "CAGR (exact)")) { percent($0.period(period).cagr) }
        row(t("年平均成長率（公式・切捨て）", "CAGR (official, truncated)")) { percent($0.period(period).cagrOfficial) }
        row(t("目標", "target")) { Percent.text($0.threshold.rate) }
        row(t("判定", "verdict")) { met($0.period(period).meetsThreshold) }
        row(t("公表リスク", "publication risk")) { $0.publicationRisk ? t("あり", "yes") : t("なし", "none") }
        out += TextTable(header: [t("項目", "")] + names, rows: rows, rightFrom: 1).render()
        out.append("")
        out.append(t("事業者別の労働生産性（\(PeriodText.name(period, .ja))、円/時間）", "Member productivity (\(PeriodText.name(period, .en)), yen/h)"))
        var memberRows: [[String]] = []
        for (i, m) in base.report.members.enumerated() {
            memberRows.append([m.member.id, DisplayWidth.truncate(m.member.name, to: 20)]
                              + outcomes.map { lp($0.report.members[i].actual[period]?.productivity.doubleValue) })
        }
        out += TextTable(header: ["ID", t("事業者名", "name")] + names, rows: memberRows, rightFrom: 2).render()
        out.append("")
        out.append(t("変更内容:", "Changes:"))
        for o in outcomes.dropFirst() {
            out.append("  \(o.scenario.name): " + o.scenario.adjustments.map { Words(language).adjustment($0) }.joined(separator: "; "))
        }
        return out.joined(separator: "\n") + "\n"
    }

    public func whatIfJSON(_ outcomes: [ScenarioOutcome], period: Period) -> String {
        let items: [JSONValue] = outcomes.map { o in
            let p = o.report.period(period)
            return .object([
                ("name", .string(o.scenario.name)),
                ("changes", .array(o.scenario.adjustments.map { a in
                    .object([("member_id", a.member.map(JSONValue.string) ?? .null),
                             ("period", a.period.map { .number("\($0.rawValue)") } ?? .null),
                             ("figure", .string(a.figure.rawValue)), ("change", .string(Words(language).operation(a.operation)))])
                })),
                ("productivity", .double(p.productivity)), ("base_productivity", .double(p.baseProductivity)),
                ("cagr", .double(p.cagr)), ("cagr_official", .exact(p.cagrOfficial)),
                ("threshold", .exact(o.report.threshold.rate)),
                ("meets_threshold", p.meetsThreshold.map(JSONValue.bool) ?? .null),
                ("verdict", .string(o.report.verdict.rawValue)), ("publication_risk", .bool(o.report.publicationRisk)),
                ("members", .array(o.report.members.map { m in
                    .object([("id", .string(m.member.id)), ("productivity", .double(m.actual[period]?.productivity.doubleValue))])
                })),
            ])
        }
        return JSONValue.object([("schema_version", .number("1")), ("period", .number("\(period.rawValue)")),
                                 ("method", .string(outcomes.first?.report.method.rawValue ?? "mean")),
                                 ("scenarios", .array(items))]).serialized() + "\n"
    }

    // MARK: target

    public func target(_ g: GoalSeek, grid: SensitivityGrid?) -> String {
        var out = [t("目標の逆算", "Goal seeking") + aside(PeriodText.name(g.period, language), Words(language).method(g.method),
                                                          t("目標 ", "target ") + Percent.text(g.threshold.rate))]
        if let why = g.notComputable {
            out.append(Words(language).notComputable(why, period: g.period))
            return out.joined(separator: "\n") + "\n"
        }
        out.append(t("現在のグループ労働生産性: ", "current group productivity: ") + lp(g.currentProductivity)
                   + aside(t("判定: ", "verdict: ") + met(g.meetsNow)))
        if let required = g.requiredProductivity {
            out.append(t("必要なグループ労働生産性: ", "required group productivity: ") + NumberFormat.grouped(required, places: 2))
        }
        if g.meetsNow {
            out.append(t("全員の付加価値額が一律に下がっても達成を保てる幅: ", "uniform fall in value added the group can absorb: ")
                       + (g.uniformValueAddedMargin.map { "−" + Percent.text($0, places: 2) } ?? "-"))
        } else {
            out.append(t("全員の付加価値額を一律に増やす場合に必要な率: ", "uniform increase in every member's value added needed: ")
                       + (g.uniformValueAddedIncrease.map { "+" + Percent.text($0, places: 2) } ?? t("不可能", "impossible")))
            out.append(t("全員の労働時間を一律に減らす場合に必要な率: ", "uniform cut in every member's hours needed: ")
                       + (g.uniformHoursCut.map { "−" + Percent.text($0, places: 2) } ?? t("不可能", "impossible")))
        }
        out.append("")
        out.append(g.meetsNow
            ? t("事業者ごと（その事業者だけが変わる場合）に下がっても達成を保てる付加価値額:", "Per member (only that member changes): value added it can lose and still meet:")
            : t("事業者ごと（その事業者だけが変わる場合）に必要な付加価値額の増加（円未満切り上げ）:", "Per member (only that member changes): value added needed, rounded up to the yen:"))
        let rows = g.members.map { a -> [String] in
            [a.member.id, DisplayWidth.truncate(a.member.name, to: 20),
             a.yen.map { NumberFormat.group(String($0)) } ?? t("不可能", "impossible"),
             a.shareOfValueAdded.map { Percent.text($0, places: 1) } ?? "",
             a.impossible.map { Words(language).impossibility($0, period: g.period) } ?? ""]
        }
        out += TextTable(header: ["ID", t("事業者名", "name"), t("円", "yen"), t("付加価値額比", "of VA"), ""], rows: rows, rightFrom: 2).render()
        if let grid {
            out.append("")
            out += self.grid(grid)
        }
        return out.joined(separator: "\n") + "\n"
    }

    func grid(_ grid: SensitivityGrid) -> [String] {
        var out = [t("感応度（公式の年平均成長率。* は目標達成）: 行 = 付加価値額の変化、列 = 労働時間の変化",
                     "Sensitivity (official CAGR; * meets the target): rows = value-added change, columns = hours change")]
        let header = [t("付加価値額＼時間", "VA \\ hours")] + grid.hoursChanges.map { ($0 > 0 ? "+" : "") + "\($0)%" }
        let rows = zip(grid.valueAddedChanges, grid.cells).map { va, cells in
            [(va > 0 ? "+" : "") + "\(va)%"] + cells.map { c in percent(c.cagrOfficial) + (c.meets ? "*" : " ") }
        }
        out += TextTable(header: header, rows: rows, rightFrom: 1).render()
        return out
    }

    public func targetJSON(_ g: GoalSeek, grid: SensitivityGrid?) -> String {
        var pairs: [(String, JSONValue)] = [
            ("schema_version", .number("1")), ("period", .number("\(g.period.rawValue)")), ("method", .string(g.method.rawValue)),
            ("threshold", .exact(g.threshold.rate)), ("meets_threshold", .bool(g.meetsNow)),
            ("current_productivity", .double(g.currentProductivity)), ("required_productivity", .double(g.requiredProductivity?.doubleValue)),
            ("uniform_value_added_increase", .exact(g.uniformValueAddedIncrease)), ("uniform_hours_cut", .exact(g.uniformHoursCut)),
            ("uniform_value_added_margin", .exact(g.uniformValueAddedMargin)),
            ("not_computable_reason", g.notComputable.map { .string(Words(language).notComputable($0, period: g.period)) } ?? .null),
            ("members", .array(g.members.map { a in
                .object([("id", .string(a.member.id)),
                         (g.meetsNow ? "value_added_margin_yen" : "value_added_needed_yen", a.yen.map { .number(String($0)) } ?? .null),
                         ("share_of_value_added", .double(a.shareOfValueAdded)),
                         ("impossible", a.impossible.map { .string(Words(language).impossibility($0, period: g.period)) } ?? .null)])
            })),
        ]
        if let grid {
            pairs.append(("grid", .object([
                ("value_added_changes", .array(grid.valueAddedChanges.map { .exact(Rational($0) / Rational(100)) })),
                ("hours_changes", .array(grid.hoursChanges.map { .exact(Rational($0) / Rational(100)) })),
                ("cagr_official", .array(grid.cells.map { .array($0.map { .exact($0.cagrOfficial) }) })),
                ("meets_threshold", .array(grid.cells.map { .array($0.map { .bool($0.meets) }) })),
            ])))
        }
        return JSONValue.object(pairs).serialized() + "\n"
    }

    // MARK: explain

    public func explain(_ a: Attribution) -> String {
        let logScale = a.method == .geometric
        var out = [t("寄与の内訳", "Contributions") + aside(PeriodText.name(a.period, language), Words(language).method(a.method))]
        out.append(logScale
            ? t("各事業者の ln(LPᵢ(n)/LPᵢ(0))/N。合計は ln(向上率) = ", "each member's ln(LPᵢ(n)/LPᵢ(0))/N; they add up to ln(improvement ratio) = ")
                + (a.total.map { String(format: "%.5f", $0) } ?? "-")
            : t("各事業者の寄与の合計 = 向上率 − 1 = ", "contributions add up to improvement ratio − 1 = ") + percent(a.total))
        let rows = a.shares.enumerated().map { i, s -> [String] in
            ["\(i + 1)", s.member.id, DisplayWidth.truncate(s.member.name, to: 20), lp(s.baseProductivity), lp(s.yearProductivity),
             logScale ? String(format: "%+.5f", s.contribution) : (s.contribution >= 0 ? "+" : "") + percent(s.contribution),
             s.contribution >= 0 ? t("押し上げ", "lifts") : t("押し下げ", "drags")]
        }
        out += TextTable(header: ["#", "ID", t("事業者名", "name"), PeriodText.name(.base, language), PeriodText.name(a.period, language),
                                  t("寄与", "contribution"), ""], rows: rows, rightFrom: 3).render()
        out.append("")
        out.append(t("方法別の判定:", "Verdict by method:"))
        out += TextTable(header: [t("方法", "method"), t("年平均成長率", "CAGR"), t("公式", "official"), t("判定", "verdict")],
                         rows: a.methods.map { [Words(language).method($0.method), percent($0.cagr), percent($0.cagrOfficial), met($0.meets)] },
                         rightFrom: 1).render()
        if a.methodsDisagree {
            out.append(paint(t("注意: 方法によって判定が異なります（公式は算術平均）", "note: the methods disagree on the verdict (the official one is the arithmetic mean)"), false))
        }
        return out.joined(separator: "\n") + "\n"
    }

    public func explainJSON(_ a: Attribution) -> String {
        JSONValue.object([
            ("schema_version", .number("1")), ("period", .number("\(a.period.rawValue)")), ("method", .string(a.method.rawValue)),
            ("total", .double(a.total)),
            ("contributions", .array(a.shares.map { s in
                .object([("id", .string(s.member.id)), ("name", .string(s.member.name)),
                         ("base_productivity", .double(s.baseProductivity)), ("productivity", .double(s.yearProductivity)),
                         ("contribution", .double(s.contribution))])
            })),
            ("methods", .array(a.methods.map { m in
                .object([("method", .string(m.method.rawValue)), ("cagr", .double(m.cagr)), ("cagr_official", .exact(m.cagrOfficial)),
                         ("meets_threshold", m.meets.map(JSONValue.bool) ?? .null)])
            })),
            ("methods_disagree", .bool(a.methodsDisagree)),
        ]).serialized() + "\n"
    }
}
