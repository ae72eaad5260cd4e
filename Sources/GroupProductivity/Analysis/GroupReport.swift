import BigInt
import Foundation

/// How the group's productivity is formed from the members'.
public enum GroupMethod: String, Sendable, CaseIterable {
    /// Arithmetic mean of the members' productivities: 公募要領 §6-3 and the calculator's `AVERAGE`.
    case mean
    /// Geometric mean (幾何平均), as 公募要領 §2-2-1(5)(オ)二 words it.
    case geometric
    /// Σ付加価値額 ÷ Σ労働時間: the group as one business (analysis only).
    case pooled

}

/// One member's derived figures for one period.
public struct MemberPeriodResult: Sendable {
    public var period: Period
    public var figures: Figures
    /// 付加価値額, worked out from `figures` when asked: a large group holds a result per member
    /// and period, and most readers want the productivity only.
    public var valueAdded: Rational { Formulas.valueAdded(figures) }
    /// 労働時間 (従業員数 × 年間平均労働時間), from `figures` when asked.
    public var labourHours: Rational { Formulas.labourHours(figures) }
    public var productivity: Rational
    /// LP(p) ÷ LP(p−1) − 1; nil for the base, when the previous period is missing, or LP(p−1) ≤ 0.
    public var yoyGrowth: Double?
    /// (LP(p) ÷ LP(0))^(1/p) − 1; nil for the base, without a base, or when the ratio is not positive.
    public var cagr: Double?

    /// The productivity of `figures` (公募要領 §6-3), with no growth yet.
    init(period: Period, figures: Figures) {
        self.init(period: period, figures: figures, productivity: Formulas.labourProductivity(figures))
    }

    /// `productivity` must be `Formulas.labourProductivity(figures)`, worked out before.
    init(period: Period, figures: Figures, productivity: Rational) {
        self.period = period
        self.figures = figures
        self.productivity = productivity
    }
}

public struct MemberResult: Sendable {
    public var member: Member
    public var inCalculation: Bool
    public var actual: PeriodResults
    public var target: PeriodResults
}

/// A report's members' results in roster order, each worked out from the member's figures when
/// read (`MemberResult(member:figures:growth:)`), so that a large group's report holds its figures
/// once and not a result per member and period beside them. Reading one twice works it out twice.
public struct MemberResults: RandomAccessCollection, Sendable {
    /// The group's roster, as the results name it.
    public let roster: [Member]
    /// Each member's figures, by its place in `roster`.
    let figures: RosterFigures
    /// Whether each result has its year-on-year growth and CAGRs (`GroupReport.Detail.full`).
    let growth: Bool

    public var startIndex: Int { 0 }
    public var endIndex: Int { roster.count }
    public subscript(i: Int) -> MemberResult { MemberResult(member: roster[i], figures: figures[i], growth: growth) }

    /// A member's CAGR from the base to `period` ((LP(p) ÷ LP(0))^(1/p) − 1, for display; the
    /// verdict is the group's, decided exactly): nil without a base, or when either is not positive.
    static func cagr(base: Rational?, year: Rational, period: Period) -> Double? {
        guard let base, base.sign > 0, year.sign > 0 else { return nil }
        return Growth(power: year / base, root: period.rawValue).cagr
    }

    /// Member `i`'s actual CAGR from the base to `period`, as its `MemberResult` gives it (nil
    /// in a report of verdicts only), without working out the rest of its results.
    public func actualCAGR(_ i: Int, to period: Period) -> Double? {
        guard growth, period != .base, let year = figures[i, period, .actual] else { return nil }
        return Self.cagr(
            base: figures[i, .base, .actual].map(Formulas.labourProductivity), year: Formulas.labourProductivity(year), period: period)
    }

    /// Whether member `i` has figures for `period` and `kind`.
    public func has(_ i: Int, _ period: Period, _ kind: ValueKind) -> Bool { figures[i, period, kind] != nil }

    /// Member `i`'s result for one period and kind without its growth (what a row of figures
    /// shows), worked out from that figure alone; nil when the member has none.
    public func periodResult(_ i: Int, _ period: Period, _ kind: ValueKind) -> MemberPeriodResult? {
        figures[i, period, kind].map { MemberPeriodResult(period: period, figures: $0) }
    }
}

/// Member IDs in the order given, held as places in the report's roster when made there: a
/// 300,000-member report's three lists of the members in its calculation took 14.4 MB as strings.
public struct MemberIDList: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral, CustomStringConvertible {
    private enum Storage: Sendable {
        case ids([MemberID])
        case places([Member], [Int32])
    }
    private let storage: Storage

