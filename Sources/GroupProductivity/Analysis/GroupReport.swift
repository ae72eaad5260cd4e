import Foundation

/// How the group's productivity is formed from the members'.
public enum GroupMethod: String, Sendable, CaseIterable {
    /// Arithmetic mean of the members' productivities: 公募要領 §6-3 and the calculator's `AVERAGE`.
    case mean
    /// Geometric mean (幾何平均), as 公募要領 §2-2-1(5)(オ)二 words it.
    case geometric
    /// Σ付加価値額 ÷ Σ労働時間: the group as one business (analysis only).
    case pooled

    public func name(_ language: Language) -> String {
        switch (self, language) {
        case (.mean, .ja): "算術平均（公募要領 §6-3・公式計算ツール）"
        case (.geometric, .ja): "幾何平均（公募要領 §2-2-1(5)(オ)二）"
        case (.pooled, .ja): "合算（Σ付加価値額 ÷ Σ労働時間、分析用）"
        case (.mean, .en): "arithmetic mean (guidelines §6-3, official calculator)"
        case (.geometric, .en): "geometric mean (guidelines §2-2-1(5)(オ)二)"
        case (.pooled, .en): "pooled (Σ value added ÷ Σ labour hours, analysis only)"
        }
    }
}

/// One member's derived figures for one period.
public struct MemberPeriodResult: Sendable {
    public var period: Period
    public var figures: Figures
    public var valueAdded: Rational
    public var labourHours: Rational
    public var productivity: Rational
    /// LP(p) ÷ LP(p−1) − 1; nil for the base, when the previous period is missing, or LP(p−1) ≤ 0.
    public var yoyGrowth: Double?
    /// (LP(p) ÷ LP(0))^(1/p) − 1; nil for the base, without a base, or when the ratio is not positive.
    public var cagr: Double?
}

public struct MemberResult: Sendable {
    public var member: Member
    public var inCalculation: Bool
    public var actual: [Period: MemberPeriodResult]
    public var target: [Period: MemberPeriodResult]
}

/// The group figure for one period. For a report year it is formed over the members that have
/// actuals for both the base and that year, and `baseProductivity` over the same members.
public struct GroupPeriodResult: Sendable {
    public var period: Period
    /// Whether this period's effect report is due: the base always, a year when it or a later year
    /// has actuals from any member in the calculation.
    public var reported: Bool
    public var membersInCalculation: [MemberID]
    /// Exact group productivity (arithmetic mean and pooled; the geometric mean is irrational).
    public var productivityExact: Rational?
    public var productivity: Double?
    public var baseProductivity: Double?
    public var improvementRatio: Double?
    public var growth: Growth?
    public var cagr: Double?
    /// `ROUNDDOWN(CAGR, 3)`, exactly.
    public var cagrOfficial: Rational?
    /// Decided exactly on `growth`, never on a rounded or floating-point value.
    public var meetsThreshold: Bool?
    public var notComputable: LocalizedText?
}

public enum RiskCode: String, Sendable {
    /// The latest reported year's official CAGR is below the target.
    case cagrBelowThreshold = "cagr_below_threshold"
    /// A member in the calculation lacks actuals for the base or a reported year.
    case missingReport = "missing_report"
    /// A ratio cannot be formed.
    case notComputable = "not_computable"
}

/// A reason the secretariat may publish the group's name (公表), with who and when.
public struct Risk: Sendable {
    public var code: RiskCode
    public var period: Period?
    public var memberID: MemberID?
    public var message: LocalizedText
}

public enum Verdict: String, Sendable {
    case meets
    case belowTarget = "below_target"
    case notComputable = "not_computable"
    case notYetReported = "not_yet_reported"
}

/// The whole report: computed once, rendered by each output format.
public struct GroupReport: Sendable {
    public var groupName: String
    public var method: GroupMethod
    public var threshold: Threshold
    public var members: [MemberResult]
    /// Base, year 1 and year 2, in that order.
    public var periods: [GroupPeriodResult]
    public var latestReportedPeriod: Period?
    public var verdict: Verdict
    public var risks: [Risk]
    /// Facts worth knowing that are not publication risks.
    public var notes: [LocalizedText]
    /// True when any risk stands: the group may be published (公表).
    public var publicationRisk: Bool { !risks.isEmpty }

    public func period(_ p: Period) -> GroupPeriodResult { periods[p.rawValue] }
}

