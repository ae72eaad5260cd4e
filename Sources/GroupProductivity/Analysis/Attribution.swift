import Foundation

/// Who lifts and who drags: each member's contribution to the group's improvement ratio for one
/// report year, under the method in use, and the verdict under all three methods side by side.
public struct Attribution: Sendable {
    /// One member's contribution. It names its member by place in the group's roster, which all
    /// shares hold once between them with the figures (`Members`), and works out its productivities
    /// from them when asked: a share holding its `Member`, productivities and exact value was 104
    /// bytes, 31 MB for a 300,000-member HTML report; kept in `Shares` it is 16.
    public struct Share: Sendable {
        let members: Members
        let place: Int32
        /// Where the exact contribution is in `members.exact`; -1 when there is none.
        var exactIndex: Int32 = -1
        public var member: Member { members.roster[Int(place)] }
        public var baseProductivity: Double { members.productivity(Int(place), .base) }
        public var yearProductivity: Double { members.productivity(Int(place), members.year) }
        /// Arithmetic mean: (LPᵢ(n) − LPᵢ(0)) / N / LP_G(0); pooled: (VAᵢ(n)/ΣH(n) − VAᵢ(0)/ΣH(0)) / LP_G(0).
        /// Both add up to the improvement ratio − 1. Geometric mean: ln(LPᵢ(n)/LPᵢ(0)) / N, which adds
        /// up to ln(improvement ratio).
        public var contribution: Double
        /// The exact contribution (arithmetic mean and pooled, worked out exactly for groups of up
        /// to `GroupReport.defaultExactUpTo` members compared).
        public var exact: Rational? { exactIndex < 0 ? nil : members.exact[Int(exactIndex)] }
    }

    /// The shares, largest contribution first: each kept as its member's place, its exact value's
    /// place and its contribution (16 bytes), and read as a `Share`.
    public struct Shares: RandomAccessCollection, Sendable {
        struct Entry: Sendable {
            var place: Int32
            var exactIndex: Int32
            var contribution: Double
        }
        let members: Members
        var entries: [Entry]
        public var startIndex: Int { 0 }
        public var endIndex: Int { entries.count }
        public subscript(i: Int) -> Share {
            Share(members: members, place: entries[i].place, exactIndex: entries[i].exactIndex, contribution: entries[i].contribution)
        }
    }

    /// The roster the shares name their members from, and the exact contributions when they were
    /// worked out exactly.
    final class Members: Sendable {
        let roster: [Member]
        let exact: [Rational]
        let year: Period
        let figures: @Sendable (Int, Period) -> Figures?
        init(roster: [Member], year: Period, figures: @escaping @Sendable (Int, Period) -> Figures?, exact: [Rational] = []) {
            self.roster = roster
            self.year = year
            self.figures = figures
            self.exact = exact
        }
        /// A compared member's labour productivity for `period` (it has figures for it).
        func productivity(_ place: Int, _ period: Period) -> Double {
            figures(place, period).map { Formulas.labourProductivity($0).doubleValue } ?? .nan
        }
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
    public var shares: Shares
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
        // The verdict under each method first, the report above serving for its own method: each
        // other report's working memory is let go before the shares are made.
        methods = GroupMethod.allCases.map { m in
            let p = (m == method ? report : GroupReport(group: group, method: m, detail: .verdicts)).period(n)
            return MethodVerdict(method: m, cagr: p.cagr, cagrOfficial: p.cagrOfficial, meets: p.meetsThreshold)
        }
        // The members compared, by roster place, and a figure of one of them: no list of members
        // and figures beside the roster (88 bytes a member, 26 MB for 300,000 members).
        var places: [Int32] = []
        var inPairs = [Bool](repeating: false, count: group.members.count)
        let figures: @Sendable (Int, Period) -> Figures?
        if let rosterPlaces = matched.rosterPlaces, let roster = group.figuresByRoster() {
            // The report's roster is the group's: its places are the group's.
            figures = { roster[$0, $1, .actual] }
            places.reserveCapacity(rosterPlaces.count)
            for place in rosterPlaces where n != .base {
                let i = Int(place)
                guard roster[i, .base, .actual] != nil, roster[i, n, .actual] != nil else { continue }
                places.append(Int32(i))
                inPairs[i] = true
            }
        } else {
            // A roster the figures cannot be placed by (two members share an ID): each ID's first member.
            var placeOf: [MemberID: Int] = [:]
            for (i, member) in group.members.enumerated() where placeOf[member.id] == nil { placeOf[member.id] = i }
            figures = { group.figures(group.members[$0].id, $1) }
            var seen = Set<Int>()
            for id in matched {
                guard let i = placeOf[id], n != .base, group.figures(id, .base) != nil, group.figures(id, n) != nil else { continue }
                places.append(Int32(i))
                if seen.insert(i).inserted {
                    // Every member with the ID counts as compared, as by ID before.
                    for (j, member) in group.members.enumerated() where member.id == id { inPairs[j] = true }
                }
            }
        }
        leftOut = group.members.enumerated().filter { !inPairs[$0.offset] }.map { _, m in
            LeftOutMember(member: m, reason: LeftOutReason(m, in: group, year: n) ?? .noFigures(n))
        }
        let pairs = Pairs(places: places, year: n, figures: figures)
        var shares: Shares
        // No member with both years (before year 1, or nobody reported): no contributions, by
        // construction — the mean below takes a non-empty set.
        let bases = NonEmpty(pairs.indices.map { Formulas.labourProductivity(pairs.base($0)) })
        // Shown, never decided on: a group of more than `GroupReport.defaultExactUpTo` members
        // has its contributions worked out in floating point (`exact` nil), as the report
        // encloses such a group's level. Exactly, the group's base level's denominator grows with
        // every member and each share divides by it: a 10,000-member HTML report took 26 s, a
        // 300,000-member one more than five minutes.
        if pairs.count > GroupReport.defaultExactUpTo, method != .geometric, bases != nil {
            shares = Self.approximateShares(pairs, members: Members(roster: group.members, year: n, figures: figures), method: method)
        } else {
            shares = Self.exactShares(pairs, roster: group.members, bases: bases, method: method)
        }
        // Summed in roster order, then sorted in place (a sorted copy beside it was 10 MB more
        // for 100,000 members).
        total = shares.isEmpty ? nil : shares.entries.reduce(0) { $0 + $1.contribution }
        shares.entries.sort { $0.contribution > $1.contribution }
        self.shares = shares
    }