    public init(_ ids: [MemberID]) { storage = .ids(ids) }
    public init(arrayLiteral ids: MemberID...) { storage = .ids(ids) }
    /// The IDs of `roster`'s members at `places` (each a valid index of `roster`).
    init(roster: [Member], places: [Int32]) { storage = .places(roster, places) }

    public var startIndex: Int { 0 }
    public var endIndex: Int {
        switch storage {
        case .ids(let ids): ids.count
        case .places(_, let places): places.count
        }
    }
    public subscript(i: Int) -> MemberID {
        switch storage {
        case .ids(let ids): ids[i]
        case .places(let roster, let places): roster[Int(places[i])].id
        }
    }
    /// The members' places in the report's roster (`GroupReport.members.roster`), when the list
    /// was made there: for readers that go through a large group by place rather than by ID.
    public var rosterPlaces: [Int32]? {
        if case .places(_, let places) = storage { return places }
        return nil
    }
    public static func == (a: MemberIDList, b: MemberIDList) -> Bool { a.elementsEqual(b) }
    /// As the array of the same IDs describes itself.
    public var description: String { Array(self).description }
}

extension MemberIDList: Encodable {
    /// As the array of the same IDs encodes, one at a time.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        for id in self { try container.encode(id) }
    }
}

/// Productivities held compactly while a report is worked out: a `Rational?` takes 24 bytes in
/// an array, 21.6 MB for a 300,000-member group's three periods; here a word-sized one takes 16
/// (numerator and denominator), and the rare larger one is kept aside.
struct Productivities {
    /// Denominator 0: none; −1: the value is in `big`.
    private var numerators: [Int64] = []
    private var denominators: [Int64] = []
    private var big: [Int: Rational] = [:]

    init(capacity: Int) {
        numerators.reserveCapacity(capacity)
        denominators.reserveCapacity(capacity)
    }

    mutating func append(_ value: Rational?) {
        switch value?.parts {
        case .some(let (n, d)):
            numerators.append(n)
            denominators.append(d)
        case nil where value == nil:
            numerators.append(0)
            denominators.append(0)
        default:
            big[numerators.count] = value
            numerators.append(0)
            denominators.append(-1)
        }
    }

    func has(_ i: Int) -> Bool { denominators[i] != 0 }

    subscript(i: Int) -> Rational? {
        switch denominators[i] {
        case 0: nil
        case -1: big[i]
        case let d: Rational(lowestTerms: numerators[i], d)
        }
    }
}

/// A member's results by period: at most three, held in one small array in period order. A
/// dictionary here cost about 1.3 KB per member, which a 100,000-member group multiplies.
public struct PeriodResults: Sendable {
    private var results: [MemberPeriodResult] = []

    public init() {}

    /// `results` in period order, at most one per period; the array is kept at its own size.
    init(ordered results: [MemberPeriodResult]) {
        for i in results.indices.dropFirst() { precondition(results[i - 1].period < results[i].period, "results out of period order") }
        self.results = results
    }

    public subscript(period: Period) -> MemberPeriodResult? {
        get {
            // By index: only the period is read until the one result is copied out.
            for i in results.indices where results[i].period == period { return results[i] }
            return nil
        }
        set {
            precondition(newValue.map { $0.period == period } ?? true, "a result filed under another period")
            let at = results.firstIndex { $0.period >= period } ?? results.endIndex
            let present = at < results.endIndex && results[at].period == period
            switch (newValue, present) {
            case (let value?, true): results[at] = value
            case (let value?, false): results.insert(value, at: at)
            case (nil, true): results.remove(at: at)
            case (nil, false): break
            }
        }
    }

    /// In period order.
    public var all: [MemberPeriodResult] { results }
}

