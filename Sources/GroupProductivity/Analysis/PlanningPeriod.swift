/// What an analysis (goal seeking, contributions, scenarios) rests on.
public enum AnalysisBasis: String, Sendable, Equatable {
    /// The members' actuals (実績値), as the report year's verdict is decided.
    case actuals
    /// The planning period, before any member has reported year 1: the members' plans (目標値)
    /// stand in for the actuals they have not reported yet.
    case plan
}

extension Group {
    /// The planning period: the base year is reported, and no member has actuals for year 1 or
    /// year 2 yet (the state between the grant decision and the first effect report).
    public var isPlanningPeriod: Bool {
        !hasFigures(in: [.year1, .year2], .actual)
    }

    /// The group as its plan would make it: each member's target (目標値, the figures of its
    /// business plan for year 1 and year 2; guidelines §6-3 compare the plan with the results) in
    /// place of the actual it has not reported. Targets stay as they are; nothing else changes.
    public func asPlanned() -> Group {
        var planned = self
        for (key, target) in figures where key.kind == .target && key.period != .base {
            let actual = FigureKey(member: key.member, period: key.period, kind: .actual)
            if planned.figures[actual] == nil { planned.figures[actual] = target }
        }
        return planned
    }

    /// The group an analysis should use and on what basis: the actuals once year 1 is reported;
    /// before that, the plan, when there is one (so `target`, `whatif` and `explain` answer
    /// "does the plan meet the target, and what would it take" rather than "no actuals").
    public func forAnalysis() -> (group: Group, basis: AnalysisBasis) {
        guard isPlanningPeriod else { return (self, .actuals) }
        let planned = asPlanned()
        return planned.figures.count > figures.count ? (planned, .plan) : (self, .actuals)
    }
}

extension GroupReport {
    /// The members whose plan (目標値) lacks a report year, when the report was made from the plan:
    /// their year is not due yet, so the gap is a plan not written, not a report missed.
    public func membersWithoutPlan(on basis: AnalysisBasis) -> [MemberID] {
        guard basis == .plan else { return [] }
        var out: [MemberID] = []
        for risk in risks where risk.code == .missingReport && risk.period != .base {
            if let id = risk.memberID, !out.contains(id) { out.append(id) }
        }
        return out
    }

    /// The risks that stand on `basis`. On the actuals, all of them. On the plan, a year-1 or
    /// year-2 figure a member has no target for is not a missing report (domain §5: a year's report
    /// is due only in the window after the year ends; `membersWithoutPlan` names them instead),
    /// while a missing base year still is (domain §4), and so is a plan whose growth misses the
    /// target.
    public func risks(on basis: AnalysisBasis) -> [Risk] {
        guard basis == .plan else { return risks }
        return risks.filter { !($0.code == .missingReport && $0.period != .base) }
    }

    /// Whether the group may be published (公表) on `basis`: any risk that stands on it.
    public func publicationRisk(on basis: AnalysisBasis) -> Bool { !risks(on: basis).isEmpty }
}
