import BigInt
import Foundation

/// Answers "what would it take" for one report year, exactly, under the method in use.
///
/// Every answer is checked against the real verdict (`GroupReport` on the changed group): a yen
/// figure is the true minimum — applying it meets the target and one yen less does not — and a rate
/// is the smallest (or, for margins, largest) multiple of 0.01% that does.
public struct GoalSeek: Sendable {
    public struct MemberAnswer: Sendable {
        public var member: Member
        /// Yen of value added in the year: the increase needed (rounded up), or for a group that
        /// meets, the fall it can absorb (rounded down). Nil when `impossible` says why.
        public var yen: BigInt?
        /// `yen` as a share of the member's value added that year, for judging plausibility.
        public var shareOfValueAdded: Double?
        public var impossible: Impossibility?
    }

    /// Why a member has no yen answer.
    public enum Impossibility: Sendable, Equatable {
        /// The member is not among those compared for the year.
        case leftOut(LeftOutReason)
        /// Under the geometric mean a member with value added ≤ 0 cannot be scaled to reach it.
        case cannotReachAlone
        /// The formula's amount did not confirm against the verdict (reported, never looped on).
        case unconfirmed
        /// The change needed takes the member's operating profit past `FigureLimits.maxYen`: the
        /// group still misses with it at the limit (confirmed by a verdict there), so no figure the
        /// tool accepts gets this member there alone.
        case beyondFigureLimits
        /// The year's growth cannot be formed at all.
        case notComputable(NotComputableReason)
    }

    public var period: Period
    public var method: GroupMethod
    public var threshold: Threshold
    public var meetsNow: Bool
    public var currentProductivity: Double?
    /// The group productivity year N needs (arithmetic mean and pooled, exact).
    public var requiredProductivity: Rational?
    /// The geometric mean's required level, `G(0) × (1 + t)^n`: irrational in general, so a
    /// binary floating-point approximation for display only (the verdicts stay exact).
    public var requiredProductivityApproximate: Double?
    /// Smallest uniform increase of every member's value added (k/10000), when not met yet.
    public var uniformValueAddedIncrease: Rational?
    /// Smallest uniform cut of every member's hours (k/10000), when not met yet.
    public var uniformHoursCut: Rational?
    /// For a group that meets: the largest uniform fall in value added that still meets (k/10000).
    public var uniformValueAddedMargin: Rational?
    /// Per member: the increase needed if only that member changed, or the fall it can absorb.
    public var members: [MemberAnswer]
    public var notComputable: NotComputableReason?
    /// Actuals, or in the planning period the members' plans (see `Group.forAnalysis`).
    public var basis: AnalysisBasis
}

extension GoalSeek {
    /// - Parameter confirmWholeUpTo: the largest group (members in the year's calculation) whose
    ///   answers are each confirmed by a whole report of the changed group; a larger one's by the
    ///   group's exact sums with the one member changed (the report's rule on them), in time
    ///   linear in the group rather than quadratic (tests force either path and compare).
    public init(
        group given: Group, method: GroupMethod = .mean, period requested: Period? = nil,
        confirmWholeUpTo: Int = GroupReport.defaultExactUpTo
    ) {
        self.init(group: given, method: method, period: requested, confirmWholeUpTo: confirmWholeUpTo, filtered: true)
    }