/// The group figure for one period. For a report year it is formed over the members that have
/// actuals for both the base and that year, and `baseProductivity` over the same members.
public struct GroupPeriodResult: Sendable {
    public var period: Period
    /// Whether this period's effect report is due: the base always, a year when it or a later year
    /// has actuals from any member in the calculation.
    public var reported: Bool
    public var membersInCalculation: MemberIDList
    /// Exact group productivity (arithmetic mean and pooled; the geometric mean is irrational).
    public var productivityExact: Rational?
    public var productivity: Double?
    public var baseProductivity: Double?
    public var improvementRatio: Double?
    public var growth: Growth?
    public var cagr: Double?
    /// `ROUNDDOWN(CAGR, 3)`, exactly.
    public var cagrOfficial: Rational?
    /// The CAGR truncated toward zero to 0.01%, exactly: what the reports show beside the official
    /// figure, so the two can never contradict.
    public var cagrToHundredths: Rational?
    /// Decided exactly on `growth`, never on a rounded or floating-point value.
    public var meetsThreshold: Bool?
    public var notComputable: NotComputableReason?
    /// How the verdict and the truncated CAGRs were decided (for tests and benchmarks).
    public var decidedBy: Decision?
    /// The productivity enclosed in floating point, for a group too large to sum exactly at once.
    var productivityEnclosure: Enclosure?
    /// What a spreadsheet recalculating the official formulas shows for this year's CAGR (see
    /// `SpreadsheetView`); differs from `cagrOfficial` only next to a knife edge.
    public var cagrSpreadsheet: Rational?
    /// The spreadsheet's verdict differs from the exact one (a false pass or a false fail).
    public var spreadsheetDisagrees: Bool {
        guard let cagrSpreadsheet, let cagrOfficial else { return false }
        return cagrSpreadsheet != cagrOfficial
    }
}

/// How a year's verdict and truncated CAGRs were decided. Every way gives the same answer.
public enum Decision: Sendable, Equatable {
    /// Exact rational arithmetic throughout (groups up to `GroupReport.defaultExactUpTo` members).
    case exact
    /// The floating-point enclosure lay wholly on one side of every knife edge.
    case filtered
    /// The enclosure straddled a knife edge, so the exact computation decided.
    case exactAfterFilter
}

/// Why a growth rate cannot be formed for a report year.
public enum NotComputableReason: Sendable, Equatable {
    /// No member has actuals for both the base and the year.
    case noMatchedMembers
    /// The group's base productivity is 0 or less, so no ratio can be formed.
    case baseNotPositive
    /// The group's productivity in the year is 0 or less (the target is not met).
    case productivityNotPositive
    /// Members with value added of 0 or less: the geometric mean is undefined.
    case geometricNonPositive([MemberID])
    /// The year has no actuals at all.
    case noActuals(Period)
}

/// A fact worth knowing that is not a publication risk.
public enum ReportNote: Sendable, Equatable {
    /// A representative that does not use the IT tool is left out (公募要領 §6-3).
    case representativeExcluded(MemberID)
    /// A member's base value added is 0 or less, so its own growth rate cannot be computed.
    case baseValueAddedNotPositive(MemberID)
    /// Year 1 missed the target; the verdict rests on year 2.
    case year1MissedYear2Decides
}

/// Why a member is not among those compared for a year.
public enum LeftOutReason: Sendable, Equatable {
    /// A representative not using the IT tool: outside the group figure (公募要領 §6-3).
    case notUsingTool
    /// No figures for this period, the base year or the year itself (actuals; on the plan
    /// basis, targets), so the member cannot be compared (domain §4: never averaged away).
    case noFigures(Period)

    /// Why `member` is not compared between the base year and `year` in `group`, or nil when it is.
    public init?(_ member: Member, in group: Group, year: Period) {
        if !member.inCalculation {
            self = .notUsingTool
        } else if let missing = [Period.base, year].first(where: { group.figures(member.id, $0) == nil }) {
            self = .noFigures(missing)
        } else {
            return nil
        }
    }
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
/// The facts only: the words are the presentation layer's.
public struct Risk: Sendable, Equatable {
    public var code: RiskCode
    public var period: Period?
    public var memberID: MemberID?
    /// `cagr_below_threshold`: the official (truncated) CAGR and the target it misses.
    public var cagrOfficial: Rational?
    public var threshold: Rational?
    /// `not_computable`: why.
    public var reason: NotComputableReason?

    public init(
        code: RiskCode, period: Period?, memberID: MemberID? = nil, cagrOfficial: Rational? = nil,
        threshold: Rational? = nil, reason: NotComputableReason? = nil
    ) {
        self.code = code
        self.period = period
        self.memberID = memberID
        self.cagrOfficial = cagrOfficial
        self.threshold = threshold
        self.reason = reason
    }

    /// Year 1 is an early warning; year 2 is the plan-period result (domain §4).
    public var isEarlyWarning: Bool { period == .year1 }
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
    /// Each member's results in roster order, worked out when read (`MemberResults`).
    public var members: MemberResults
    /// Base, year 1 and year 2, in that order.
    public var periods: [GroupPeriodResult]
    public var latestReportedPeriod: Period?
    public var verdict: Verdict
    public var risks: [Risk]
    /// Facts worth knowing that are not publication risks.
    public var notes: [ReportNote]
    /// Each member's actual productivity against its plan (目標値) per report year, and whether a
    /// shortfall has the reason the effect report requires (計画数値未達の要因).
    public var planComparisons: [PlanComparison]
    /// The group's productivity over the members' plans per report year, beside the actual.
    public var groupPlan: [Period: PlanLevel]
    /// True when any risk stands: the group may be published (公表).
    public var publicationRisk: Bool { !risks.isEmpty }