extension GroupReport {
    public init(group: Group, method: GroupMethod = .mean) {
        groupName = group.name
        self.method = method
        threshold = Threshold(members: group.members)
        members = group.members.map { MemberResult(member: $0, group: group) }
        var risks: [Risk] = []
        var notes: [LocalizedText] = []
        let inCalculation = members.filter(\.inCalculation)
        for excluded in members where !excluded.inCalculation {
            notes.append(LocalizedText(
                ja: "代表事業者「\(excluded.member.id) \(excluded.member.name)」は ITツールを利用しないため計算に含めません（公募要領 §6-3）",
                en: "representative \"\(excluded.member.id) \(excluded.member.name)\" does not use the IT tool and is left out of the calculation (guidelines §6-3)"))
        }

        let reportedYears = Period.reportYears.filter { year in inCalculation.contains { $0.actual[year] != nil } }
        let latest = reportedYears.last
        latestReportedPeriod = latest
        // Every year up to the latest one reported is due: a year-2 report without year 1 lacks year 1.
        let dueYears = Period.reportYears.filter { year in latest.map { year <= $0 } ?? false }
        for member in inCalculation {
            for period in [Period.base] + dueYears where member.actual[period] == nil {
                risks.append(Risk(
                    code: .missingReport, period: period, memberID: member.member.id,
                    message: LocalizedText(
                        ja: "「\(member.member.id) \(member.member.name)」の\(PeriodText.name(period, .ja))の実績値がありません（効果報告未提出は公表の対象。\(period == .base ? "各年度" : PeriodText.name(period, .ja) + "")の計算から除外）",
                        en: "\(member.member.id) \(member.member.name) has no actuals for \(PeriodText.name(period, .en)) (a missing effect report leads to publication; left out of \(period == .base ? "every year's" : PeriodText.name(period, .en) + "'s") ratio)")))
            }
            if let base = member.actual[.base], base.valueAdded.sign <= 0 {
                notes.append(LocalizedText(
                    ja: "「\(member.member.id) \(member.member.name)」は事業実施前の付加価値額が 0 以下のため、事業者単位の成長率は算出できません",
                    en: "\(member.member.id) \(member.member.name) has base value added ≤ 0, so its own growth rate cannot be computed"))
            }
        }

        var periods: [GroupPeriodResult] = []
        let baseMembers = inCalculation.compactMap { $0.actual[.base] }
        periods.append(GroupReport.level(.base, baseMembers, method: method, ids: inCalculation.filter { $0.actual[.base] != nil }.map(\.member.id)))
        for year in Period.reportYears {
            let matched = inCalculation.filter { $0.actual[.base] != nil && $0.actual[year] != nil }
            var result = GroupReport.level(year, matched.compactMap { $0.actual[year] }, method: method, ids: matched.map(\.member.id))
            result.reported = dueYears.contains(year)
            if result.reported {
                GroupReport.growth(&result, base: matched.compactMap { $0.actual[.base] },
                                   year: matched.compactMap { $0.actual[year] }, method: method, threshold: threshold)
            }
            periods.append(result)
        }
        self.periods = periods

        var verdict = Verdict.notYetReported
        if let latest {
            let result = periods[latest.rawValue]
            if let why = result.notComputable {
                verdict = .notComputable
                risks.append(Risk(code: .notComputable, period: latest, memberID: nil, message: why))
            } else if result.meetsThreshold == true {
                verdict = .meets
            } else if let official = result.cagrOfficial {
                verdict = .belowTarget
                let stage = latest == .year2
                    ? LocalizedText(ja: "事業計画期間の結果", en: "the plan-period result")
                    : LocalizedText(ja: "早期警告: 2年度目で判定", en: "early warning: year 2 decides")
                risks.append(Risk(
                    code: .cagrBelowThreshold, period: latest, memberID: nil,
                    message: LocalizedText(
                        ja: "\(PeriodText.name(latest, .ja))の年平均成長率 \(Percent.text(official)) が目標 \(Percent.text(threshold.rate)) に届きません（\(stage.ja)）",
                        en: "\(PeriodText.name(latest, .en)) annual average growth \(Percent.text(official)) is below the \(Percent.text(threshold.rate)) target (\(stage.en))")))
            }
            if latest == .year2, periods[1].reported, periods[1].meetsThreshold == false {
                notes.append(LocalizedText(ja: "1年度目は目標未達でしたが、判定は2年度目の結果によります",
                                           en: "year 1 was below the target; the verdict rests on year 2"))
            }
        }
        self.verdict = verdict
        self.risks = risks
        self.notes = notes
    }

    /// The group's productivity over `figures` for one period (no growth yet).
    static func level(_ period: Period, _ rows: [MemberPeriodResult], method: GroupMethod, ids: [MemberID]) -> GroupPeriodResult {
        var result = GroupPeriodResult(period: period, reported: !rows.isEmpty, membersInCalculation: ids)
        guard !rows.isEmpty else { return result }
        switch method {
        case .mean:
            // 補助事業グループの労働生産性 = Σ LPᵢ ÷ N (公募要領 §6-3; calculator `AVERAGE`).
            let exact = Rational.sum(rows.map(\.productivity)) / Rational(rows.count)
            result.productivityExact = exact
            result.productivity = exact.doubleValue
        case .pooled:
            // Σ付加価値額 ÷ Σ(従業員数 × 年間平均労働時間).
            let exact = Rational.sum(rows.map(\.valueAdded)) / Rational.sum(rows.map(\.labourHours))
            result.productivityExact = exact
            result.productivity = exact.doubleValue
        case .geometric:
            // (Π LPᵢ)^(1/N) (公募要領 §2-2-1(5)(オ)二); defined only when every LPᵢ > 0.
            if rows.allSatisfy({ $0.productivity.sign > 0 }) {
                result.productivity = exp(rows.reduce(0.0) { $0 + $1.productivity.naturalLog } / Double(rows.count))
            }
        }
        return result
    }

