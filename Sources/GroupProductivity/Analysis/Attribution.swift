import Foundation

/// Who lifts and who drags: each member's contribution to the group's improvement ratio for one
/// report year, under the method in use, and the verdict under all three methods side by side.
public struct Attribution: Sendable {
    public struct Share: Sendable {
        public var member: Member
        public var baseProductivity: Double
        public var yearProductivity: Double
        /// Arithmetic mean: (LPᵢ(n) − LPᵢ(0)) / N / LP_G(0); pooled: (VAᵢ(n)/ΣH(n) − VAᵢ(0)/ΣH(0)) / LP_G(0).
        /// Both add up to the improvement ratio − 1. Geometric mean: ln(LPᵢ(n)/LPᵢ(0)) / N, which adds
        /// up to ln(improvement ratio).
        public var contribution: Double
        /// The exact contribution (arithmetic mean and pooled).
        public var exact: Rational?
    }

    public struct MethodVerdict: Sendable {
        public var method: GroupMethod
        public var cagr: Double?
        public var cagrOfficial: Rational?
        public var meets: Bool?
    }

    public var period: Period
    public var method: GroupMethod
    /// Largest contribution first.
    public var shares: [Share]
    /// Improvement ratio − 1 (or its logarithm for the geometric mean).
    public var total: Double?
    public var methods: [MethodVerdict]
    /// The three methods do not give the same verdict.
    public var methodsDisagree: Bool { Set(methods.compactMap(\.meets)).count > 1 }
    /// Actuals, or in the planning period the members' plans (see `Group.forAnalysis`).
    public var basis: AnalysisBasis
    /// The members without a contribution because they are not compared for the year, and why.
    public var leftOut: [LeftOutMember]

    public struct LeftOutMember: Sendable, Equatable {
        public var member: Member
        public var reason: LeftOutReason
    }
}