    public func period(_ p: Period) -> GroupPeriodResult { periods[p.rawValue] }
}

extension GroupReport {
    /// Groups of up to this many members are summed exactly; larger ones are enclosed in floating
    /// point first and summed exactly only when the enclosure cannot decide (`Enclosure`).
    public static let defaultExactUpTo = 256

    /// How much of a report to work out.
    public enum Detail: Sendable {
        /// Everything the report's tables show.
        case full
        /// The group's figures, verdict, risks and notes only, for callers that judge many groups
        /// or variants and show none of the rest (a portfolio, what-if grids, goal seeking): each
        /// member's year-on-year growth and CAGR stay nil, `planComparisons` and `groupPlan` empty
        /// and `cagrSpreadsheet` nil. Every field that remains is the one `.full` gives.
        case verdicts
    }

    /// - Parameter exactUpTo: the largest group summed exactly at once (tests force either path).
    /// - Parameter progress: told members done of all members every 4,096 members, for a progress display.
    public init(
        group: Group, method: GroupMethod = .mean, exactUpTo: Int = GroupReport.defaultExactUpTo, detail: Detail = .full,
        progress: ((Int, Int) -> Void)? = nil
    ) {
        groupName = group.name
        self.method = method
        threshold = Threshold(members: group.members)
        let full = detail == .full
        let roster = group.members
        // Each member's figures by its place in the roster; the results are worked out from them
        // when asked. Held as `MemberResult`s, a 300,000-member report kept about 370 bytes a
        // member more (the results by period and their arrays) for as long as it was rendered.
        let figures =
            group.figuresByRoster()
            ?? {
                let byMember = group.figuresByMember()
                return RosterFigures(roster.map { byMember[$0.id] ?? MemberFigures() })
            }()
        var risks: [Risk] = []
        var notes: [ReportNote] = []
        // Members are named by their place in the roster from here on (as 32-bit places, in
        // arrays of their own size: the four lists below took 17 MB on a 300,000-member group as
        // filtered `[Int]`s). Which periods each member has actuals for is a byte a member. The
        // base productivities are worked out once each (every year's level and growth reads them)
        // and let go at the end; a year's are worked out where read, for its level and its growth
        // (all three periods held took 14.4 MB on a 300,000-member group, the peak of a report
        // worked out beside another, as an HTML report's contributions are).
        var periodsHad = [UInt8](repeating: 0, count: roster.count)
        var productivity = Productivities(capacity: roster.count)
        for i in roster.indices {
            if let progress, i % 4096 == 0 { progress(i, roster.count) }
            for period in Period.allCases where figures.has(i, period, .actual) { periodsHad[i] |= 1 << period.rawValue }
            productivity.append(figures[i, .base, .actual].map(Formulas.labourProductivity))
        }
        let inCalculation = Self.places(roster.indices) { roster[$0].inCalculation }
        for i in roster.indices where !roster[i].inCalculation {
            notes.append(.representativeExcluded(roster[i].id))
        }
        func has(_ i: Int, _ period: Period) -> Bool { periodsHad[i] & (1 << period.rawValue) != 0 }
        /// The results of `period` (`kind`) of the members at `places`, each of which has one.
        func results(_ places: [Int32], _ period: Period, _ kind: ValueKind = .actual) -> LazyMapCollection<[Int32], MemberPeriodResult> {
            places.lazy.map { place in
                let i = Int(place)
                guard let f = figures[i, period, kind] else { preconditionFailure("member \(i) was chosen for the figures it lacks") }
                guard kind == .actual, period == .base, let lp = productivity[i] else { return MemberPeriodResult(period: period, figures: f) }
                return MemberPeriodResult(period: period, figures: f, productivity: lp)
            }
        }
        func ids(_ places: [Int32]) -> MemberIDList { MemberIDList(roster: roster, places: places) }

        let reportedYears = Period.reportYears.filter { year in inCalculation.contains { has(Int($0), year) } }
        let latest = reportedYears.last
        latestReportedPeriod = latest
        // Every year up to the latest one reported is due: a year-2 report without year 1 lacks year 1.
        let dueYears = Period.reportYears.filter { year in latest.map { year <= $0 } ?? false }
        let duePeriods = [Period.base] + dueYears
        for place in inCalculation {
            let i = Int(place)
            for period in duePeriods where !has(i, period) {
                risks.append(Risk(code: .missingReport, period: period, memberID: roster[i].id))
            }
            if let base = figures[i, .base, .actual], Formulas.valueAdded(base).sign <= 0 {
                notes.append(.baseValueAddedNotPositive(roster[i].id))
            }
        }

        var periods: [GroupPeriodResult] = []
        let withBase = Self.places(inCalculation) { has($0, .base) }
        periods.append(GroupReport.level(.base, results(withBase, .base), method: method, ids: ids(withBase), exactUpTo: exactUpTo))
        for year in Period.reportYears {
            let matched = Self.places(withBase) { has($0, year) }
            var result = GroupReport.level(year, results(matched, year), method: method, ids: ids(matched), exactUpTo: exactUpTo)
            result.reported = dueYears.contains(year)
            if result.reported {
                GroupReport.growth(
                    &result, base: results(matched, .base), year: results(matched, year), method: method, threshold: threshold,
                    exactUpTo: exactUpTo, spreadsheet: full)
            }
            periods.append(result)
        }
        self.periods = periods

        let (verdict, risk) = GroupReport.verdict(periods, latest: latest, rate: threshold.rate)
        if let risk { risks.append(risk) }
        if latest == .year2, periods[1].reported, periods[1].meetsThreshold == false {
            notes.append(.year1MissedYear2Decides)
        }
        self.verdict = verdict
        self.risks = risks
        self.notes = notes
        members = MemberResults(roster: roster, figures: figures, growth: full)
        guard full else {
            planComparisons = []
            groupPlan = [:]
            return
        }
        planComparisons = PlanComparison.all(roster: roster, figures: figures)
        var groupPlan: [Period: PlanLevel] = [:]
        for year in Period.reportYears {
            guard !inCalculation.isEmpty, inCalculation.allSatisfy({ figures[Int($0), year, .target] != nil }) else { continue }
            let planned = results(inCalculation, year, .target)
            // Shown beside the actual and never decided on, so a large group's plan is its
            // enclosure's midpoint, as its actual level is: summed exactly, the denominators of a
            // 100,000-member plan made the report take 11.5 s (4.3 s with the midpoint).
            let level = GroupReport.level(year, planned, method: method, ids: [], exactUpTo: exactUpTo)
            if let exact = level.productivityExact {
                groupPlan[year] = PlanLevel(exact: exact, approximate: exact.doubleValue)
            } else if level.productivityEnclosure != nil, let midpoint = level.productivity {
                groupPlan[year] = PlanLevel(exact: nil, approximate: midpoint)
            }
        }
        self.groupPlan = groupPlan
    }

