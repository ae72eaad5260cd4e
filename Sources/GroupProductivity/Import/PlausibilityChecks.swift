/// Warnings on figures that are valid but look like a mistake a person should check.
public enum PlausibilityChecks {
    /// Typical yearly hours per employee are 1,600–2,200; outside 1,000–3,000 a monthly figure or a
    /// total for all staff was probably entered.
    static let plausibleHours = Rational(1_000)...Rational(3_000)
    /// Yearly labour cost per employee below ¥10,000 suggests 千円 figures in a yen column; above
    /// ¥100,000,000 suggests yen figures in a 千円 (or 百万円) column.
    static let plausibleLabourCostPerHead = Rational(10_000)...Rational(100_000_000)

    public static func warnings(_ group: Group, units: [String: (unit: MoneyUnit, column: Int)] = [:]) -> [Diagnostic] {
        // Rows in (member, kind, period) order. Each member's figures are gathered once and the
        // checks read them from there: sorting every key and looking up the previous year and the
        // target again for each row cost more than a third of the checking. Only the members that
        // raised a warning are put in ID order (most groups raise none).
        var raised: [(member: MemberID, warnings: [Diagnostic])] = []
        func check(_ member: MemberID, _ figures: MemberFigures) {
            var out: [Diagnostic] = []
            for kind in kindOrder {
                for period in Period.allCases {
                    guard let f = figures[period, kind] else { continue }
                    let key = FigureKey(member: member, period: period, kind: kind)
                    let previous: Figures? =
                        switch period {
                        case .base: nil
                        case .year1: figures[.base, .actual]
                        case .year2: figures[.year1, .actual]
                        }
                    let goal = kind == .actual && period != .base ? figures[period, .target] : nil
                    Self.check(key, f, previous: previous, target: goal, units: units, into: &out)
                }
            }
            if !out.isEmpty { raised.append((member, out)) }
        }
        if let byRoster = group.figuresByRoster() {
            for (member, figures) in zip(group.members, byRoster) { check(member.id, figures) }
        } else {
            for (member, figures) in group.figuresByMember() { check(member, figures) }
        }
        return raised.sorted { $0.member < $1.member }.flatMap(\.warnings)
    }

    /// Kinds in the order of their names, as the warnings have always been listed.
    static let kindOrder = ValueKind.allCases.sorted { $0.rawValue < $1.rawValue }

    /// The warnings of one row: `previous` is the member's actual figures of the year before
    /// (nil for the base), `target` its target for the same year (actual rows of a report year only).
    private static func check(
        _ key: FigureKey, _ f: Figures, previous: Figures?, target: Figures?,
        units: [String: (unit: MoneyUnit, column: Int)], into out: inout [Diagnostic]
    ) {
        // The words are built only for a row that raises a warning.
        var what: LocalizedText {
            LocalizedText(
                ja: "事業者「\(key.member)」\(PeriodText.name(key.period, .ja))\(key.kind == .actual ? "実績" : "目標")",
                en: "member \"\(key.member)\" \(PeriodText.name(key.period, .en)) \(key.kind.rawValue)")
        }
        if !plausibleHours.contains(f.hoursPerEmployee) {
            out.append(
                Diagnostic(
                    code: .hoursUnusual, location: f.source,
                    rawValue: f.hoursPerEmployee.description,
                    message: LocalizedText(
                        ja: "\(what.ja)の年間平均労働時間 \(f.hoursPerEmployee) 時間は通常（1,000〜3,000 時間）の範囲外です",
                        en: "\(what.en): \(f.hoursPerEmployee) hours per employee per year is outside the usual 1,000–3,000"),
                    hint: LocalizedText(
                        ja: "月間の時間や全従業員の合計を入力していないか確認してください",
                        en: "check that it is not a monthly figure or a total for all staff")))
        }
        let perHead = f.labourCost / f.headcount
        if f.labourCost.sign > 0 && !plausibleLabourCostPerHead.contains(perHead) {
            let small = perHead < plausibleLabourCostPerHead.lowerBound
            let unit = units[f.source.file]
            var location = f.source
            location.column = unit?.column
            out.append(
                Diagnostic(
                    code: .unitSuspect, location: location,
                    rawValue: f.labourCost.description,
                    message: small
                        ? LocalizedText(
                            ja: "\(what.ja)の人件費が従業員1人当たり \(NumberFormat.grouped(perHead, places: 0)) 円と小さすぎます。千円単位の値を円の列に入力していませんか",
                            en:
                                "\(what.en): labour cost of \(NumberFormat.grouped(perHead, places: 0)) yen per employee is very small; were 千円 figures entered in a yen column?"
                        )
                        : LocalizedText(
                            ja: "\(what.ja)の人件費が従業員1人当たり \(NumberFormat.grouped(perHead, places: 0)) 円と大きすぎます。円の値を\(unit?.unit.label ?? "千円")の列に入力していませんか",
                            en:
                                "\(what.en): labour cost of \(NumberFormat.grouped(perHead, places: 0)) yen per employee is very large; were yen figures entered in a \(unit?.unit.label ?? "千円") column?"
                        ),
                    hint: LocalizedText(
                        ja: "見出しの単位（円・千円・百万円）と値の桁を確認してください",
                        en: "check the unit in the header (円, 千円, 百万円) against the figures")))
        }
        if let previous {
            largeChange(LocalizedText(ja: "従業員数", en: "headcount"), from: previous.headcount, to: f.headcount)
            largeChange(LocalizedText(ja: "付加価値額", en: "value added"), from: Formulas.valueAdded(previous), to: Formulas.valueAdded(f))
        }
        /// Changed by more than half: after < before / 2, or after > before × 3/2.
        func largeChange(_ name: LocalizedText, from before: Rational, to after: Rational) {
            guard before.sign > 0, after + after < before || before + before + before < after + after else { return }
            out.append(
                Diagnostic(
                    code: .largeChange, location: f.source,
                    message: LocalizedText(
                        ja:
                            "\(what.ja)の\(name.ja)が前年度の \(NumberFormat.grouped(before, places: 0)) から \(NumberFormat.grouped(after, places: 0)) へ半分以上変わっています",
                        en:
                            "\(what.en): \(name.en) changed by more than half, from \(NumberFormat.grouped(before, places: 0)) to \(NumberFormat.grouped(after, places: 0))"
                    ),
                    hint: LocalizedText(ja: "入力の誤り（桁・単位）でないか確認してください", en: "check for a typing or unit mistake")))
        }
        if f.shortfallReason == nil, let target, Formulas.labourProductivity(f) < Formulas.labourProductivity(target) {
            out.append(
                Diagnostic(
                    code: .shortfallReasonMissing, location: f.source,
                    message: LocalizedText(
                        ja:
                            "\(what.ja)の労働生産性 \(NumberFormat.grouped(Formulas.labourProductivity(f), places: 1)) が目標 \(NumberFormat.grouped(Formulas.labourProductivity(target), places: 1)) を下回っていますが、未達理由がありません",
                        en:
                            "\(what.en): productivity \(NumberFormat.grouped(Formulas.labourProductivity(f), places: 1)) is below its target \(NumberFormat.grouped(Formulas.labourProductivity(target), places: 1)) and no shortfall reason is given"
                    ),
                    hint: LocalizedText(
                        ja: "効果報告では計画数値未達の要因の記載が必要です。未達理由の列に記入してください",
                        en: "the effect report requires a reason (計画数値未達の要因): fill in the shortfall_reason column")))
        }
    }
}
