/// A portfolio group judged straight from its plainly written rows (`LeanLoad.walk`), holding each
/// member's figures as machine integers instead of a `Group` of `Figures` and a `GroupReport` of
/// rationals: for a large portfolio, building, copying and freeing those per row was most of the
/// judging work.
///
/// It gives the row `PortfolioRow(loaded:)` gives, or nil. It declines (nil) whenever the full
/// path would say anything more than the row: a roster rule or a plausibility warning that would
/// fire (each decided exactly, with 128-bit products), a money figure with decimals, a product
/// beyond a machine word, the geometric method, or a year whose floating-point enclosure cannot
/// decide the verdict and both truncated CAGRs (`GroupReport.filtered`, the same code the report
/// uses). The caller then loads and reports the group as before. `LeanJudgeTests` compares the two
/// on mutated groups, knife edges included.
enum LeanJudge {
    /// The group's portfolio row, or nil (see above).
    static func row(
        _ id: String, rows: RawRows, header: SourceTable, source: SourceLocation, method: GroupMethod, asOf: CivilDate
    ) -> PortfolioRow? {
        guard let judgement = judgement([(rows, header, .whole)], method: method), let settings = LeanLoad.settings(rows, header: header)
        else { return nil }
        return PortfolioRow(
            id: id, source: source, name: settings.projectName ?? id, edition: settings.edition, method: method,
            judgement: judgement, errorCount: 0, warningCount: 0, asOf: asOf)
    }

    /// A group folder's row from its files' rows as `GroupLoader` reads the folder: a roster
    /// file then figure files (or one file holding both), and its settings file as read; nil as
    /// for `row` above.
    static func row(
        _ id: String, files: [File], settings: GroupSettings?, source: SourceLocation, method: GroupMethod, asOf: CivilDate
    ) -> PortfolioRow? {
        guard let judgement = judgement(files, method: method) else { return nil }
        return PortfolioRow(
            id: id, source: source, name: settings?.projectName ?? id, edition: settings?.edition, method: method,
            judgement: judgement, errorCount: 0, warningCount: 0, asOf: asOf)
    }

    /// One file's records as bytes, under its header, and the columns they hold.
    typealias File = (rows: RawRows, header: SourceTable, part: LeanLoad.Part)

    /// The judgement of the members and figures walked from `files` in turn, or nil.
    static func judgement(_ files: [File], method: GroupMethod) -> Judgement? {
        guard method != .geometric, let first = files.first else { return nil }
        var sink = Sink()
        var state = LeanLoad.WalkState()
        // At most a member a record of the first file (the roster, or the one file).
        state.memberIndex.reserveCapacity(first.rows.recordCount)
        for file in files {
            guard LeanLoad.walk(file.rows, header: file.header, part: file.part, into: &sink, state: &state) else { return nil }
        }
        return sink.judgement(method: method)
    }

    /// A fraction n/d with d > 0, parts in machine words.
    typealias Fraction = (n: Int64, d: Int64)

    /// One member's figures for one period and kind, in whole yen, persons and hours.
    struct Slot {
        /// 付加価値額 = 営業利益 + 人件費 + 減価償却費 (公募要領 §6-3).
        var valueAdded: Int64
        var labourCost: Int64
        var headcount: Fraction
        var hours: Fraction
        var hasReason: Bool
        /// 労働時間 = 従業員数 × 年間平均労働時間 (公募要領 §6-3), unreduced; nil beyond a machine word.
        var labourHours: Fraction?
        /// 労働生産性 = 付加価値額 ÷ 労働時間 (公募要領 §6-3), unreduced; nil beyond a machine word.
        var productivity: Fraction?
    }

    /// Collects the members and their figures as `LeanLoad.walk` reads them.
    struct Sink: LeanSink {
        var ids: [MemberID] = []
        /// Whether each member's productivity enters the group figure.
        var inCalculation: [Bool] = []
        var representatives = 0
        var participantWithoutTool = false
        var priorGrant = false
        /// Six a member: actual base, year 1, year 2, then target base, year 1, year 2.
        var slots: [Slot?] = []