    /// The places among `candidates` that `keep` keeps, in order, in an array of its own size.
    static func places(_ candidates: some Collection<Int>, _ keep: (Int) -> Bool) -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(candidates.reduce(0) { $0 + (keep($1) ? 1 : 0) })
        for i in candidates where keep(i) { out.append(Int32(i)) }
        return out
    }

    static func places(_ candidates: [Int32], _ keep: (Int) -> Bool) -> [Int32] { places(candidates.lazy.map { Int($0) }, keep) }

    /// The verdict on the latest reported year (base, year 1, year 2 in `periods`), and the
    /// publication risk it carries (公募要領 §2-2-1(5)(オ): below the target, or no growth rate).
    static func verdict(_ periods: [GroupPeriodResult], latest: Period?, rate: Rational) -> (Verdict, Risk?) {
        guard let latest else { return (.notYetReported, nil) }
        let result = periods[latest.rawValue]
        if let why = result.notComputable {
            return (.notComputable, Risk(code: .notComputable, period: latest, reason: why))
        }
        if result.meetsThreshold == true { return (.meets, nil) }
        if let official = result.cagrOfficial {
            return (.belowTarget, Risk(code: .cagrBelowThreshold, period: latest, cagrOfficial: official, threshold: rate))
        }
        return (.notYetReported, nil)
    }

