import Foundation

/// Reads what-if scenarios: a CSV with the columns scenario (シナリオ), member_id (事業者ID; `*` or
/// 全員 for all), period (年度; `*` or 全年度 for all), figure (項目) and change (変更), or one-off
/// `--set` texts `MEMBER:PERIOD:FIGURE:CHANGE`. A change is `=2500000` (set), `+500000` / `-500000`
/// / `△500000` (add), `+10%` / `-3%` (percent) or `*1.05` (factor).
public enum ScenarioReader {
    public static func read(path: String) -> (scenarios: [Scenario], diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        guard let file = SourceTable.decodedRows(path: path, displayName: path, diagnostics: &diagnostics) else {
            return ([], diagnostics)
        }
        let aliases: [(key: String, names: [String])] = [
            ("scenario", ["scenario", "シナリオ", "シナリオ名"]), ("member", ["memberid", "事業者id", "id"]),
            ("period", ["period", "年度"]), ("figure", ["figure", "項目"]), ("change", ["change", "変更"]),
        ]
        guard let header = file.rows.first(where: { !$0.undecodable && $0.cells.contains { $0.text != nil } }) else {
            return ([], diagnostics + [missing("figure", path: path, line: 1), missing("change", path: path, line: 1)])
        }
        var index: [String: Int] = [:]
        for (i, cell) in header.cells.enumerated() {
            guard let text = cell.text else { continue }
            if let alias = aliases.first(where: { $0.names.contains(normalisedHeader(text)) }) { index[alias.key] = i }
        }
        let required = ["figure", "change"].filter { index[$0] == nil }
        if !required.isEmpty { return ([], diagnostics + required.map { missing($0, path: path, line: header.line) }) }

        var order: [String] = []
        var byName: [String: [Adjustment]] = [:]
        let defaultName = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        for row in file.rows where row.line > header.line && !row.undecodable && row.cells.contains(where: { $0.text != nil }) {
            func cell(_ key: String) -> (text: String?, location: SourceLocation) {
                let i = index[key]
                let text = i.flatMap { $0 < row.cells.count ? row.cells[$0].text : nil }
                return (text, SourceLocation(file: path, line: row.line, column: i.map { $0 + 1 }))
            }
            let name = cell("scenario").text ?? defaultName
            var errors: [Diagnostic] = []
            let adjustment = parse(
                member: cell("member").text, period: cell("period"), figure: cell("figure"),
                change: cell("change"), errors: &errors)
            diagnostics += errors
            guard let adjustment, errors.isEmpty else { continue }
            if byName[name] == nil { order.append(name) }
            byName[name, default: []].append(adjustment)
        }
        return (order.map { Scenario(name: $0, adjustments: byName[$0] ?? []) }, diagnostics)
    }

    /// Reads one `--set MEMBER:PERIOD:FIGURE:CHANGE`.
    public static func parseSet(_ text: String) -> (Adjustment?, [Diagnostic]) {
        let parts = text.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
        let location = SourceLocation(file: "--set", line: 0)
        guard parts.count == 4 else {
            return (
                nil,
                [
                    Diagnostic(
                        code: .scenarioBadChange, location: location, rawValue: text,
                        message: LocalizedText(
                            ja: "--set「\(text)」は 事業者ID:年度:項目:変更 の形ではありません",
                            en: "--set \"\(text)\" is not MEMBER:PERIOD:FIGURE:CHANGE"),
                        hint: LocalizedText(
                            ja: "例: --set 'M03:2:operating_profit:+10%'、--set '*:2:hours_per_employee:-3%'",
                            en: "e.g. --set 'M03:2:operating_profit:+10%' or --set '*:2:hours_per_employee:-3%'"))
                ]
            )
        }
        var errors: [Diagnostic] = []
        let adjustment = parse(
            member: parts[0], period: (parts[1], location), figure: (parts[2], location),
            change: (parts[3], location), errors: &errors)
        return (errors.isEmpty ? adjustment : nil, errors)
    }