        mutating func member(id: String, name: String, role: Role, priorGrant: Bool, usesITTool: Bool, line: Int, column: Int) {
            ids.append(id)
            // 公募要領 §6-3: a representative that does not use the tool is left out of the group figure.
            inCalculation.append(role == .participant || usesITTool)
            if role == .representative { representatives += 1 }
            if role == .participant && !usesITTool { participantWithoutTool = true }
            if priorGrant { self.priorGrant = true }
            slots.append(contentsOf: repeatElement(nil, count: 6))
        }

        mutating func figures(_ row: LeanRow) -> Bool {
            // Money in whole yen (the limits keep each below 10¹⁵, so their sum fits); counts and
            // hours as fractions.
            guard let (profit, one1) = row.operatingProfit.parts, let (labour, one2) = row.labourCost.parts,
                let (depreciation, one3) = row.depreciation.parts, one1 == 1, one2 == 1, one3 == 1,
                let headcount = row.headcount.parts, let hours = row.hoursPerEmployee.parts
            else { return false }
            let at = FigureTable.slot(row.member, row.period, row.kind)
            guard slots[at] == nil else { return false }
            let valueAdded = profit + labour + depreciation
            let hoursN = headcount.0.multipliedReportingOverflow(by: hours.0)
            let hoursD = headcount.1.multipliedReportingOverflow(by: hours.1)
            var slot = Slot(
                valueAdded: valueAdded, labourCost: labour, headcount: headcount, hours: hours, hasReason: row.shortfallReason != nil)
            if !hoursN.overflow && !hoursD.overflow {
                slot.labourHours = (hoursN.partialValue, hoursD.partialValue)
                let n = valueAdded.multipliedReportingOverflow(by: hoursD.partialValue)
                if !n.overflow { slot.productivity = (n.partialValue, hoursN.partialValue) }
            }
            slots[at] = slot
            return true
        }

        func slot(_ member: Int, _ period: Period, _ kind: ValueKind = .actual) -> Slot? {
            slots[FigureTable.slot(member, period, kind)]
        }

        /// The group's judgement as `GroupReport` (`.verdicts`, every level enclosed) gives it, or nil.
        func judgement(method: GroupMethod) -> Judgement? {
            // `GroupBuilder.checkRoster` would speak: one representative, ten members, participants use the tool.
            guard representatives == 1, ids.count >= 10, !participantWithoutTool, quiet() else { return nil }
            let rate = Threshold.rate(raised: priorGrant)
            let members = ids.indices
            // The members in the calculation, by place (公募要領 §6-3).
            let counted = members.filter { inCalculation[$0] }
            // As `GroupReport.init`: every year up to the latest one reported is due.
            let latest = Period.reportYears.last { year in counted.contains { slot($0, year) != nil } }
            let duePeriods = [Period.base] + Period.reportYears.filter { year in latest.map { year <= $0 } ?? false }
            var risks: [RiskCode] = []
            if counted.contains(where: { i in duePeriods.contains { slot(i, $0) == nil } }) { risks.append(.missingReport) }

            let withBase = counted.filter { slot($0, .base) != nil }
            var periods = [GroupPeriodResult(period: .base, reported: !withBase.isEmpty, membersInCalculation: [])]
            for year in Period.reportYears {
                let matched = withBase.filter { slot($0, year) != nil }
                var result = GroupPeriodResult(period: year, reported: duePeriods.contains(year), membersInCalculation: [])
                if result.reported {
                    if matched.isEmpty {
                        result.notComputable = .noMatchedMembers
                    } else {
                        guard let b = enclosure(matched, .base, method: method), let n = enclosure(matched, year, method: method),
                            GroupReport.filtered(
                                &result, base: b, year: n, base: [MemberPeriodResult](), year: [MemberPeriodResult](), method: method,
                                rate: rate, spreadsheet: false)
                        else { return nil }
                    }
                }
                periods.append(result)
            }
            let (verdict, risk) = GroupReport.verdict(periods, latest: latest, rate: rate)
            if let risk { risks.append(risk.code) }
            let ids = ids
            let missing = { (period: Period) in counted.filter { slot($0, period) == nil }.map { ids[$0] } }
            return Judgement(memberCount: ids.count, threshold: rate, verdict: verdict, periods: periods, risks: risks, missing: missing)
        }