    /// The group's productivity over `figures` for one period (no growth yet).
    static func level<Rows: Collection<MemberPeriodResult>>(
        _ period: Period, _ rows: Rows, method: GroupMethod, ids: MemberIDList,
        exactUpTo: Int = .max
    ) -> GroupPeriodResult {
        var result = GroupPeriodResult(period: period, reported: !rows.isEmpty, membersInCalculation: ids)
        guard !rows.isEmpty else { return result }
        if rows.count > exactUpTo, method != .geometric, let enclosure = enclosure(rows, method: method) {
            // The same quantity as below, enclosed: the exact sum is formed only if a decision needs it.
            result.productivityEnclosure = enclosure
            result.productivity = enclosure.midpoint
            return result
        }
        switch method {
        case .mean:
            // 補助事業グループの労働生産性 = Σ LPᵢ ÷ N (公募要領 §6-3; calculator `AVERAGE`).
            let exact = Rational.sum(rows.lazy.map(\.productivity)) / Rational(rows.count)
            result.productivityExact = exact
            result.productivity = exact.doubleValue
        case .pooled:
            // Σ付加価値額 ÷ Σ(従業員数 × 年間平均労働時間).
            let exact = Rational.sum(rows.lazy.map(\.valueAdded)) / Rational.sum(rows.lazy.map(\.labourHours))
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

    /// The group's productivity (mean: Σ LPᵢ ÷ N; pooled: Σ付加価値額 ÷ Σ労働時間, 公募要領 §6-3)
    /// enclosed in floating point; nil when a member's figures do not fit the filter's word size.
    static func enclosure<Rows: Collection<MemberPeriodResult>>(_ rows: Rows, method: GroupMethod) -> Enclosure? {
        switch method {
        case .mean:
            return Enclosure.sum(rows.lazy.map(\.productivity))?.dividedBy(rows.count)
        case .pooled:
            guard let v = Enclosure.sum(rows.lazy.map(\.valueAdded)), let h = Enclosure.sum(rows.lazy.map(\.labourHours)) else { return nil }
            return v / h
        case .geometric:
            return nil
        }
    }

    /// Improvement ratio, CAGR (exact and official) and the verdict for one report year.
    static func growth<Rows: Collection<MemberPeriodResult>>(
        _ result: inout GroupPeriodResult, base: Rows, year: Rows,
        method: GroupMethod, threshold: Threshold, exactUpTo: Int = .max, spreadsheet: Bool = true
    ) {
        let years = result.period.rawValue
        guard !base.isEmpty else {
            result.notComputable = .noMatchedMembers
            return
        }
        var baseLevel = level(.base, base, method: method, ids: result.membersInCalculation, exactUpTo: exactUpTo)
        result.baseProductivity = baseLevel.productivity
        let bothEnclosed = baseLevel.productivityEnclosure != nil && result.productivityEnclosure != nil
        if let b = baseLevel.productivityEnclosure, let n = result.productivityEnclosure,
            filtered(&result, base: b, year: n, base: base, year: year, method: method, rate: threshold.rate, spreadsheet: spreadsheet)
        {
            return
        }
        // The enclosure straddles a knife edge, or one of the two levels has none (a member's figures
        // beyond a machine word): decide exactly, as for a small group.
        if baseLevel.productivityEnclosure != nil {
            baseLevel = level(.base, base, method: method, ids: result.membersInCalculation)
            result.baseProductivity = baseLevel.productivity
        }
        if result.productivityEnclosure != nil {
            let exact = level(result.period, year, method: method, ids: result.membersInCalculation)
            result.productivityExact = exact.productivityExact
            result.productivity = exact.productivity
        }
        result.decidedBy = bothEnclosed ? .exactAfterFilter : .exact
        switch method {
        case .mean, .pooled:
            guard let b = baseLevel.productivityExact, let n = result.productivityExact else { return }
            if b.sign <= 0 {
                result.notComputable = .baseNotPositive
                return
            }
            if n.sign <= 0 {
                result.notComputable = .productivityNotPositive
                result.meetsThreshold = false
                return
            }
            result.growth = Growth(power: n / b, root: years)
        case .geometric:
            let who = zip(result.membersInCalculation, zip(base, year))
                .filter { $1.0.productivity.sign <= 0 || $1.1.productivity.sign <= 0 }.map(\.0)
            if !who.isEmpty {
                result.notComputable = .geometricNonPositive(who)
                return
            }
            if base.count > exactUpTo {
                if let filter = Growth.FilteredProduct(base: base, year: year, years: years),
                    let meets = filter.meets(threshold.rate), let official = filter.truncated(scale: 1000),
                    let hundredths = filter.truncated(scale: 10_000)
                {
                    result.improvementRatio = filter.improvementRatio(years: years)
                    result.cagr = filter.cagr
                    result.cagrOfficial = official
                    result.cagrToHundredths = hundredths
                    result.meetsThreshold = meets
                    result.decidedBy = .filtered
                    return
                }
                result.decidedBy = .exactAfterFilter
            }
            let product = Rational.product(zip(base, year).map { $0.1.productivity / $0.0.productivity })
            result.growth = Growth(power: product, root: years * base.count)
        }
        guard let growth = result.growth else { return }
        result.improvementRatio = growth.improvementRatio(years: years)
        result.cagr = growth.cagr
        result.cagrOfficial = growth.official
        result.cagrToHundredths = growth.truncated(scale: 10_000)
        result.meetsThreshold = growth.meets(threshold.rate)
        if method == .mean && spreadsheet {
            result.cagrSpreadsheet = SpreadsheetView.officialCAGR(base: base.lazy.map(\.figures), year: year.lazy.map(\.figures), years: years)
        }
    }
}

extension GroupReport {
    /// Decides one report year from the enclosures of the base and the year's productivity; false
    /// (and `result` untouched) when any answer — the signs, the verdict, either truncated CAGR —
    /// lies within the enclosure's width of its knife edge.
    static func filtered<Rows: Collection<MemberPeriodResult>>(
        _ result: inout GroupPeriodResult, base b: Enclosure, year n: Enclosure,
        base baseRows: Rows, year yearRows: Rows,
        method: GroupMethod, rate: Rational, spreadsheet: Bool = true
    ) -> Bool {
        let years = result.period.rawValue
        guard let baseSign = b.sign, let yearSign = n.sign else { return false }
        var decided = result
        if baseSign < 0 {
            decided.notComputable = .baseNotPositive
        } else if yearSign < 0 {
            decided.notComputable = .productivityNotPositive
            decided.meetsThreshold = false
        } else {
            guard let power = n / b else { return false }
            let growth = Growth.Filtered(power: power, root: years)
            guard let meets = growth.meets(rate), let official = growth.truncated(scale: 1000),
                let hundredths = growth.truncated(scale: 10_000)
            else { return false }
            decided.improvementRatio = growth.improvementRatio(years: years)
            decided.cagr = growth.cagr
            decided.cagrOfficial = official
            decided.cagrToHundredths = hundredths
            decided.meetsThreshold = meets
            if method == .mean && spreadsheet {
                decided.cagrSpreadsheet = SpreadsheetView.officialCAGR(base: baseRows.lazy.map(\.figures), year: yearRows.lazy.map(\.figures), years: years)
            }
        }
        decided.decidedBy = .filtered
        result = decided
        return true
    }
}

extension MemberResult {
    /// - Parameter growth: work out each year's year-on-year growth and CAGR (a `.full` report).
    init(member: Member, figures: MemberFigures, growth: Bool = true) {
        self.member = member
        inCalculation = member.inCalculation
        func result(_ period: Period, _ f: Figures) -> MemberPeriodResult { MemberPeriodResult(period: period, figures: f) }
        func results(_ kind: ValueKind) -> PeriodResults {
            // Each figure is looked up once; the array is made at its final size.
            let found = (figures[.base, kind], figures[.year1, kind], figures[.year2, kind])
            let present = (found.0 == nil ? 0 : 1) + (found.1 == nil ? 0 : 1) + (found.2 == nil ? 0 : 1)
            guard present > 0 else { return PeriodResults() }
            var out: [MemberPeriodResult] = []
            out.reserveCapacity(present)
            if let f = found.0 { out.append(result(.base, f)) }
            if let f = found.1 { out.append(result(.year1, f)) }
            if let f = found.2 { out.append(result(.year2, f)) }
            guard growth else { return PeriodResults(ordered: out) }
            // Growth is measured against the actual base (and the previous year's actual).
            let actualBase = kind == .actual ? out.first { $0.period == .base } : figures[.base, .actual].map { result(.base, $0) }
            let actualYear1 = kind == .actual ? out.first { $0.period == .year1 } : nil
            for i in out.indices where out[i].period != .base {
                let period = out[i].period
                if let previous = period == .year1 ? actualBase : actualYear1, previous.productivity.sign > 0 {
                    out[i].yoyGrowth = (out[i].productivity / previous.productivity).doubleValue - 1
                }
                out[i].cagr = MemberResults.cagr(base: actualBase?.productivity, year: out[i].productivity, period: period)
            }
            return PeriodResults(ordered: out)
        }
        actual = results(.actual)
        target = results(.target)
    }
}

/// The group's productivity over its members' plans for one report year (mean: Σ 目標LPᵢ ÷ N;
/// pooled: Σ付加価値額 ÷ Σ労働時間, as for the actuals, 公募要領 §6-3). For display only: no verdict
/// rests on it.
public struct PlanLevel: Sendable, Equatable {
    /// Exact, for a group summed exactly (up to `GroupReport.defaultExactUpTo` members).
    public var exact: Rational?
    /// The exact value's nearest `Double`, or for a larger group the midpoint of its
    /// floating-point enclosure (`Enclosure`), as the group's actual level is shown.
    public var approximate: Double
}

/// One member's actual productivity against its plan (目標値) for one report year.
public struct PlanComparison: Sendable, Equatable {
    public var member: MemberID
    public var period: Period
    public var actual: Rational?
    public var plan: Rational
    /// The reason given for missing the plan (計画数値未達の要因), if any.
    public var shortfallReason: String?

    /// actual − plan, in yen per hour.
    public var gap: Rational? { actual.map { $0 - plan } }
    /// Below plan: the effect report asks for a reason (seed 003, step 2).
    public var isShortfall: Bool { actual.map { $0 < plan } ?? false }
    public var lacksReason: Bool { isShortfall && (shortfallReason ?? "").isEmpty }

    /// Each member's comparison per report year it has a plan for, in roster order.
    static func all(roster: [Member], figures: RosterFigures) -> [PlanComparison] {
        roster.indices.flatMap { i in
            Period.reportYears.compactMap { year -> PlanComparison? in
                guard let plan = figures[i, year, .target] else { return nil }
                let actual = figures[i, year, .actual]
                return PlanComparison(
                    member: roster[i].id, period: year, actual: actual.map(Formulas.labourProductivity),
                    plan: Formulas.labourProductivity(plan), shortfallReason: actual?.shortfallReason)
            }
        }
    }
}

/// What a spreadsheet shows when it recalculates the official calculator's formulas.
///
/// The calculator computes each LP in binary floating point, `AVERAGE`s them and applies
/// `ROUNDDOWN((H_n/H_0)^(1/n) − 1, 3)`. LibreOffice (measured, domain §3) and reportedly Excel first
/// snap the value to 15 significant digits and then truncate, so next to a knife edge the sheet can
/// show a pass the exact rule denies, or a fail it grants. This reproduces that arithmetic: IEEE
/// doubles in the calculator's order, then the 15-digit snap, then truncation done exactly.
public enum SpreadsheetView {
    public static func officialCAGR<B: Collection<Figures>, Y: Collection<Figures>>(base: B, year: Y, years: Int) -> Rational? {
        func lp(_ f: Figures) -> Double {
            let va = f.operatingProfit.doubleValue + f.labourCost.doubleValue + f.depreciation.doubleValue
            return va / (f.headcount.doubleValue * f.hoursPerEmployee.doubleValue)
        }
        guard !base.isEmpty, base.count == year.count else { return nil }
        // Summed in order as they come, as the calculator's AVERAGE does (no array of them is made).
        let h0 = base.lazy.map(lp).reduce(0, +) / Double(base.count)
        let hn = year.lazy.map(lp).reduce(0, +) / Double(year.count)
        guard h0 > 0, hn > 0 else { return nil }
        let x = Foundation.pow(hn / h0, 1 / Double(years)) - 1
        return roundDown15(x, places: 3)
    }

    /// `ROUNDDOWN(x, places)` after snapping x to 15 significant digits, as LibreOffice does.
    public static func roundDown15(_ x: Double, places: Int) -> Rational? {
        guard x.isFinite else { return nil }
        // %.14e prints exactly 15 significant digits, rounded to nearest.
        let snapped = String(format: "%.14e", x)
        guard let exact = scientific(snapped) else { return nil }
        let scale = BigInt(10).power(places)
        let scaled = exact * Rational(scale)
        // Truncate toward zero.
        let truncated = scaled.sign < 0 ? -((-scaled).floor) : scaled.floor
        return Rational(truncated, scale)
    }

    /// `-4.99999999999998e-02` → the exact rational it names.
    static func scientific(_ text: String) -> Rational? {
        let parts = text.lowercased().split(separator: "e")
        guard parts.count == 2, let exponent = Int(parts[1]) else { return nil }
        var mantissa = Substring(parts[0])
        let negative = mantissa.hasPrefix("-")
        if negative { mantissa = mantissa.dropFirst() }
        let pieces = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let fraction = pieces.count > 1 ? pieces[1] : ""
        guard let digits = BigInt(String(pieces[0] + fraction)) else { return nil }
        let value = Rational(significand: negative ? -digits : digits, exponent: exponent - fraction.count)
        return value
    }
}