    static func parse(
        member: String?, period: (text: String?, location: SourceLocation),
        figure: (text: String?, location: SourceLocation), change: (text: String?, location: SourceLocation),
        errors: inout [Diagnostic]
    ) -> Adjustment? {
        let everyone: Set<String> = ["*", "全員", "all", ""]
        let memberID = member.map(MemberIDs.fold)
        let who = memberID.flatMap { everyone.contains($0.lowercased()) ? nil : $0 }
        var when: Period?
        if let text = period.text?.trimmingWhitespace(), !["*", "全年度", "all", ""].contains(text.lowercased()) {
            when = Vocabulary.period.parse(text)
            if when == nil {
                errors.append(
                    Diagnostic(
                        code: .unknownValue, location: period.location, rawValue: text,
                        message: LocalizedText(ja: "「\(text)」は年度として解釈できません", en: "\"\(text)\" is not a valid period"),
                        hint: LocalizedText(
                            ja: "使える値: 事業実施前 / 1年度目 / 2年度目（0 / 1 / 2）、全年度は *",
                            en: "accepted values: 0 / 1 / 2, or * for every period")))
            }
        }
        let figureText = figure.text ?? ""
        let what = AdjustableFigure.parse(figureText)
        if what == nil {
            errors.append(
                Diagnostic(
                    code: .scenarioUnknownFigure, location: figure.location, rawValue: figureText,
                    message: LocalizedText(
                        ja: "項目「\(figureText)」は変更できる数値ではありません",
                        en: "\"\(figureText)\" is not a figure a scenario can change"),
                    hint: LocalizedText(
                        ja: "使える項目: 営業利益・人件費・減価償却費・従業員数・年間平均労働時間・付加価値額",
                        en: "figures: operating_profit, labour_cost, depreciation, headcount, hours_per_employee, value_added")))
        }
        let operation = parseChange(change.text ?? "", location: change.location, errors: &errors)
        guard let what, let operation, errors.isEmpty else { return nil }
        return Adjustment(member: who, period: when, figure: what, operation: operation, source: change.location)
    }

    /// `=N` set, `+N`/`-N`/`△N` add, `+P%`/`-P%` percent, `*F`/`×F` factor.
    static func parseChange(_ raw: String, location: SourceLocation, errors: inout [Diagnostic]) -> Operation? {
        let text = raw.precomposedStringWithCompatibilityMapping.trimmingWhitespace()
        func number(_ s: Substring) -> Rational? {
            if case .success(let v) = NumberParser.parse(String(s)) { return v }
            return nil
        }
        var result: Operation?
        if text.hasPrefix("=") {
            result = number(text.dropFirst()).map(Operation.set)
        } else if text.hasSuffix("%") {
            result = number(text.dropLast()).map { .scale(Rational.one + $0 / Rational(100)) }
        } else if text.hasPrefix("*") || text.hasPrefix("×") || text.hasPrefix("x") {
            result = number(text.dropFirst()).map(Operation.scale)
        } else if let first = text.first, "+-△▲".contains(first) {
            result = number(Substring(text)).map(Operation.add)
        }
        if result == nil {
            errors.append(
                Diagnostic(
                    code: .scenarioBadChange, location: location, rawValue: raw,
                    message: LocalizedText(ja: "変更「\(raw)」を解釈できません", en: "the change \"\(raw)\" is not understood"),
                    hint: LocalizedText(
                        ja: "=2500000（設定）、+500000 / -500000（加減）、+10% / -3%（率）、*1.05（倍率）のいずれかで書いてください",
                        en: "write =2500000 (set), +500000 / -500000 (add), +10% / -3% (percent) or *1.05 (factor)")))
        }
        return result
    }

    static func missing(_ key: String, path: String, line: Int) -> Diagnostic {
        let ja = ["figure": "項目", "change": "変更"][key] ?? key
        return Diagnostic(
            code: .missingColumn, location: SourceLocation(file: path, line: line),
            message: LocalizedText(ja: "シナリオの必須の列「\(ja)」（\(key)）がありません", en: "the scenario's required column \(key) (\(ja)) is missing"),
            hint: LocalizedText(ja: "見出し: シナリオ,事業者ID,年度,項目,変更", en: "headers: scenario,member_id,period,figure,change"))
    }
}