extension Attribution {
    public init(group given: Group, method: GroupMethod = .mean, period requested: Period? = nil) {
        let (group, basis) = given.forAnalysis()
        self.basis = basis
        let report = GroupReport(group: group, method: method, detail: .verdicts)
        let n = requested ?? report.latestReportedPeriod ?? .year2
        period = n
        self.method = method
        let matched = report.period(n).membersInCalculation
        let pairs: [(Member, Figures, Figures)]
        let compared: (Int, Member) -> Bool
        if let places = matched.rosterPlaces, let roster = group.figuresByRoster() {
            // By roster place (the report's roster is the group's): no dictionary of members or
            // set of IDs, each as large as the group.
            var found: [(Member, Figures, Figures)] = []
            found.reserveCapacity(places.count)
            var inPairs = [Bool](repeating: false, count: group.members.count)
            for place in places where n != .base {
                let i = Int(place)
                guard let b = roster[i, .base, .actual], let y = roster[i, n, .actual] else { continue }
                found.append((group.members[i], b, y))
                inPairs[i] = true
            }
            pairs = found
            compared = { i, _ in inPairs[i] }
        } else {
            let byID = Dictionary(group.members.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            pairs = matched.compactMap { id -> (Member, Figures, Figures)? in
                guard let m = byID[id], let b = group.figures(id, .base), let y = group.figures(id, n), n != .base else { return nil }
                return (m, b, y)
            }
            let ids = Set(pairs.map(\.0.id))
            compared = { _, m in ids.contains(m.id) }
        }
        leftOut = group.members.enumerated().filter { !compared($0.offset, $0.element) }.map { _, m in
            LeftOutMember(member: m, reason: LeftOutReason(m, in: group, year: n) ?? .noFigures(n))
        }
        var shares: [Share] = []
        // No member with both years (before year 1, or nobody reported): no contributions, by
        // construction — the mean below takes a non-empty set.
        let bases = NonEmpty(pairs.map { Formulas.labourProductivity($0.1) })
        // Shown, never decided on: a group of more than `GroupReport.defaultExactUpTo` members
        // has its contributions worked out in floating point (`exact` nil), as the report
        // encloses such a group's level. Exactly, the group's base level's denominator grows with
        // every member and each share divides by it: a 10,000-member HTML report took 26 s, a
        // 300,000-member one more than five minutes.
        if pairs.count > GroupReport.defaultExactUpTo, method != .geometric, bases != nil {
            shares = Self.approximateShares(pairs, method: method)
        } else {
            shares = Self.exactShares(pairs, bases: bases, method: method)
        }
        // Summed in roster order, then sorted in place (a sorted copy beside it was 10 MB more
        // for 100,000 members).
        total = shares.isEmpty ? nil : shares.reduce(0) { $0 + $1.contribution }
        shares.sort { $0.contribution > $1.contribution }
        self.shares = shares
        methods = GroupMethod.allCases.map { m in
            let p = GroupReport(group: group, method: m, detail: .verdicts).period(n)
            return MethodVerdict(method: m, cagr: p.cagr, cagrOfficial: p.cagrOfficial, meets: p.meetsThreshold)
        }
    }

    /// The mean's and the pooled figure's shares in `Double`, each formula as `Share.contribution` gives it.
    static func approximateShares(_ pairs: [(Member, Figures, Figures)], method: GroupMethod) -> [Share] {
        let lp = pairs.map { (Formulas.labourProductivity($0.1).doubleValue, Formulas.labourProductivity($0.2).doubleValue) }
        var shares: [Share] = []
        shares.reserveCapacity(pairs.count)
        switch method {
        case .mean:
            let count = Double(pairs.count)
            let base = lp.reduce(0) { $0 + $1.0 } / count
            for ((m, _, _), (b, y)) in zip(pairs, lp) where base > 0 {
                shares.append(Share(member: m, baseProductivity: b, yearProductivity: y, contribution: (y - b) / count / base, exact: nil))
            }
        case .pooled:
            let h0 = pairs.reduce(0) { $0 + Formulas.labourHours($1.1).doubleValue }
            let hn = pairs.reduce(0) { $0 + Formulas.labourHours($1.2).doubleValue }
            let base = pairs.reduce(0) { $0 + Formulas.valueAdded($1.1).doubleValue } / h0
            for ((m, b, y), (lb, ly)) in zip(pairs, lp) where base > 0 {
                let c = (Formulas.valueAdded(y).doubleValue / hn - Formulas.valueAdded(b).doubleValue / h0) / base
                shares.append(Share(member: m, baseProductivity: lb, yearProductivity: ly, contribution: c, exact: nil))
            }
        case .geometric:
            break
        }
        return shares
    }

    static func exactShares(_ pairs: [(Member, Figures, Figures)], bases: NonEmpty<Rational>?, method: GroupMethod) -> [Share] {
        var shares: [Share] = []
        switch method {
        case .mean:
            guard let bases else { break }
            let count = Rational(bases.count)
            let base = Rational.mean(bases)
            for (m, b, y) in pairs where base.sign > 0 {
                let c = (Formulas.labourProductivity(y) - Formulas.labourProductivity(b)) / count / base
                shares.append(
                    Share(
                        member: m, baseProductivity: Formulas.labourProductivity(b).doubleValue,
                        yearProductivity: Formulas.labourProductivity(y).doubleValue, contribution: c.doubleValue, exact: c))
            }
        case .pooled:
            guard bases != nil else { break }
            let h0 = Rational.sum(pairs.map { Formulas.labourHours($0.1) })
            let hn = Rational.sum(pairs.map { Formulas.labourHours($0.2) })
            let base = Rational.sum(pairs.map { Formulas.valueAdded($0.1) }) / h0
            for (m, b, y) in pairs where base.sign > 0 {
                let c = (Formulas.valueAdded(y) / hn - Formulas.valueAdded(b) / h0) / base
                shares.append(
                    Share(
                        member: m, baseProductivity: Formulas.labourProductivity(b).doubleValue,
                        yearProductivity: Formulas.labourProductivity(y).doubleValue, contribution: c.doubleValue, exact: c))
            }
        case .geometric:
            if pairs.allSatisfy({ Formulas.labourProductivity($0.1).sign > 0 && Formulas.labourProductivity($0.2).sign > 0 }) {
                for (m, b, y) in pairs {
                    let ratio = Formulas.labourProductivity(y) / Formulas.labourProductivity(b)
                    shares.append(
                        Share(
                            member: m, baseProductivity: Formulas.labourProductivity(b).doubleValue,
                            yearProductivity: Formulas.labourProductivity(y).doubleValue,
                            contribution: ratio.naturalLog / Double(pairs.count), exact: nil))
                }
            }
        }
        return shares
    }
}

/// The group's official CAGR for a range of uniform value-added changes × hours changes in one
/// report year, each cell decided exactly.
public struct SensitivityGrid: Sendable {
    public struct Cell: Sendable {
        public var cagrOfficial: Rational?
        public var meets: Bool
    }

    public var period: Period
    /// Percent changes, e.g. −10, −5, 0, 5, 10.
    public var valueAddedChanges: [Int]
    public var hoursChanges: [Int]
    /// cells[i][j]: value-added change i, hours change j.
    public var cells: [[Cell]]
    public var threshold: Threshold

    public init(
        group given: Group, method: GroupMethod = .mean, period requested: Period? = nil,
        valueAddedChanges: [Int], hoursChanges: [Int]
    ) {
        let group = given.forAnalysis().group
        let report = GroupReport(group: group, method: method, detail: .verdicts)
        let n = requested ?? report.latestReportedPeriod ?? .year2
        period = n
        threshold = report.threshold
        self.valueAddedChanges = valueAddedChanges
        self.hoursChanges = hoursChanges
        let matched = report.period(n).membersInCalculation
        cells = valueAddedChanges.map { va in
            hoursChanges.map { h in
                var adjustments: [Adjustment] = []
                for id in matched {
                    adjustments.append(Adjustment(member: id, period: n, figure: .valueAdded, operation: .scale(Rational.one + Rational(va) / Rational(100))))
                    adjustments.append(
                        Adjustment(member: id, period: n, figure: .hoursPerEmployee, operation: .scale(Rational.one + Rational(h) / Rational(100))))
                }
                let changed = group.applying(Scenario(name: "", adjustments: adjustments))
                let p = GroupReport(group: changed.group, method: method, detail: .verdicts).period(n)
                return Cell(cagrOfficial: changed.problems.isEmpty ? p.cagrOfficial : nil, meets: changed.problems.isEmpty && p.meetsThreshold == true)
            }
        }
    }
}
