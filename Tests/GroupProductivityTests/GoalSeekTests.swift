import BigInt
import SafeFiles
import Testing

@testable import GroupPresentation
@testable import GroupProductivity
@testable import GroupWorkflows

/// Goal seeking, attribution and scenarios on domain.md's worked example (years 0 and 2). Every
/// expectation was computed separately with Python's fractions.Fraction by
/// Fixtures/goalseek-expected.py (run it to see each value printed):
///   S0 = Σ LPᵢ(0) = 667225/171, S2 = Σ LPᵢ(2) = 108934085/25004, R = (1+t)² S0,
///   need_i = ⌈(R − S2) Hᵢ(2)⌉, margin_i = ⌊(S2 − R) Hᵢ(2)⌋, uniform = ⌈(R/S2 − 1) 10⁴⌉ …
@Suite("Goal seeking, attribution and scenarios")
struct GoalSeekTests {
    static func twoYearGroup(priorGrant: Bool) throws -> Group {
        var group = try #require(GroupLoader.load(path: Fixtures.path("worked-example")).group)
        group.figures = group.figures.filter { $0.key.period != .year1 }
        group.members[2].priorGrant = priorGrant
        return group
    }

    static func meets(_ group: Group, _ method: GroupMethod = .mean) -> Bool {
        GroupReport(group: group, method: method).period(.year2).meetsThreshold == true
    }

    static func adding(_ yen: BigInt, to member: MemberID, _ group: Group) -> Group {
        group.applying(Scenario(name: "t", adjustments: [Adjustment(member: member, period: .year2, figure: .valueAdded, operation: .add(Rational(yen)))]))
            .group
    }

    @Test func needsAtSixPercentAreTheTrueMinimumToTheYen() throws {
        let group = try Self.twoYearGroup(priorGrant: true)
        let seek = GoalSeek(group: group)
        #expect(!seek.meetsNow)
        #expect(seek.period == .year2)
        #expect(seek.members.map(\.yen) == [240_706, 209_070, 1_654_952])
        for answer in seek.members {
            let yen = try #require(answer.yen)
            #expect(Self.meets(Self.adding(yen, to: answer.member.id, group)), "\(answer.member.id) + \(yen) meets")
            #expect(!Self.meets(Self.adding(yen - 1, to: answer.member.id, group)), "\(answer.member.id) + \(yen - 1) misses")
        }
        // Uniform rates: 0.64% more value added, or 0.63% fewer hours; one step less is not enough.
        #expect(seek.uniformValueAddedIncrease == Rational(64, 10_000))
        #expect(seek.uniformHoursCut == Rational(63, 10_000))
        let everyone = { (figure: AdjustableFigure, factor: Rational) in
            group.applying(Scenario(name: "u", adjustments: [Adjustment(member: nil, period: .year2, figure: figure, operation: .scale(factor))])).group
        }
        #expect(Self.meets(everyone(.valueAdded, Rational(10_064, 10_000))))
        #expect(!Self.meets(everyone(.valueAdded, Rational(10_063, 10_000))))
        #expect(Self.meets(everyone(.hoursPerEmployee, Rational(9_937, 10_000))))
        #expect(!Self.meets(everyone(.hoursPerEmployee, Rational(9_938, 10_000))))
        // R = 1.1236 × S0 / 3 for the mean.
        #expect(seek.requiredProductivity == Rational(11_236, 10_000) * Rational(667_225, 513))
    }