    /// - Parameter filtered: false to take every decision from the exact sums, never from their
    ///   enclosures (`Totals.near`; tests compare the two).
    init(group given: Group, method: GroupMethod, period requested: Period?, confirmWholeUpTo: Int, filtered: Bool) {
        let (group, basis) = given.forAnalysis()
        self.basis = basis
        let report = GroupReport(group: group, method: method, detail: .verdicts)
        let n = requested ?? report.latestReportedPeriod ?? .year2
        self.period = n
        self.method = method
        threshold = report.threshold
        let result = report.period(n)
        meetsNow = result.meetsThreshold == true
        currentProductivity = result.productivity
        members = []
        let years = n.rawValue
        let factor = (Rational.one + threshold.rate).power(years)
        let matched = result.membersInCalculation
        let rows = matched.compactMap { id in group.figures(id, n).map { (id, $0) } }
        let bases = matched.compactMap { group.figures($0, .base) }

        // The required level, where it is a number: mean and pooled. It rests on the base year of
        // the members in year N's calculation; before year N has any, on every member's base year
        // (all that can be known yet: the required level follows from the base year alone).
        let levelIDs = matched.isEmpty ? report.period(.base).membersInCalculation : matched
        let base = GroupReport.level(
            .base, levelIDs.compactMap { group.figures($0, .base) }.map { MemberPeriodResult(figures: $0) },
            method: method, ids: levelIDs)
        if let b = base.productivityExact, method != .geometric { requiredProductivity = b * factor }
        if method == .geometric, let b = base.productivity { requiredProductivityApproximate = b * factor.doubleValue }

        guard n != .base, !rows.isEmpty, result.notComputable == nil || result.meetsThreshold == false else {
            let why = result.notComputable ?? .noActuals(n)
            notComputable = why
            members = group.members.map { MemberAnswer(member: $0, yen: nil, shareOfValueAdded: nil, impossible: .notComputable(why)) }
            return
        }

        func meets(_ g: Group) -> Bool { GroupReport(group: g, method: method, detail: .verdicts).period(n).meetsThreshold == true }
        // Every member in the year's calculation changed by one scenario (one change each, in
        // their order), not one scenario a member, each copying the group.
        func uniform(_ figure: AdjustableFigure, _ factor: Rational) -> Group {
            group.applying(
                Scenario(name: "", adjustments: matched.map { Adjustment(member: $0, period: n, figure: figure, operation: .scale(factor)) })
            ).group
        }
        // The group's sums (or product) are the same for every member's question: formed once.
        let totals = GoalSeek.Totals(
            rows: rows.map(\.1), bases: bases, method: method, factor: factor, matchedCount: matched.count, rate: threshold.rate,
            years: years, estimateAbove: confirmWholeUpTo, filtered: filtered)
        // Whether the group meets with every member in the year's calculation changed alike: by a
        // whole report of the changed group, or (a large group) from its sums or product scaled.
        func meetsUniform(_ figure: AdjustableFigure, _ factor: Rational) -> Bool {
            if matched.count > confirmWholeUpTo, let quick = totals.meetsScaled(figure, factor) { return quick }
            return meets(uniform(figure, factor))
        }
        let step = Rational(1, 10_000)
        if !meetsNow {
            uniformValueAddedIncrease = GoalSeek.smallest(upTo: 10_000_000) { k in meetsUniform(.valueAdded, .one + Rational(k) * step) }
                .map { Rational(BigInt($0), 10_000) }
            uniformHoursCut = GoalSeek.smallest(upTo: 9_999) { k in meetsUniform(.hoursPerEmployee, .one - Rational(k) * step) }
                .map { Rational(BigInt($0), 10_000) }
        } else {
            // The largest k with the group still meeting after a fall of k/10000.
            let firstFailing = GoalSeek.smallest(upTo: 10_000) { k in !meetsUniform(.valueAdded, .one - Rational(k) * step) }
            uniformValueAddedMargin = firstFailing.map { Rational(BigInt($0 - 1), 10_000) }
        }

        let index = Dictionary(matched.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        for member in group.members {
            guard let index = index[member.id], let f = group.figures(member.id, n) else {
                members.append(
                    MemberAnswer(
                        member: member, yen: nil, shareOfValueAdded: nil, impossible: .leftOut(LeftOutReason(member, in: group, year: n) ?? .noFigures(n))))
                continue
            }
            let exact = totals.exactChange(member: index)
            guard let exact else {
                members.append(MemberAnswer(member: member, yen: nil, shareOfValueAdded: nil, impossible: .cannotReachAlone))
                continue
            }
            // Needed: the smallest whole yen ≥ exact; margin: the largest whole yen ≤ −exact.
            var yen = meetsNow ? (-exact).floor : GoalSeek.ceiling(exact)
            func changed(_ amount: BigInt) -> Group {
                group.applying(
                    Scenario(
                        name: "",
                        adjustments: [
                            Adjustment(
                                member: member.id, period: n, figure: .valueAdded, operation: .add(Rational(meetsNow ? -amount : amount)))
                        ])
                ).group
            }
            // The formula is exact; the verdict confirms it. A correction of more than a couple of yen
            // would mean formula and verdict disagree, so it is bounded and reported, never looped on.
            // Whether the group meets with the change: by a whole report of the changed group, or
            // (a large group) from its exact sums with this member's figures changed, or under the
            // geometric mean from its product so changed (estimated, exact where too close to tell).
            func meetsChanged(_ amount: BigInt) -> Bool {
                if matched.count > confirmWholeUpTo,
                    let quick = totals.meets(member: index, change: Rational(meetsNow ? -amount : amount))
                {
                    return quick ?? meetsNow
                }
                return meets(changed(amount))
            }
            // Past the figure limits: every method's growth rises with a member's value added, so when
            // the group still misses with this member's operating profit at the limit, the amount
            // lies beyond it (a group far below target under the geometric mean needs e^(gap) times
            // the member's value added: amounts of hundreds of digits).
            if !meetsNow, f.operatingProfit + Rational(yen) > FigureLimits.maxYen {
                let most = (FigureLimits.maxYen - f.operatingProfit).floor
                if most < 0 || !meetsChanged(most) {
                    members.append(MemberAnswer(member: member, yen: nil, shareOfValueAdded: nil, impossible: .beyondFigureLimits))
                    continue
                }
            }
            var steps = 0
            if meetsNow {
                while yen > 0 && !meetsChanged(yen) && steps < 3 {
                    yen -= 1
                    steps += 1
                }
                while meetsChanged(yen + 1) && steps < 3 {
                    yen += 1
                    steps += 1
                }
            } else {
                while !meetsChanged(yen) && steps < 3 {
                    yen += 1
                    steps += 1
                }
                while yen > 0 && meetsChanged(yen - 1) && steps < 3 {
                    yen -= 1
                    steps += 1
                }
            }
            let confirmed =
                meetsNow
                ? (yen == 0 || meetsChanged(yen)) && !meetsChanged(yen + 1)
                : meetsChanged(yen) && (yen == 0 || !meetsChanged(yen - 1))
            guard confirmed else {
                members.append(MemberAnswer(member: member, yen: nil, shareOfValueAdded: nil, impossible: .unconfirmed))
                continue
            }
            let va = Formulas.valueAdded(f)
            members.append(
                MemberAnswer(
                    member: member, yen: max(yen, 0),
                    shareOfValueAdded: va.sign > 0 ? (Rational(max(yen, 0)) / va).doubleValue : nil,
                    impossible: nil))
        }
    }

    /// What every member's "what would it take" shares: the year's rows and their base years, and
    /// the group's sums (or product) over them, formed once rather than once a member.
    struct Totals {
        var rows: [Figures]
        var bases: [Figures]
        var method: GroupMethod
        var hours: [Rational]
        var rate: Rational
        /// Geometric, a group of more than `estimateAbove` members: P = Π rⱼ as the report
        /// estimates it (`Growth.FilteredProduct`), with root n × N. The exact product of such a
        /// group is a fraction hundreds of thousands of bits long: it is formed, unreduced, only
        /// for a question the estimate cannot settle (`exactTarget`).
        var estimate: Growth.FilteredProduct?
        let exactTarget = ExactTarget()
        /// (1 + t)ⁿ and N, for the geometric factor when it is formed exactly.
        var factor: Rational
        var matchedCount: Int
        /// Mean: (1+t)ⁿ Σ LPⱼ(0) − Σ LPⱼ(n). Pooled: (1+t)ⁿ × LP_pooled(0) × ΣH(n) − ΣVA(n).
        var shortfall: Rational?
        /// Geometric: (1+t)^(nN) ÷ Π rⱼ, or nil when a value added is 0 or less.
        var geometricFactor: Rational?
        /// Mean: Σ LPⱼ(n) and Σ LPⱼ(0). Pooled: ΣVA(n) and the base level ΣVA(0) ÷ ΣH(0).
        var yearSum = Rational.zero
        var baseSum = Rational.zero
        var baseLevel = Rational.zero
        /// Mean and pooled, a group of more than `estimateAbove` members: the year's sum, the
        /// shortfall and the level the changed sum must reach (yearSum + shortfall), enclosed
        /// (`Enclosure`), so that `meets`, `meetsScaled` and `exactChange` decide without the
        /// sums' thousands-of-bits arithmetic where the enclosures settle it, and exactly where
        /// they do not. Nil when not `filtered` (tests compare both ways).
        var near: (year: Enclosure, shortfall: Enclosure, reach: Enclosure)?
        /// yearSum + shortfall exactly, formed the first time the enclosures cannot decide.
        let exactReach = Lazy<Rational>()

        /// T = (1 + rate)^(nN) ÷ Π rⱼ, rⱼ = LPⱼ(n)/LPⱼ(0), exactly, as an unreduced fraction
        /// (numerator, denominator, both positive): formed the first time it is asked for. The
        /// geometric mean meets with member i's value added at VA′ ⟺ P × VA′/VAᵢ ≥ (1 + rate)^(nN)
        /// ⟺ VA′/VAᵢ ≥ T. Reducing T, or any product on the way, would take a gcd of hundreds of
        /// thousands of bits (minutes for a few thousand members); the comparisons and the one
        /// division it serves need none, and cost a multiplication by a word-sized figure each.
        final class ExactTarget {
            private var made: (BigInt, BigInt)?
            func value(rows: [Figures], bases: [Figures], factor: Rational, count: Int) -> (BigInt, BigInt) {
                if let made { return made }
                let ratios = zip(rows, bases).map { Formulas.labourProductivity($0) / Formulas.labourProductivity($1) }
                let target = (
                    factor.numerator.power(count) * BigInt.product(ratios.map(\.denominator)),
                    factor.denominator.power(count) * BigInt.product(ratios.map(\.numerator))
                )
                made = target
                return target
            }
        }
        func target() -> (BigInt, BigInt) { exactTarget.value(rows: rows, bases: bases, factor: factor, count: matchedCount) }

        init(
            rows: [Figures], bases: [Figures], method: GroupMethod, factor: Rational, matchedCount: Int, rate: Rational, years: Int,
            estimateAbove: Int = .max, filtered: Bool = true
        ) {
            self.rows = rows
            self.bases = bases
            self.method = method
            self.rate = rate
            self.factor = factor
            self.matchedCount = matchedCount
            hours = rows.map(Formulas.labourHours)
            switch method {
            case .mean:
                // Σ LPⱼ(n) must reach (1+t)ⁿ Σ LPⱼ(0) (公募要領 §6-3, calculator `AVERAGE`). The two
                // exact sums are apart: a large group's base-year sum is formed on a thread of its own.
                let base = rows.count > 1_000 ? Beside { Rational.sum(bases.map(Formulas.labourProductivity)) } : nil
                yearSum = Rational.sum(rows.map(Formulas.labourProductivity))
                baseSum = base?.result() ?? Rational.sum(bases.map(Formulas.labourProductivity))
                shortfall = factor * baseSum - yearSum
            case .pooled:
                // ΣVA(n) must reach (1+t)ⁿ × LP_pooled(0) × ΣH(n), whoever adds it.
                baseLevel = Rational.sum(bases.map(Formulas.valueAdded)) / Rational.sum(bases.map(Formulas.labourHours))
                yearSum = Rational.sum(rows.map(Formulas.valueAdded))
                shortfall = factor * baseLevel * Rational.sum(hours) - yearSum
            case .geometric:
                // Π rⱼ must reach (1+t)^(nN) (公募要領 §2-2-1(5)(オ)二).
                guard bases.allSatisfy({ Formulas.valueAdded($0).sign > 0 }), rows.allSatisfy({ Formulas.valueAdded($0).sign > 0 }) else { break }
                if matchedCount > estimateAbove,
                    let filter = Growth.FilteredProduct(
                        base: bases.map { MemberPeriodResult(figures: $0) }, year: rows.map { MemberPeriodResult(figures: $0) }, years: years)
                {
                    estimate = filter
                    break
                }
                let ratios = zip(rows, bases).map { Formulas.labourProductivity($0) / Formulas.labourProductivity($1) }
                geometricFactor = factor.power(matchedCount) / Rational.product(ratios)
            }
            if filtered, matchedCount > estimateAbove, let shortfall, let year = Enclosure(yearSum), let short = Enclosure(shortfall) {
                near = (year, short, year + short)
            }
        }

        /// Whether the group meets the target with member `i`'s year-N value added changed by
        /// `change`, as its report would decide (mean and pooled; nil for the geometric mean, whose
        /// whole report decides): the change goes to the operating profit as a scenario's does, and
        /// figures it would take out of range leave the group unchanged (`.some(nil)`: as now).
        /// The levels are the report's (公募要領 §6-3): a base level of 0 or less cannot be compared
        /// (not met), a year level of 0 or less does not meet, otherwise L(n)/L(0) ≥ (1 + rate)ⁿ
        /// (`Growth.meets`) ⟺ L(n) ≥ (1 + rate)ⁿ L(0), compared exactly without forming the changed
        /// sums (reducing them took a gcd of thousands of bits a question):
        /// - mean: L(n)·N = Σ LPⱼ(n) + change/Hᵢ, so it meets ⟺ change/Hᵢ ≥ `shortfall`, and its
        ///   level is positive ⟺ change/Hᵢ > −Σ LPⱼ(n);
        /// - pooled: L(n)·ΣH(n) = ΣVA(n) + change, so it meets ⟺ change ≥ `shortfall`, and its
        ///   level is positive ⟺ change > −ΣVA(n).
        ///
        /// Geometric (a large group, through `estimate`): member i's ratio scales by
        /// (VAᵢ + change)/VAᵢ, so P' = P × (VAᵢ + change)/VAᵢ, and it meets ⟺ P' ≥ (1 + rate)^(nN)
        /// (`Growth.meets`, the report's rule); a value added of 0 or less leaves the growth
        /// undefined (not met). Decided from the estimate with one more factor when its bound
        /// settles it, else from the exact product.
        func meets(member i: Int, change: Rational) -> Bool?? {
            var f = rows[i]
            f.operatingProfit = f.operatingProfit + change
            if method == .geometric {
                guard let estimate else { return nil }
                guard FigureLimits.check(f, decimals: false) == nil else { return .some(nil) }
                let (before, after) = (Formulas.valueAdded(rows[i]), Formulas.valueAdded(f))
                guard after.sign > 0 else { return false }
                var changed = estimate
                if let (a, b) = after.parts, let (c, d) = before.parts {
                    // (a/b)/(c/d) = (a·d)/(b·c): four conversions, two products and a quotient, and the
                    // product with P̃ one more rounding (counted by `*`).
                    changed.power = estimate.power * ScaledEstimate((Double(a) * Double(d)) / (Double(b) * Double(c)), roundings: 7)
                    if let decided = changed.meets(rate) { return decided }
                }
                // VA′/VAᵢ ≥ Tn/Td ⟺ VA′ · Td ≥ Tn · VAᵢ (both fractions' denominators positive).
                let (tn, td) = target()
                return !(after.numerator * before.denominator * td < tn * before.numerator * after.denominator)
            }
            guard let shortfall else { return nil }
            guard FigureLimits.check(f, decimals: false) == nil else { return .some(nil) }
            let (baseSign, moved) = method == .mean ? (baseSum.sign, change / hours[i]) : (baseLevel.sign, change)
            guard baseSign > 0 else { return false }
            // Decided from the enclosures where they settle it (moved is a small fraction), else exactly.
            let enclosed = near.flatMap { near in Enclosure(moved).map { (near, $0) } }
            // The changed level is positive ⟺ moved > −yearSum.
            let notPositive =
                enclosed.flatMap { near, m in Enclosure.atLeast(Enclosure(lower: -near.year.upper, upper: -near.year.lower), m) }
                ?? !(-yearSum < moved)
            guard !notPositive else { return false }
            return enclosed.flatMap { near, m in Enclosure.atLeast(m, near.shortfall) } ?? !(moved < shortfall)
        }

        /// Whether the group meets the target with every member's year-N value added (or hours per
        /// employee) scaled by `factor`, as the uniform scenario's whole report would decide, or nil
        /// for that report to decide: a member the scenario would refuse (figures out of range,
        /// hours or headcount of 0 or less) leaves its figures as they are, which scaling cannot say.
        /// Every member's productivity then scales by λ = factor (value added: VA′ = factor × VA,
        /// the operating profit taking the change) or λ = 1/factor (hours: H′ = factor × H), so
        /// (公募要領 §6-3, §2-2-1(5)(オ)二, the report's rules as in `meets(member:change:)`):
        /// - mean: L(n)·N = λ Σ LPⱼ(n); pooled: L(n)·ΣH(n) = λ ΣVA(n) (both sums scale alike).
        ///   Not met when the base level is 0 or less or λ × the year's sum is; else met ⟺
        ///   λ × yearSum ≥ yearSum + `shortfall`;
        /// - geometric: P′ = P λ^N; met ⟺ P′ ≥ (1 + rate)^(nN) ⟺ λ^N ≥ T (`exactTarget`), decided
        ///   from the estimate when its bound settles it.
        /// A factor of 0 or less (every value added 0 or less) is left to the whole report as well.
        func meetsScaled(_ figure: AdjustableFigure, _ factor: Rational) -> Bool? {
            guard !refusesScaled(figure, factor) else { return nil }
            guard factor.sign > 0 else { return nil }  // every value added 0: the report says what that means
            let lambda = figure == .valueAdded ? factor : .one / factor
            if method == .geometric {
                guard let estimate else { return nil }
                if let (a, b) = lambda.parts, a < 1 << 52, b < 1 << 52 {
                    var changed = estimate
                    changed.power = estimate.power * ScaledEstimate(Double(a) / Double(b), roundings: 3).power(matchedCount)
                    if let decided = changed.meets(rate) { return decided }
                }
                // λ^N ≥ Tn/Td ⟺ a^N · Td ≥ b^N · Tn.
                let (tn, td) = target()
                return !(lambda.numerator.power(matchedCount) * td < lambda.denominator.power(matchedCount) * tn)
            }
            guard shortfall != nil else { return nil }
            let baseSign = method == .mean ? baseSum.sign : baseLevel.sign
            // λ > 0, so λ × yearSum has the sum's sign.
            guard baseSign > 0, yearSum.sign > 0 else { return false }
            if let near, let l = Enclosure(lambda), let decided = Enclosure.atLeast(l * near.year, near.reach) { return decided }
            return !(lambda * yearSum < reach())
        }

        /// The change in member `i`'s year-N value added that puts the group exactly on the target
        /// (positive: needed; negative: room to fall), or nil when no change of that member can.
        /// Under the mean, a value with the same floor and ceiling instead (all the caller uses).
        func exactChange(member i: Int) -> Rational? {
            switch method {
            case .mean:
                // Member i moves Σ LPⱼ(n) by ΔVAᵢ / Hᵢ: the change is shortfall × Hᵢ. The caller needs
                // only the whole yen either side of it, so it is one division, not a product (whose
                // gcd, on the shortfall's thousands-of-bits denominator, cost a large group more than
                // all the rest): q, or q ± ½ between the same two whole yen as the exact value.
                guard let shortfall else { return nil }
                let h = hours[i]
                // Strictly between two whole yen by the enclosures: k + ½ has the same floor and ceiling.
                if let near, let hours = Enclosure(h) {
                    let change = near.shortfall * hours
                    let k = change.lower.rounded(.down)
                    if k.magnitude < 0x1p52, change.lower > k, change.upper < k + 1 { return Rational(BigInt(Int64(k)) * 2 + 1, 2) }
                }
                let (q, r) = (shortfall.numerator * h.numerator).quotientAndRemainder(dividingBy: shortfall.denominator * h.denominator)
                return r == 0 ? Rational(q) : Rational(2 * q + BigInt(r.signum()), 2)
            case .pooled:
                // Anyone's value added counts the same in ΣVA(n).
                return shortfall
            case .geometric:
                // Member i's ratio, and so its value added, scales by f.
                if let estimate {
                    let va = Formulas.valueAdded(rows[i])
                    // f − 1 = e^(root·ln(1 + rate) − ln P̃) − 1, to seed the answer only: `meets`
                    // confirms it to the yen (a few steps at most, else the answer is unconfirmed).
                    // The seed is used while its error, (VA + amount) × the logarithm's (N terms
                    // of a few units in the last place), stays well under a yen.
                    let log = Double(estimate.root) * Foundation.log1p(rate.doubleValue) - estimate.power.naturalLog
                    let amount = va.doubleValue * Foundation.expm1(log)
                    let error = (abs(va.doubleValue) + abs(amount)) * Double(matchedCount) * 4e-16
                    if amount.isFinite, abs(amount) < 1e15, error < 0.25 {
                        return Rational(BigInt(Int64((amount * 1024).rounded(.down))), 1024)
                    }
                    // Past the figure limits by the estimate: a seed beyond them, which the caller
                    // confirms by a verdict at the limit (a group far below target under the
                    // geometric mean needs amounts hundreds of digits long).
                    if amount >= 2e15 { return FigureLimits.maxYen * Rational(3) }
                    // Too fine for floating point: VA × (T − 1) from the exact target, to within a
                    // yen below (one division, no gcd), which `meets` then confirms exactly.
                    let (tn, td) = target()
                    let (q, _) = (va.numerator * (tn - td)).quotientAndRemainder(dividingBy: va.denominator * td)
                    return Rational(q - 1)
                }
                guard let f = geometricFactor else { return nil }
                return Formulas.valueAdded(rows[i]) * (f - .one)
            }
        }

        /// Whether the uniform scenario scaling every member's `figure` (value added or hours per
        /// employee) by `factor` would refuse a member's changed figures: headcount or hours of 0
        /// or less, or a figure past `FigureLimits` (decimals allowed). Only the scaled figure
        /// changes, so the others are checked once (`scaleBounds`), and the scaled one through the
        /// factors every member allows, an interval formed once: value added, VA′ = f × VA with
        /// the operating profit taking the change, op′ = op + VA(f − 1) within ±maxYen ⟺ f within
        /// 1 + (±maxYen − op)/VA (ends swapped for VA < 0; any f for VA = 0); hours, f × h ≥ 1 and
        /// > 0 ⟺ f ≥ 1/h (for h > 0). Checking every member's changed figures at every step of
        /// the searches was a third of a 100,000-member target's time.
        func refusesScaled(_ figure: AdjustableFigure, _ factor: Rational) -> Bool {
            let bounds = scaleBounds.value { ScaleBounds(rows) }
            switch figure {
            case .valueAdded:
                guard bounds.valueAddedRest, !(bounds.valueAddedLow.map { factor < $0 } ?? false) else { return true }
                return bounds.valueAddedHigh.map { $0 < factor } ?? false
            case .hoursPerEmployee:
                guard bounds.hoursRest, factor.sign > 0 else { return true }
                return bounds.hoursLow.map { factor < $0 } ?? false
            default: return true
            }
        }

        /// See `refusesScaled`.
        struct ScaleBounds {
            /// Every member's figures but the one scaled within range, headcount and hours above 0.
            var valueAddedRest = true
            var hoursRest = true
            /// The factors every member's operating profit allows, as a closed interval (nil: unbounded).
            var valueAddedLow: Rational?
            var valueAddedHigh: Rational?
            /// The least factor every member's hours allow.
            var hoursLow: Rational?

            init(_ rows: [Figures]) {
                let fine = { (column: Column, value: Rational) in FigureLimits.violation(column, value, decimals: false) == nil }
                for f in rows {
                    let counts =
                        f.headcount.sign > 0 && fine(.headcount, f.headcount) && fine(.labourCost, f.labourCost)
                        && fine(.depreciation, f.depreciation)
                    valueAddedRest = valueAddedRest && counts && f.hoursPerEmployee.sign > 0 && fine(.hoursPerEmployee, f.hoursPerEmployee)
                    hoursRest = hoursRest && counts && f.hoursPerEmployee.sign > 0 && fine(.operatingProfit, f.operatingProfit)
                    let va = Formulas.valueAdded(f)
                    if va.sign != 0 {
                        let ends = ((-FigureLimits.maxYen - f.operatingProfit) / va + .one, (FigureLimits.maxYen - f.operatingProfit) / va + .one)
                        let (low, high) = va.sign > 0 ? ends : (ends.1, ends.0)
                        if valueAddedLow.map({ $0 < low }) ?? true { valueAddedLow = low }
                        if valueAddedHigh.map({ high < $0 }) ?? true { valueAddedHigh = high }
                    } else {
                        // A value added of 0 scales to 0: the operating profit stays as it is, in range or not.
                        valueAddedRest = valueAddedRest && fine(.operatingProfit, f.operatingProfit)
                    }
                    if f.hoursPerEmployee.sign > 0 {
                        let low = .one / f.hoursPerEmployee
                        if hoursLow.map({ $0 < low }) ?? true { hoursLow = low }
                    }
                }
            }
        }
        let scaleBounds = Lazy<ScaleBounds>()

        /// The exact yearSum + shortfall (mean: (1+t)ⁿ Σ LPⱼ(0); pooled: (1+t)ⁿ × LP_pooled(0) × ΣH(n)).
        func reach() -> Rational { exactReach.value { yearSum + (shortfall ?? .zero) } }
    }

    /// A value formed the first time it is asked for, then kept.
    final class Lazy<Value>: @unchecked Sendable {
        // @unchecked: a `Totals` is made and asked on one thread.
        private var made: Value?
        func value(_ make: () -> Value) -> Value {
            if let made { return made }
            let value = make()
            made = value
            return value
        }
    }

    static func ceiling(_ r: Rational) -> BigInt {
        let f = r.floor
        return Rational(f) == r ? f : f + 1
    }

    /// The smallest k in 0...limit with `test(k)`, for a monotone test; nil when none.
    static func smallest(upTo limit: Int, _ test: (Int) -> Bool) -> Int? {
        if test(0) { return 0 }
        var low = 0  // test(low) is false
        var high = 1
        while !test(high) {
            guard high < limit else { return nil }
            low = high
            high = min(limit, high * 2)
        }
        while high - low > 1 {
            let mid = (low + high) / 2
            if test(mid) { high = mid } else { low = mid }
        }
        return high
    }
}

extension MemberPeriodResult {
    init(figures f: Figures) { self.init(period: .base, figures: f) }
}
