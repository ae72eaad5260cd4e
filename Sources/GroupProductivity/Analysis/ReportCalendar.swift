/// A calendar day, without time of day or zone: the report windows are whole days in Japan.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), (1...CivilDate.days(inMonth: month, of: year)).contains(day) else {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// `YYYY-MM-DD`, nothing else (the form `--as-of` takes).
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func days(inMonth m: Int, of y: Int) -> Int {
        switch m {
        case 2: isLeap(y) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's `days_from_civil`).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(until other: CivilDate) -> Int { other.dayNumber - dayNumber }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { a.dayNumber < b.dayNumber }

    public var description: String {
        let m = month < 10 ? "0\(month)" : "\(month)"
        let d = day < 10 ? "0\(day)" : "\(day)"
        return "\(year)-\(m)-\(d)"
    }
}

/// One report year of an edition: the April–March business year the figures cover, and the
/// window in which its effect report is accepted.
public struct ReportWindow: Sendable, Equatable {
    public var period: Period
    public var yearStart: CivilDate
    public var yearEnd: CivilDate
    public var opens: CivilDate
    public var closes: CivilDate
}

/// Where one report year stands on a given day.
public enum ReportStatus: Sendable, Equatable {
    /// The window has not opened yet: so many days until it does.
    case upcoming(daysUntilOpen: Int)
    /// The window is open and some members' actuals are missing: so many days until it closes
    /// (0 on the last day).
    case due(daysLeft: Int, missing: [MemberID])
    /// Every member in the calculation has actuals for the year.
    case submitted
    /// The window closed with members' actuals missing: 未報告, a reason for publication (domain §4).
    case overdue(daysSinceClose: Int, missing: [MemberID])
}

/// The report calendar of an edition (公募年度), relative to one day. Domain §5: year n covers a
/// fixed April–March year and is reported from April to January after it; for the 2025 edition
/// 1年度目 = 2026-04-01…2027-03-31, reported 2027-04…2028-01, and 2年度目 a year later. Other
/// editions shift by whole years.
public struct ReportCalendar: Sendable, Equatable {
    public var edition: Int
    public var asOf: CivilDate
    /// Year 1 and year 2, in that order.
    public var entries: [Entry]

    public struct Entry: Sendable, Equatable {
        public var window: ReportWindow
        public var status: ReportStatus
    }

    /// The window of report year `period` (1 or 2) of an edition.
    public static func window(edition: Int, period: Period) -> ReportWindow? {
        guard period != .base else { return nil }
        let first = edition + period.rawValue  // the calendar year the business year starts in
        guard let start = CivilDate(year: first, month: 4, day: 1), let end = CivilDate(year: first + 1, month: 3, day: 31),
            let opens = CivilDate(year: first + 1, month: 4, day: 1), let closes = CivilDate(year: first + 2, month: 1, day: 31)
        else { return nil }
        return ReportWindow(period: period, yearStart: start, yearEnd: end, opens: opens, closes: closes)
    }

    /// The calendar of `report`'s group for `edition`, on `asOf`. A member counts as missing a
    /// year when it is in the calculation and has no actuals for that year.
    public init?(edition: Int, asOf: CivilDate, report: GroupReport) {
        self.init(edition: edition, asOf: asOf, missing: report.missingActuals)
    }

    /// The calendar with `missing(period)` the members in the calculation without actuals for the year.
    init?(edition: Int, asOf: CivilDate, missing members: (Period) -> [MemberID]) {
        self.edition = edition
        self.asOf = asOf
        var entries: [Entry] = []
        for period in [Period.year1, .year2] {
            guard let w = Self.window(edition: edition, period: period) else { return nil }
            let missing = members(period)
            let status: ReportStatus
            if missing.isEmpty {
                status = .submitted
            } else if asOf < w.opens {
                status = .upcoming(daysUntilOpen: asOf.days(until: w.opens))
            } else if asOf <= w.closes {
                status = .due(daysLeft: asOf.days(until: w.closes), missing: missing)
            } else {
                status = .overdue(daysSinceClose: w.closes.days(until: asOf), missing: missing)
            }
            entries.append(Entry(window: w, status: status))
        }
        self.entries = entries
    }

    /// The first report year not yet submitted whose window has not closed: what is due next.
    public var next: Entry? {
        entries.first {
            switch $0.status {
            case .upcoming, .due: true
            case .submitted, .overdue: false
            }
        }
    }

    /// Report years whose window closed with actuals missing.
    public var overdue: [Entry] {
        entries.filter { if case .overdue = $0.status { true } else { false } }
    }
}

extension GroupReport {
    /// The members in the calculation without actuals for `period`, in roster order. Read by
    /// place from the roster and the figures: each member's whole result (its productivity per
    /// period, growth and CAGRs) was worked out here only to see whether it had figures.
    public func missingActuals(_ period: Period) -> [MemberID] {
        members.indices.lazy.filter { members.roster[$0].inCalculation && !members.has($0, period, .actual) }.map { members.roster[$0].id }
    }

    /// A publication risk from the figures, or a report year whose window closed with members'
    /// actuals missing (未報告, domain §4).
    public func publicationRisk(calendar: ReportCalendar?) -> Bool {
        publicationRisk || !(calendar?.overdue.isEmpty ?? true)
    }
}

/// A member's report that is required and not there: the first cause of publication.
public struct MissingReport: Sendable, Equatable {
    public enum Urgency: Sendable, Equatable {
        /// Other members reported the year, so this one is expected (no edition known).
        case expected
        /// The year's window is open: so many days left.
        case due(daysLeft: Int)
        /// The year's window has closed.
        case overdue(daysSinceClose: Int)
    }

    public var member: MemberID
    public var period: Period
    public var urgency: Urgency
}

extension GroupReport {
    /// Who has not sent which year, among the members in the calculation: the base always; a
    /// report year when another member reported it or its window (from the calendar) has opened.
    public func missingReports(calendar: ReportCalendar?) -> [MissingReport] {
        var out: [MissingReport] = []
        for period in Period.allCases {
            let entry = calendar?.entries.first { $0.window.period == period }
            var urgency: MissingReport.Urgency?
            switch entry?.status {
            case .due(let days, _): urgency = .due(daysLeft: days)
            case .overdue(let days, _): urgency = .overdue(daysSinceClose: days)
            default: urgency = period == .base || self.period(period).reported ? .expected : nil
            }
            guard let urgency else { continue }
            out += missingActuals(period).map { MissingReport(member: $0, period: period, urgency: urgency) }
        }
        return out
    }
}