    /// Improvement ratio, CAGR (exact and official) and the verdict for one report year.
    static func growth(_ result: inout GroupPeriodResult, base: [MemberPeriodResult], year: [MemberPeriodResult],
                       method: GroupMethod, threshold: Threshold) {
        let years = result.period.rawValue
        let name = (ja: PeriodText.name(result.period, .ja), en: PeriodText.name(result.period, .en))
        guard !base.isEmpty else {
            result.notComputable = LocalizedText(
                ja: "\(name.ja): 事業実施前と\(name.ja)の両方の実績値がある構成員がいないため、成長率を算出できません",
                en: "\(name.en): no member has actuals for both the base and \(name.en); the growth rate cannot be computed")
            return
        }
        let baseLevel = level(.base, base, method: method, ids: result.membersInCalculation)
        result.baseProductivity = baseLevel.productivity
        switch method {
        case .mean, .pooled:
            guard let b = baseLevel.productivityExact, let n = result.productivityExact else { return }
            if b.sign <= 0 {
                result.notComputable = LocalizedText(
                    ja: "\(name.ja): 事業実施前のグループの労働生産性（付加価値額）が 0 以下のため、向上率を算出できません",
                    en: "\(name.en): the group's base productivity (value added) is 0 or less; no ratio can be formed")
                return
            }
            if n.sign <= 0 {
                result.notComputable = LocalizedText(
                    ja: "\(name.ja): グループの労働生産性が 0 以下のため成長率を算出できません（目標未達）",
                    en: "\(name.en): the group's productivity is 0 or less; no growth rate (the target is not met)")
                result.meetsThreshold = false
                return
            }
            result.growth = Growth(power: n / b, root: years)
        case .geometric:
            let who = zip(result.membersInCalculation, zip(base, year))
                .filter { $1.0.productivity.sign <= 0 || $1.1.productivity.sign <= 0 }.map(\.0)
            if !who.isEmpty {
                let list = who.joined(separator: ", ")
                result.notComputable = LocalizedText(
                    ja: "\(name.ja): 付加価値額が 0 以下の構成員（\(list)）がいるため、幾何平均を算出できません",
                    en: "\(name.en): members with value added of 0 or less (\(list)); the geometric mean is undefined")
                return
            }
            let product = Rational.product(zip(base, year).map { $0.1.productivity / $0.0.productivity })
            result.growth = Growth(power: product, root: years * base.count)
        }
        guard let growth = result.growth else { return }
        result.improvementRatio = growth.improvementRatio(years: years)
        result.cagr = growth.cagr
        result.cagrOfficial = growth.official
        result.meetsThreshold = growth.meets(threshold.rate)
    }
}

extension MemberResult {
    init(member: Member, group: Group) {
        self.member = member
        inCalculation = member.inCalculation
        func results(_ kind: ValueKind) -> [Period: MemberPeriodResult] {
            var out: [Period: MemberPeriodResult] = [:]
            for period in Period.allCases {
                guard let f = group.figures(member.id, period, kind) else { continue }
                out[period] = MemberPeriodResult(
                    period: period, figures: f, valueAdded: Formulas.valueAdded(f), labourHours: Formulas.labourHours(f),
                    productivity: Formulas.labourProductivity(f))
            }
            // Growth is measured against the actual base (and the previous year's actual).
            let actualBase = kind == .actual ? out[.base] : group.figures(member.id, .base, .actual).map {
                MemberPeriodResult(period: .base, figures: $0, valueAdded: Formulas.valueAdded($0),
                                   labourHours: Formulas.labourHours($0), productivity: Formulas.labourProductivity($0))
            }
            for period in Period.reportYears {
                guard var r = out[period] else { continue }
                if let previous = period == .year1 ? actualBase : (kind == .actual ? out[.year1] : nil),
                   previous.productivity.sign > 0 {
                    r.yoyGrowth = (r.productivity / previous.productivity).doubleValue - 1
                }
                if let base = actualBase, base.productivity.sign > 0, r.productivity.sign > 0 {
                    r.cagr = Growth(power: r.productivity / base.productivity, root: period.rawValue).cagr
                }
                out[period] = r
            }
            return out
        }
        actual = results(.actual)
        target = results(.target)
    }
}

/// Percent text for rates: 0.056 → "5.6%".
public enum Percent {
    public static func text(_ rate: Rational, places: Int = 1) -> String {
        (rate * Rational(100)).decimalString(places: places) + "%"
    }
    public static func text(_ rate: Double, places: Int = 1) -> String {
        String(format: "%.\(places)f%%", rate * 100)
    }
}