        /// The group's productivity over `members` in `period` enclosed (`GroupReport.enclosure`):
        /// mean Σ LPᵢ ÷ N, pooled Σ付加価値額 ÷ Σ労働時間 (公募要領 §6-3).
        func enclosure(_ members: [Int], _ period: Period, method: GroupMethod) -> Enclosure? {
            switch method {
            case .mean:
                return Enclosure.sum(fractions: members.lazy.map { slot($0, period)?.productivity })?.dividedBy(members.count)
            case .pooled:
                guard let v = Enclosure.sum(fractions: members.lazy.map { slot($0, period).map { ($0.valueAdded, 1) } }),
                    let h = Enclosure.sum(fractions: members.lazy.map { slot($0, period)?.labourHours })
                else { return nil }
                return v / h
            case .geometric:
                return nil
            }
        }

        /// No plausibility warning would fire (`PlausibilityChecks.check`, the same rules decided
        /// exactly on integers); false when one would, or when a product does not fit to tell.
        func quiet() -> Bool {
            for member in ids.indices {
                for kind in ValueKind.allCases {
                    for period in Period.allCases {
                        guard let f = slot(member, period, kind) else { continue }
                        let previous: Slot? =
                            switch period {
                            case .base: nil
                            case .year1: slot(member, .base)
                            case .year2: slot(member, .year1)
                            }
                        let target = kind == .actual && period != .base ? slot(member, period, .target) : nil
                        guard LeanJudge.quiet(f, previous: previous, target: target) else { return false }
                    }
                }
            }
            return true
        }
    }

    /// `PlausibilityChecks.check` on one row raises nothing: hours within 1,000–3,000, labour cost
    /// per head within ¥10,000–¥100,000,000, headcount and value added not changed by more than
    /// half since the year before, and no productivity below the target without a reason.
    static func quiet(_ f: Slot, previous: Slot?, target: Slot?) -> Bool {
        let (h, c) = (f.hours, f.headcount)
        if h.n < 1_000 * h.d || 3_000 * h.d < h.n { return false }
        if f.labourCost > 0 {
            // labour ÷ (c.n / c.d) within [10⁴, 10⁸] ⟺ 10⁴·c.n ≤ labour·c.d ≤ 10⁸·c.n.
            let perHead = Wide(f.labourCost, c.d)
            if perHead < Wide(10_000, c.n) || Wide(100_000_000, c.n) < perHead { return false }
        }
        if let p = previous {
            // Changed by more than half: after < before / 2, or after > before × 3/2 (before > 0).
            let (a, b) = (p.headcount, c)
            if a.n > 0 && (Wide(2 * b.n, a.d) < Wide(a.n, b.d) || Wide(2 * b.n, a.d) > Wide(3 * a.n, b.d)) { return false }
            let (before, after) = (p.valueAdded, f.valueAdded)
            if before > 0 && (after + after < before || before + before + before < after + after) { return false }
        }
        if !f.hasReason, let target {
            guard let lp = f.productivity, let goal = target.productivity else { return false }
            if Wide(lp.n, goal.d) < Wide(goal.n, lp.d) { return false }
        }
        return true
    }

    /// The product of two machine words, exactly (128 bits), for comparisons.
    struct Wide: Comparable {
        let high: Int64
        let low: UInt64
        init(_ a: Int64, _ b: Int64) {
            (high, low) = a.multipliedFullWidth(by: b)
        }
        static func < (x: Wide, y: Wide) -> Bool { x.high != y.high ? x.high < y.high : x.low < y.low }
    }
}
