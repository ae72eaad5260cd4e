/// A figure a scenario can change: the five inputs, or value added (changed through operating
/// profit, since 付加価値額 = 営業利益 + 人件費 + 減価償却費).
public enum AdjustableFigure: String, Sendable, CaseIterable {
    case operatingProfit = "operating_profit"
    case labourCost = "labour_cost"
    case depreciation
    case headcount
    case hoursPerEmployee = "hours_per_employee"
    case valueAdded = "value_added"

    public func name(_ language: Language) -> String {
        switch self {
        case .operatingProfit: language == .ja ? "営業利益" : "operating profit"
        case .labourCost: language == .ja ? "人件費" : "labour cost"
        case .depreciation: language == .ja ? "減価償却費" : "depreciation"
        case .headcount: language == .ja ? "従業員数" : "headcount"
        case .hoursPerEmployee: language == .ja ? "年間平均労働時間" : "hours per employee"
        case .valueAdded: language == .ja ? "付加価値額" : "value added"
        }
    }

    static func parse(_ text: String) -> AdjustableFigure? {
        let key = normalisedHeader(text)
        if let figure = AdjustableFigure.allCases.first(where: { normalisedHeader($0.rawValue) == key }) { return figure }
        switch key {
        case "営業利益": return .operatingProfit
        case "人件費": return .labourCost
        case "減価償却費": return .depreciation
        case "従業員数", "人数": return .headcount
        case "年間平均労働時間", "就業時間", "労働時間": return .hoursPerEmployee
        case "付加価値額", "付加価値": return .valueAdded
        default: return nil
        }
    }
}

/// How a figure changes.
public enum Operation: Sendable, Equatable {
    /// Set to this value.
    case set(Rational)
    /// Add this amount (negative to subtract).
    case add(Rational)
    /// Multiply by this factor (a percentage p is the factor 1 + p/100).
    case scale(Rational)

    func apply(_ value: Rational) -> Rational {
        switch self {
        case .set(let v): v
        case .add(let d): value + d
        case .scale(let f): value * f
        }
    }
}

/// One change: which members (nil = all), which periods (nil = all), which figure, how.
public struct Adjustment: Sendable, Equatable {
    public var member: MemberID?
    public var period: Period?
    public var figure: AdjustableFigure
    public var operation: Operation
    public var source: SourceLocation?

    public init(member: MemberID?, period: Period?, figure: AdjustableFigure, operation: Operation, source: SourceLocation? = nil) {
        self.member = member
        self.period = period
        self.figure = figure
        self.operation = operation
        self.source = source
    }
}

public struct Scenario: Sendable {
    public var name: String
    public var adjustments: [Adjustment]

    public init(name: String, adjustments: [Adjustment]) {
        self.name = name
        self.adjustments = adjustments
    }
}

extension Group {
    /// A copy of the group with the scenario's changes applied to the actual figures; the group's
    /// own files are never touched. Problems (a change that would make headcount or hours ≤ 0, or
    /// name a member that is not on the roster) are returned, and the change is not applied.
    public func applying(_ scenario: Scenario) -> (group: Group, problems: [Diagnostic]) {
        var copy = self
        var problems: [Diagnostic] = []
        let ids = Set(members.map(\.id))
        // Changes are made, and their problems listed, in roster order, then period: taken in the
        // dictionary's order, the problems of one scenario came out in a different order each run.
        let place = Dictionary(members.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let order = { (key: FigureKey) in (place[key.member] ?? Int.max, key.period.rawValue) }
        // The actual figures' keys by member, found once: filtered for every adjustment, a
        // scenario changing each member of a large group took time growing with the square.
        var actualKeys: [MemberID: [FigureKey]] = [:]
        for key in figures.keys where key.kind == .actual { actualKeys[key.member, default: []].append(key) }
        let allActual = actualKeys.values.joined()
        for adjustment in scenario.adjustments {
            if let member = adjustment.member, !ids.contains(member) {
                problems.append(
                    Diagnostic(
                        code: .scenarioUnknownMember, location: adjustment.source, rawValue: member,
                        message: LocalizedText(
                            ja: "シナリオ「\(scenario.name)」の事業者ID「\(member)」は名簿にありません",
                            en: "scenario \"\(scenario.name)\": member \"\(member)\" is not on the roster"),
                        hint: LocalizedText(ja: "事業者IDを確認してください（全員なら * ）", en: "check the member ID (* for all)")))
                continue
            }
            let candidates = adjustment.member.map { actualKeys[$0] ?? [] } ?? Array(allActual)
            let keys = candidates.filter { key in adjustment.period.map { $0 == key.period } ?? true }.sorted { order($0) < order($1) }
            for key in keys {
                guard var f = copy.figures[key] else { continue }
                switch adjustment.figure {
                case .operatingProfit: f.operatingProfit = adjustment.operation.apply(f.operatingProfit)
                case .labourCost: f.labourCost = adjustment.operation.apply(f.labourCost)
                case .depreciation: f.depreciation = adjustment.operation.apply(f.depreciation)
                case .headcount: f.headcount = adjustment.operation.apply(f.headcount)
                case .hoursPerEmployee: f.hoursPerEmployee = adjustment.operation.apply(f.hoursPerEmployee)
                case .valueAdded:
                    let before = Formulas.valueAdded(f)
                    f.operatingProfit = f.operatingProfit + adjustment.operation.apply(before) - before
                }
                if f.headcount.sign <= 0 || f.hoursPerEmployee.sign <= 0 {
                    problems.append(
                        Diagnostic(
                            code: .scenarioNotPositive, location: adjustment.source,
                            message: LocalizedText(
                                ja: "シナリオ「\(scenario.name)」: \(key.member) \(PeriodText.name(key.period, .ja))の従業員数・労働時間が 0 以下になります",
                                en:
                                    "scenario \"\(scenario.name)\": \(key.member) \(PeriodText.name(key.period, .en)) would have headcount or hours of 0 or less"
                            ),
                            hint: LocalizedText(ja: "変更の値を確認してください", en: "check the change")))
                    continue
                }
                if let limit = FigureLimits.check(f, decimals: false) {
                    problems.append(
                        Diagnostic(
                            code: .scenarioOutOfRange, location: adjustment.source,
                            message: LocalizedText(
                                ja: "シナリオ「\(scenario.name)」: \(key.member) \(PeriodText.name(key.period, .ja))の値が扱える範囲を超えます（\(limit.ja)）",
                                en:
                                    "scenario \"\(scenario.name)\": \(key.member) \(PeriodText.name(key.period, .en)) would leave the accepted range (\(limit.en))"
                            ),
                            hint: LocalizedText(ja: "変更の値を確認してください", en: "check the change")))
                    continue
                }
                copy.figures[key] = f
            }
        }
        return (copy, problems)
    }
}