    /// A large group's answers are confirmed from its exact sums with one member changed, a small
    /// one's by whole reports of the changed group: on random groups (both sides of the target,
    /// members at the top of the accepted range so that a change would leave it, decimals,
    /// fractional headcounts) and on the worked example, both give every answer the same, under
    /// the mean and the pooled figure, and under the geometric mean from the group's estimated
    /// product (exact where the estimate cannot tell: on the knife edge below).
    @Test(arguments: [GroupMethod.mean, .pooled, .geometric])
    func answersConfirmedFromTheSumsAreTheWholeReports(method: GroupMethod) throws {
        var groups = [try Self.twoYearGroup(priorGrant: true), try Self.twoYearGroup(priorGrant: false)]
        var rng = SeededRandom(state: 20_261_123)
        for round in 0..<16 {
            let n = 10 + Int(rng.next() % 20)
            var lines = [figureHeader]
            for i in 1...n {
                let id = "M\(i < 10 ? "0" : "")\(i)"
                let heads = ["1", "2.5", "3", "12"][Int(rng.next() % 4)]
                let hours = ["2000", "1750.5", "1987.25", "1200"][Int(rng.next() % 4)]
                let base = 1_000_000 + Int(rng.next() % 5_000_000)
                let growth = 1.0 + Double(Int(rng.next() % 1_400)) / 10_000 + (round % 2 == 0 ? 0.02 : 0)
                // Now and then a member at the very top of the accepted range (< 10^15 yen).
                let top = i == 2 && round % 4 == 0
                lines.append(figureLine(id, 0, op: "\(base)", labour: "6000000", dep: "12345.5", heads: heads, hours: hours))
                lines.append(
                    figureLine(
                        id, 2, op: top ? "999999999999999" : "\(Int(Double(base + 6_000_000) * growth) - 6_000_000)", labour: "6000000",
                        dep: "12345.5", heads: heads, hours: hours))
            }
            let temp = TempGroup(utf8: ["members.csv": roster(n), "f.csv": lines.joined(separator: "\n")])
            groups.append(try #require(temp.load().group, "round \(round)"))
        }
        // On the knife edge: every member's value added 10,000,000 → 10,400,000 over 2,000 hours, so
        // a member needs exactly 1.1025 × 100,000,000 − 104,000,000 = 6,250,000 yen (exactly 5%).
        var edge = [figureHeader]
        for i in 1...10 {
            let id = "M\(i < 10 ? "0" : "")\(i)"
            edge.append(figureLine(id, 0, op: "2000000", labour: "8000000"))
            edge.append(figureLine(id, 2, op: "2400000", labour: "8000000"))
        }
        let edgeGroup = try #require(TempGroup(utf8: ["members.csv": roster(10), "f.csv": edge.joined(separator: "\n")]).load().group)
        if method != .geometric {
            #expect(GoalSeek(group: edgeGroup, method: method, confirmWholeUpTo: 0).members.map(\.yen) == Array(repeating: 6_250_000, count: 10))
        }
        groups.append(edgeGroup)
        // The geometric mean's knife edge: nine members' value added 10,000,000 → 11,025,000 (ratio
        // 1.1025 each) and the tenth's flat, so the product is 1.1025⁹ against 1.05²⁰ = 1.1025¹⁰: the
        // tenth needs exactly 1,025,000 yen (the changed product equals the target, which meets),
        // each of the others 1.1025² × 10,000,000 − 11,025,000 = 1,130,062.5, so 1,130,063.
        var geometricEdge = [figureHeader]
        for i in 1...10 {
            let id = "M\(i < 10 ? "0" : "")\(i)"
            geometricEdge.append(figureLine(id, 0, op: "2000000", labour: "8000000"))
            geometricEdge.append(figureLine(id, 2, op: i == 10 ? "2000000" : "3025000", labour: "8000000"))
        }
        let geometricEdgeGroup = try #require(
            TempGroup(utf8: ["members.csv": roster(10), "f.csv": geometricEdge.joined(separator: "\n")]).load().group)
        if method == .geometric {
            #expect(
                GoalSeek(group: geometricEdgeGroup, method: method, confirmWholeUpTo: 0).members.map(\.yen)
                    == Array(repeating: 1_130_063, count: 9) + [1_025_000])
        }
        groups.append(geometricEdgeGroup)
        // Far below the target, with a member of 500,000,000,000,000 yen: what it would need alone
        // takes its figures past the accepted range, where a scenario leaves the group as it is.
        var far = [figureHeader]
        for i in 1...10 {
            let id = "M\(i < 10 ? "0" : "")\(i)"
            far.append(figureLine(id, 0, op: i == 1 ? "500000000000000" : "2000000", labour: "8000000"))
            far.append(figureLine(id, 2, op: i == 1 ? "500000000000000" : "-3000000", labour: "8000000"))
        }
        let farGroup = try #require(TempGroup(utf8: ["members.csv": roster(10), "f.csv": far.joined(separator: "\n")]).load().group)
        if method == .geometric {
            // M01 alone needs its ratio 1.1025¹⁰ × 2⁹ ≈ 1,360 times over: about 6.8 × 10^17 yen.
            let answers = GoalSeek(group: farGroup, method: method, confirmWholeUpTo: 0).members
            #expect(answers[0].impossible == .beyondFigureLimits)
            #expect(answers[1...].allSatisfy { $0.yen != nil })
        }
        groups.append(farGroup)
        // Large figures near the target: M01 and M02 grow 1.1025-fold from 100,000,000,000,000 yen,
        // the rest 1.1-fold, so T = 1.1025¹⁰ ÷ (1.1025² × 1.1⁸) = (1.1025/1.1)⁸ and each needs its
        // year-2 value added × (T − 1): 2,020,563,387,158.38… for M01 (too fine for a floating
        // seed: answered from the exact target) and 40,319.63… for M03.
        var near = [figureHeader]
        for i in 1...10 {
            let id = "M\(i < 10 ? "0" : "")\(i)"
            near.append(figureLine(id, 0, op: i <= 2 ? "100000000000000" : "2000000"))
            near.append(figureLine(id, 2, op: i <= 2 ? "110250000000000" : "2200000"))
        }
        let nearGroup = try #require(TempGroup(utf8: ["members.csv": roster(10), "f.csv": near.joined(separator: "\n")]).load().group)
        if method == .geometric {
            #expect(
                GoalSeek(group: nearGroup, method: method, confirmWholeUpTo: 0).members.map(\.yen)
                    == [2_020_563_387_159, 2_020_563_387_159] + Array(repeating: 40_320, count: 8))
        }
        groups.append(nearGroup)
        var confirmedBySums = 0
        for (k, group) in groups.enumerated() {
            let whole = GoalSeek(group: group, method: method, confirmWholeUpTo: .max)
            let sums = GoalSeek(group: group, method: method, confirmWholeUpTo: 0)
            // The sums' decisions from their enclosures, and all of them exact: the same answers.
            let exact = GoalSeek(group: group, method: method, period: nil, confirmWholeUpTo: 0, filtered: false)
            #expect(exact.members.map(\.yen) == sums.members.map(\.yen), "group \(k)")
            #expect(exact.members.map(\.impossible) == sums.members.map(\.impossible), "group \(k)")
            #expect(
                [exact.uniformValueAddedIncrease, exact.uniformValueAddedMargin, exact.uniformHoursCut]
                    == [sums.uniformValueAddedIncrease, sums.uniformValueAddedMargin, sums.uniformHoursCut], "group \(k)")
            #expect(whole.meetsNow == sums.meetsNow, "group \(k)")
            #expect(whole.members.map(\.yen) == sums.members.map(\.yen), "group \(k)")
            #expect(whole.members.map(\.impossible) == sums.members.map(\.impossible), "group \(k)")
            #expect(whole.uniformValueAddedIncrease == sums.uniformValueAddedIncrease, "group \(k)")
            #expect(whole.uniformValueAddedMargin == sums.uniformValueAddedMargin, "group \(k)")
            #expect(whole.uniformHoursCut == sums.uniformHoursCut, "group \(k)")
            confirmedBySums += sums.members.count { $0.yen != nil }
        }
        // Both sides of the target are met: needs and margins.
        #expect(groups.contains { GoalSeek(group: $0, method: method, confirmWholeUpTo: 0).meetsNow })
        #expect(groups.contains { !GoalSeek(group: $0, method: method, confirmWholeUpTo: 0).meetsNow })
        #expect(confirmedBySums > 100)
    }

    /// The figure limit's knife edge (mean and pooled, equal hours: the same sums). M01's base
    /// value added 907,029,469,528,344 and the others' 2,000,000; year 2 M01 1,000,000 (operating
    /// profit 0) and the others 1,000,000. M01 needs 441/400 × 907,029,469,546,344 − 10,000,000 =
    /// 999,999,999,999,999.26 yen: 10^15 whole yen, its operating profit exactly at the limit. One
    /// yen more of base value added and it needs 10^15 + 1: past the limit, as the others are.
    @Test(arguments: [GroupMethod.mean, .pooled], [0, Int.max])
    func aNeedPastTheFigureLimitIsSaidSo(method: GroupMethod, confirmWholeUpTo: Int) throws {
        func group(_ base: String) throws -> Group {
            var lines = [figureHeader]
            for i in 1...10 {
                let id = "M\(i < 10 ? "0" : "")\(i)"
                lines.append(figureLine(id, 0, op: i == 1 ? base : "2000000"))
                lines.append(i == 1 ? figureLine(id, 2, op: "0", labour: "1000000") : figureLine(id, 2, op: "1000000"))
            }
            return try #require(TempGroup(utf8: ["members.csv": roster(10), "f.csv": lines.joined(separator: "\n")]).load().group)
        }
        let atLimit = GoalSeek(group: try group("907029469528344"), method: method, confirmWholeUpTo: confirmWholeUpTo).members
        #expect(atLimit.map(\.yen) == [1_000_000_000_000_000] + Array(repeating: nil, count: 9))
        #expect(atLimit.map(\.impossible) == [nil] + Array(repeating: .beyondFigureLimits, count: 9))
        let past = GoalSeek(group: try group("907029469528345"), method: method, confirmWholeUpTo: confirmWholeUpTo).members
        #expect(past.map(\.impossible) == Array(repeating: .beyondFigureLimits, count: 10))
    }

    /// Uniform changes on their knife edges, under every method, from whole reports and from the
    /// scaled sums or product. Ten members of equal hours, base value added 10,000,000 each. Year 2
    /// at 10,500,000 each: every level must scale by 1.1025/1.05 = 1.05 exactly, so +5.00% meets and
    /// +4.99% does not (the geometric product lands on 1.05²⁰ itself: the exact target decides);
    /// hours cut by c scale it by 1/(1 − c) ≥ 1.05 ⟺ c ≥ 1/21 = 4.7619…%, so 4.77%. Year 2 at
    /// 13,781,250 (1.1025 × 1.25) each: a fall to 80% lands on the target, so the margin is 20.00%.
    @Test(arguments: [GroupMethod.mean, .pooled, .geometric], [0, Int.max])
    func uniformChangesOnTheirKnifeEdges(method: GroupMethod, confirmWholeUpTo: Int) throws {
        func group(year2: String) throws -> Group {
            var lines = [figureHeader]
            for i in 1...10 {
                let id = "M\(i < 10 ? "0" : "")\(i)"
                lines.append(figureLine(id, 0, op: "2000000", labour: "8000000"))
                lines.append(figureLine(id, 2, op: year2, labour: "8000000"))
            }
            return try #require(TempGroup(utf8: ["members.csv": roster(10), "f.csv": lines.joined(separator: "\n")]).load().group)
        }
        let below = GoalSeek(group: try group(year2: "2500000"), method: method, confirmWholeUpTo: confirmWholeUpTo)
        #expect(!below.meetsNow)
        #expect(below.uniformValueAddedIncrease == Rational(500, 10_000))
        #expect(below.uniformHoursCut == Rational(477, 10_000))
        let above = GoalSeek(group: try group(year2: "5781250"), method: method, confirmWholeUpTo: confirmWholeUpTo)
        #expect(above.meetsNow)
        #expect(above.uniformValueAddedMargin == Rational(2_000, 10_000))
    }

    /// `Totals.refusesScaled` (the factors every member allows, formed once) refuses exactly the
    /// factors for which the uniform scenario would refuse a member, tried member by member as the
    /// scenario's checks try them: small groups with operating profits at the figure limit,
    /// value added of either sign or 0, hours of 1 and below (0 too), a headcount past its limit or 0; factors
    /// on each member's own bound, a trillionth either side, the searches' steps, 0 and below.
    @Test func scaledRefusalsAreEachMembersOwn() {
        func refusedOneByOne(_ rows: [Figures], _ figure: AdjustableFigure, _ factor: Rational) -> Bool {
            rows.contains { f in
                var g = f
                if figure == .valueAdded {
                    let before = Formulas.valueAdded(g)
                    g.operatingProfit = g.operatingProfit + before * factor - before
                } else {
                    g.hoursPerEmployee = g.hoursPerEmployee * factor
                }
                return g.headcount.sign <= 0 || g.hoursPerEmployee.sign <= 0 || FigureLimits.check(g, decimals: false) != nil
            }
        }
        var rng = SeededRandom(state: 20_261_122)
        var refused = 0
        var allowed = 0
        let limit = BigInt(10).power(15)
        for round in 0..<300 {
            let rows = (0..<(1 + Int(rng.next() % 4))).map { _ in
                // −1.5 × 10^15 with labour 10^15 and depreciation 5 × 10^14: a value added of 0 whose
                // operating profit is already past the limit (no loaded group has one; refused all the same).
                let profits = [
                    BigInt(2_000_000), limit, -limit, limit - 1, BigInt(-8_000_000), BigInt(-5_000_000), BigInt(rng.next() % 1_000_000_000),
                    -(limit + limit / 2),
                ]
                return Figures(
                    operatingProfit: Rational(profits[Int(rng.next() % UInt64(profits.count))]),
                    labourCost: Rational([BigInt(0), BigInt(5_000_000), limit + 1, limit][Int(rng.next() % 4)]),
                    depreciation: Rational([BigInt(0), BigInt(3_000_000), limit / 2][Int(rng.next() % 3)]),
                    headcount: [Rational(3), Rational(5, 2), Rational(1_000_001), Rational(1), .zero][Int(rng.next() % 5)],
                    hoursPerEmployee: [Rational(2_000), Rational(1), Rational(3, 2), Rational(1_801, 2), .zero][Int(rng.next() % 5)])
            }
            // Pooled over plain base years: the sums divide by no row's hours (some are 0 here).
            let base = Figures(
                operatingProfit: Rational(2_000_000), labourCost: Rational(8_000_000), depreciation: .zero, headcount: Rational(5),
                hoursPerEmployee: Rational(2_000))
            let totals = GoalSeek.Totals(
                rows: rows, bases: rows.map { _ in base }, method: .pooled, factor: Rational(441, 400), matchedCount: rows.count,
                rate: Rational(1, 20), years: 2)
            var factors =
                [Rational.zero, Rational(-1), .one] + [1, 499, 500, 4_761, 9_999].flatMap { k in [.one + Rational(k, 10_000), .one - Rational(k, 10_000)] }
            for f in rows {
                let va = Formulas.valueAdded(f)
                if !va.isZero {
                    for end in [FigureLimits.maxYen, -FigureLimits.maxYen] { factors.append((end - f.operatingProfit) / va + .one) }
                }
                if !f.hoursPerEmployee.isZero { factors.append(.one / f.hoursPerEmployee) }
            }
            for factor in factors.flatMap({ [$0, $0 + Rational(1, 1_000_000_000_000), $0 - Rational(1, 1_000_000_000_000)] }) {
                for figure in [AdjustableFigure.valueAdded, .hoursPerEmployee] {
                    let expected = refusedOneByOne(rows, figure, factor)
                    #expect(totals.refusesScaled(figure, factor) == expected, "round \(round): \(figure) × \(factor)")
                    if expected { refused += 1 } else { allowed += 1 }
                }
            }
        }
        #expect(refused > 1_000 && allowed > 1_000, "refused \(refused), allowed \(allowed)")
        // That row alone beside a plain one: refused whatever the factor, as member by member.
        let plain = Figures(
            operatingProfit: Rational(2_000_000), labourCost: Rational(8_000_000), depreciation: .zero, headcount: Rational(5),
            hoursPerEmployee: Rational(2_000))
        let zero = Figures(
            operatingProfit: Rational(-(limit + limit / 2)), labourCost: Rational(limit), depreciation: Rational(limit / 2),
            headcount: Rational(5), hoursPerEmployee: Rational(2_000))
        let pair = GoalSeek.Totals(
            rows: [plain, zero], bases: [plain, plain], method: .pooled, factor: Rational(441, 400), matchedCount: 2, rate: Rational(1, 20),
            years: 2)
        for factor in [Rational(101, 100), .one, Rational(1, 2)] {
            #expect(refusedOneByOne([plain, zero], .valueAdded, factor) && pair.refusesScaled(.valueAdded, factor), "× \(factor)")
        }
    }

    /// A large group's two exact sums under the mean (the base year's formed on a thread of its
    /// own above 1,000 members) are each year's own productivities (value added ÷ hours, formed
    /// here) summed; `Rational.sum` itself is checked against adding in turn in RationalTests.
    @Test func aLargeGroupsSumsAreItsMembersProductivities() {
        var rng = SeededRandom(state: 1_201)
        func figures(_ profit: Int) -> Figures {
            Figures(
                operatingProfit: Rational(profit), labourCost: Rational(Int(6_000_000 + rng.next() % 4_000_000)), depreciation: .zero,
                headcount: Rational(Int(1 + rng.next() % 40)), hoursPerEmployee: Rational(BigInt(3_000 + rng.next() % 1_400), 2))
        }
        let bases = (0..<1_201).map { _ in figures(Int(rng.next() % 5_000_000)) }
        let rows = (0..<1_201).map { _ in figures(Int(rng.next() % 6_000_000)) }
        let totals = GoalSeek.Totals(
            rows: rows, bases: bases, method: .mean, factor: Rational(441, 400), matchedCount: 1_201, rate: Rational(1, 20), years: 2)
        let lp = { (f: Figures) in Formulas.valueAdded(f) / Formulas.labourHours(f) }
        #expect(totals.baseSum == Rational.sum(bases.map(lp)) && totals.baseSum != totals.yearSum)
        #expect(totals.yearSum == Rational.sum(rows.map(lp)))
        #expect(totals.shortfall == Rational(441, 400) * totals.baseSum - totals.yearSum)
    }

    @Test func marginAtFivePercent() throws {
        let group = try Self.twoYearGroup(priorGrant: false)
        let seek = GoalSeek(group: group)
        #expect(seek.meetsNow)
        #expect(seek.members.map(\.yen) == [479_683, 416_639, 3_298_027])
        for answer in seek.members {
            let yen = try #require(answer.yen)
            #expect(Self.meets(Self.adding(-yen, to: answer.member.id, group)))
            #expect(!Self.meets(Self.adding(-yen - 1, to: answer.member.id, group)))
        }
        #expect(seek.uniformValueAddedMargin == Rational(125, 10_000))
        #expect(seek.uniformValueAddedIncrease == nil)
    }

    @Test func pooledAndGeometricNeeds() throws {
        let group = try Self.twoYearGroup(priorGrant: true)
        let pooled = GoalSeek(group: group, method: .pooled)
        #expect(pooled.members.map(\.yen) == [9_104_510, 9_104_510, 9_104_510])
        #expect(Self.meets(Self.adding(9_104_510, to: "B", group), .pooled))
        #expect(!Self.meets(Self.adding(9_104_509, to: "B", group), .pooled))
        let geometric = GoalSeek(group: group, method: .geometric)
        #expect(geometric.members.map(\.yen) == [268_136, 147_270, 1_289_019])
        #expect(Self.meets(Self.adding(147_270, to: "B", group), .geometric))
        #expect(!Self.meets(Self.adding(147_269, to: "B", group), .geometric))
    }

    @Test func membersOutsideTheCalculationCannotHelp() throws {
        var group = try Self.twoYearGroup(priorGrant: true)
        group.members[0].usesITTool = false  // A is the representative
        let seek = GoalSeek(group: group)
        #expect(seek.members[0].yen == nil)
        #expect(seek.members[0].impossible != nil)
    }

    @Test func contributionsOfTheArithmeticMean() throws {
        let attribution = Attribution(group: try Self.twoYearGroup(priorGrant: false))
        #expect(attribution.shares.map(\.member.id) == ["A", "B", "C"])
        #expect(attribution.shares.map(\.exact) == [Rational(61_636, 934_115), Rational(1_413, 26_689), Rational(-11_925, 5_017_532)])
        // They add up to the improvement ratio − 1 (1452.22…/1300.63… − 1 = 11.65%).
        let sum = Rational.sum(attribution.shares.compactMap(\.exact))
        #expect(sum == Rational(108_934_085, 75_012) / Rational(667_225, 513) - .one)
        #expect(attribution.methods.map(\.meets) == [true, true, false])
        #expect(attribution.methodsDisagree)
    }

    @Test func sensitivityGridCells() throws {
        let group = try Self.twoYearGroup(priorGrant: true)
        let grid = SensitivityGrid(group: group, valueAddedChanges: [0, 1], hoursChanges: [0, -1])
        // No change: 5.6% (missed at 6%); +1% value added: √(1.01 × 1.1165…) − 1 = 6.19…% → 6.1%.
        #expect(grid.cells[0][0].cagrOfficial == Rational(56, 1000))
        #expect(!grid.cells[0][0].meets)
        #expect(grid.cells[1][0].cagrOfficial == Rational(61, 1000))
        #expect(grid.cells[1][0].meets)
        #expect(grid.cells[0][1].meets)  // 1% fewer hours: LP × 1/0.99
    }

    @Test func scenariosChangeACopyOnly() throws {
        let group = try Self.twoYearGroup(priorGrant: false)
        let scenario = Scenario(
            name: "s",
            adjustments: [
                Adjustment(member: "A", period: .year2, figure: .operatingProfit, operation: .scale(Rational(11, 10))),
                Adjustment(member: nil, period: .year2, figure: .hoursPerEmployee, operation: .add(Rational(-50))),
                Adjustment(member: "B", period: nil, figure: .headcount, operation: .set(Rational(5))),
            ])
        let (changed, problems) = group.applying(scenario)
        #expect(problems.isEmpty)
        #expect(changed.figures("A", .year2)?.operatingProfit == Rational(3_410_000))
        #expect(changed.figures("C", .year2)?.hoursPerEmployee == Rational(1_830))
        #expect(changed.figures("A", .base)?.hoursPerEmployee == Rational(1_800))
        #expect(changed.figures("B", .base)?.headcount == Rational(5))
        #expect(changed.figures("B", .year2)?.headcount == Rational(5))
        #expect(group.figures("A", .year2)?.operatingProfit == Rational(3_100_000))
    }

    @Test(arguments: [
        ("M03:2:operating_profit:+10%", String?("M03"), Period?.some(.year2), AdjustableFigure.operatingProfit, Operation.scale(Rational(11, 10))),
        ("*:2:hours_per_employee:-3%", nil, .year2, .hoursPerEmployee, .scale(Rational(97, 100))),
        ("全員:*:付加価値額:+500,000", nil, nil, .valueAdded, .add(Rational(500_000))),
        ("M01:1年度目:人件費:=1200万", "M01", .year1, .labourCost, .set(Rational(0))),
        ("M01:0:headcount:*1.5", "M01", .base, .headcount, .scale(Rational(3, 2))),
        ("M01:0:depreciation:△20000", "M01", .base, .depreciation, .add(Rational(-20_000))),
    ])
    func setSyntax(text: String, member: String?, period: Period?, figure: AdjustableFigure, operation: Operation) {
        let (adjustment, errors) = ScenarioReader.parseSet(text)
        if text.hasSuffix("万") {
            // 万 is not a number suffix the parser accepts: an error, not a guess.
            #expect(adjustment == nil)
            #expect(errors.map(\.code) == [.scenarioBadChange])
            return
        }
        #expect(errors.isEmpty)
        #expect(adjustment?.member == member)
        #expect(adjustment?.period == period)
        #expect(adjustment?.figure == figure)
        #expect(adjustment?.operation == operation)
    }
    /// A scenario's refused changes are listed in roster order, then period, the same every run
    /// (they came in the figure dictionary's order, which changes from run to run).
    @Test func refusedChangesComeInRosterOrder() throws {
        let group = try #require(GroupLoader.load(path: Fixtures.path("worked-example")).group)
        let zero = Scenario(name: "z", adjustments: [Adjustment(member: nil, period: nil, figure: .headcount, operation: .set(Rational(0)))])
        let problems = group.applying(zero).problems
        var expected: [String] = []
        for member in group.members {
            for period in Period.allCases where group.figures(member.id, period) != nil {
                expected.append("scenario \"z\": \(member.id) \(PeriodText.name(period, .en)) would have headcount or hours of 0 or less")
            }
        }
        #expect(expected.count >= 6)
        #expect(problems.map(\.message.en) == expected)
    }

    /// A large group's contributions, worked out in floating point, are the exact ones to within
    /// a relative 10⁻⁹ (mean and pooled), member by member.
    @Test(arguments: [GroupMethod.mean, .pooled]) func largeGroupsSharesAreTheExactOnesNearly(method: GroupMethod) throws {
        var rng = SeededRandom(state: 31)
        func figures() -> Figures {
            Figures(
                operatingProfit: Rational(Int.random(in: -2_000_000...9_000_000, using: &rng)),
                labourCost: Rational(Int.random(in: 1_000_000...90_000_000, using: &rng)), depreciation: Rational(Int.random(in: 0...900_000, using: &rng)),
                headcount: Rational(Int.random(in: 1...40, using: &rng)), hoursPerEmployee: Rational(Int.random(in: 3_000...4_400, using: &rng)) / Rational(2))
        }
        let roster = (0..<300).map { i in Member(id: "M\(i)", name: "名\(i)", role: .participant) }
        let (base, year) = ((0..<300).map { _ in figures() }, (0..<300).map { _ in figures() })
        let pairs = Attribution.Pairs(places: (0..<300).map(Int32.init), year: .year1) { i, period in period == .base ? base[i] : year[i] }
        let exact = Attribution.exactShares(pairs, roster: roster, bases: NonEmpty(base.map(Formulas.labourProductivity)), method: method)
        let approximate = Attribution.approximateShares(
            pairs, members: Attribution.Members(roster: roster, year: .year1, figures: pairs.figures), method: method)
        #expect(exact.count == 300 && approximate.count == 300)
        for (e, a) in zip(exact, approximate) {
            #expect(e.member.id == a.member.id && a.exact == nil)
            #expect(abs(a.contribution - e.contribution) <= 1e-9 * max(1e-6, abs(e.contribution)), "\(e.member.id)")
            #expect(a.baseProductivity == e.baseProductivity && a.yearProductivity == e.yearProductivity)
        }
    }
}