    /// The members compared for year `year`, by roster place, with their base and year figures.
    struct Pairs {
        let places: [Int32]
        let year: Period
        let figures: @Sendable (Int, Period) -> Figures?
        var count: Int { places.count }
        var indices: Swift.Range<Int> { places.indices }
        func place(_ k: Int) -> Int32 { places[k] }
        /// Pair `k`'s base and year figures (both there: the pair was made so).
        func base(_ k: Int) -> Figures { figures(Int(places[k]), .base)! }
        func year(_ k: Int) -> Figures { figures(Int(places[k]), year)! }
    }

    /// The mean's and the pooled figure's shares in `Double`, each formula as `Share.contribution` gives it.
    static func approximateShares(_ pairs: Pairs, members: Members, method: GroupMethod) -> Shares {
        // Each productivity is worked out where it is used, twice for the mean: a list of them
        // beside the shares was 16 bytes a member.
        let lp = { (k: Int, period: Period) in Formulas.labourProductivity(period == .base ? pairs.base(k) : pairs.year(k)).doubleValue }
        var shares = Shares(members: members, entries: [])
        shares.entries.reserveCapacity(pairs.count)
        switch method {
        case .mean:
            let count = Double(pairs.count)
            let base = pairs.indices.reduce(0) { $0 + lp($1, .base) } / count
            for k in pairs.indices where base > 0 {
                let (b, y) = (lp(k, .base), lp(k, pairs.year))
                shares.entries.append(.init(place: pairs.place(k), exactIndex: -1, contribution: (y - b) / count / base))
            }
        case .pooled:
            let h0 = pairs.indices.reduce(0) { $0 + Formulas.labourHours(pairs.base($1)).doubleValue }
            let hn = pairs.indices.reduce(0) { $0 + Formulas.labourHours(pairs.year($1)).doubleValue }
            let base = pairs.indices.reduce(0) { $0 + Formulas.valueAdded(pairs.base($1)).doubleValue } / h0
            for k in pairs.indices where base > 0 {
                let c = (Formulas.valueAdded(pairs.year(k)).doubleValue / hn - Formulas.valueAdded(pairs.base(k)).doubleValue / h0) / base
                shares.entries.append(.init(place: pairs.place(k), exactIndex: -1, contribution: c))
            }
        case .geometric:
            break
        }
        return shares
    }

    static func exactShares(_ pairs: Pairs, roster: [Member], bases: NonEmpty<Rational>?, method: GroupMethod) -> Shares {
        // Each pair's exact contribution (mean and pooled), then the shares naming them.
        var exact: [Rational] = []
        var places: [Int32] = []
        switch method {
        case .mean:
            guard let bases else { break }
            let count = Rational(bases.count)
            let base = Rational.mean(bases)
            for k in pairs.indices where base.sign > 0 {
                let (b, y) = (pairs.base(k), pairs.year(k))
                exact.append((Formulas.labourProductivity(y) - Formulas.labourProductivity(b)) / count / base)
                places.append(pairs.place(k))
            }
        case .pooled:
            guard bases != nil else { break }
            let h0 = Rational.sum(pairs.indices.map { Formulas.labourHours(pairs.base($0)) })
            let hn = Rational.sum(pairs.indices.map { Formulas.labourHours(pairs.year($0)) })
            let base = Rational.sum(pairs.indices.map { Formulas.valueAdded(pairs.base($0)) }) / h0
            for k in pairs.indices where base.sign > 0 {
                let (b, y) = (pairs.base(k), pairs.year(k))
                exact.append((Formulas.valueAdded(y) / hn - Formulas.valueAdded(b) / h0) / base)
                places.append(pairs.place(k))
            }
        case .geometric:
            let members = Members(roster: roster, year: pairs.year, figures: pairs.figures)
            var shares = Shares(members: members, entries: [])
            let positive = pairs.indices.allSatisfy {
                Formulas.labourProductivity(pairs.base($0)).sign > 0 && Formulas.labourProductivity(pairs.year($0)).sign > 0
            }
            guard positive else { return shares }
            shares.entries.reserveCapacity(pairs.count)
            for k in pairs.indices {
                let (b, y) = (Formulas.labourProductivity(pairs.base(k)), Formulas.labourProductivity(pairs.year(k)))
                shares.entries.append(.init(place: pairs.place(k), exactIndex: -1, contribution: (y / b).naturalLog / Double(pairs.count)))
            }
            return shares
        }
        let members = Members(roster: roster, year: pairs.year, figures: pairs.figures, exact: exact)
        return Shares(members: members, entries: places.indices.map { k in .init(place: places[k], exactIndex: Int32(k), contribution: exact[k].doubleValue) })
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
