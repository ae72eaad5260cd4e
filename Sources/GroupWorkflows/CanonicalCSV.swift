import CSVCodec
import GroupPresentation
import GroupProductivity

/// The group in the tool's own CSV form: Japanese headers, plain numbers (`-1234`, no `△` and no
/// thousands separators, so Excel computes with them), CRLF. Reading it back gives the same figures.
public enum CanonicalCSV {
    public static func roster(_ group: Group) -> String {
        var writer = CSVWriter()
        writer.row([Column.memberID, .name, .role, .priorGrant, .usesITTool].map(\.japaneseName))
        for m in group.members {
            writer.row([
                FormulaInjection.neutralise(m.id), FormulaInjection.neutralise(m.name), m.role == .representative ? "代表事業者" : "参画事業者",
                m.priorGrant ? "あり" : "なし", m.usesITTool ? "あり" : "なし",
            ])
        }
        return writer.text
    }

    /// Figure rows in roster order, then period, actual before target.
    /// - Parameters:
    ///   - unit: the money unit written in the headers; values are divided exactly.
    ///   - sources: a provenance cell per row (取込元), when given.
    public static func figures(
        _ group: Group, unit: MoneyUnit = .yen, keys: [FigureKey]? = nil,
        sources: [FigureKey: String] = [:]
    ) -> String {
        var writer = CSVWriter()
        writer.row(header(unit: unit, withSource: !sources.isEmpty))
        let names = Dictionary(group.members.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        for key in keys ?? orderedKeys(group) {
            guard let f = group.figures[key] else { continue }
            var cells = [
                FormulaInjection.neutralise(key.member), FormulaInjection.neutralise(names[key.member] ?? ""),
                PeriodText.name(key.period, .ja), kindName(key.kind),
            ]
            cells += [f.operatingProfit, f.labourCost, f.depreciation].map { number($0 / Rational(unit.rawValue)) }
            cells += [number(f.headcount), number(f.hoursPerEmployee), FormulaInjection.neutralise(f.shortfallReason ?? "")]
            if !sources.isEmpty { cells.append(sources[key] ?? "") }
            writer.row(cells)
        }
        return writer.text
    }

    public static func orderedKeys(_ group: Group) -> [FigureKey] {
        group.members.flatMap { m in
            Period.allCases.flatMap { p in ValueKind.allCases.map { FigureKey(member: m.id, period: p, kind: $0) } }
        }.filter { group.figures[$0] != nil }
    }

    static func header(unit: MoneyUnit, withSource: Bool) -> [String] {
        var cells = [Column.memberID, .name, .period, .kind].map(\.japaneseName)
        cells += [Column.operatingProfit, .labourCost, .depreciation].map { "\($0.japaneseName)(\(unit.label))" }
        cells += [Column.headcount, .hoursPerEmployee, .shortfallReason].map(\.japaneseName)
        if withSource { cells.append(sourceHeader) }
        return cells
    }

    /// 取込元: which returned file and line a collected row came from.
    static let sourceHeader = "取込元"

    static func kindName(_ kind: ValueKind) -> String { kind == .actual ? "実績" : "目標" }

    /// Exact decimal text; inputs are decimals scaled by powers of ten, so it always terminates.
    static func number(_ value: Rational) -> String {
        value.terminatingDecimal ?? value.decimalString(places: 12)
    }

    /// The blank form a representative emails to one member: a note row, the header, and rows for
    /// the base, years 1 and 2 (actual) and years 1 and 2 (target), prefilled with what the group holds.
    public static func template(for member: Member, group: Group, unit: MoneyUnit = .yen) -> String {
        var writer = CSVWriter()
        writer.row([
            GroupLoader.noteMark + " 記入のお願い: 金額は\(unit.label)で記入してください（単位を変える場合は見出しを「営業利益(千円)」のように変えてください）。"
                + "負の値は - か △ を付けます。年間平均労働時間は従業員1人当たりの年間の時間です。"
                + "実績が目標に届かない年度は未達理由を記入してください。"
        ])
        writer.row(header(unit: unit, withSource: false))
        let slots: [(Period, ValueKind)] = [(.base, .actual), (.year1, .actual), (.year2, .actual), (.year1, .target), (.year2, .target)]
        for (period, kind) in slots {
            var cells = [FormulaInjection.neutralise(member.id), FormulaInjection.neutralise(member.name), PeriodText.name(period, .ja), kindName(kind)]
            if let f = group.figures(member.id, period, kind) {
                let scale = Rational(unit.rawValue)
                cells += [f.operatingProfit / scale, f.labourCost / scale, f.depreciation / scale, f.headcount, f.hoursPerEmployee].map(number)
                cells.append(FormulaInjection.neutralise(f.shortfallReason ?? ""))
            } else {
                cells += Array(repeating: "", count: 6)
            }
            writer.row(cells)
        }
        return writer.text
    }
}
