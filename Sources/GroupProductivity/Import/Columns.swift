import Foundation

/// Every column the importer understands, by its canonical English name.
public enum Column: String, Sendable, CaseIterable {
    case memberID = "member_id"
    case name
    case role
    case priorGrant = "prior_grant"
    case usesITTool = "uses_it_tool"
    case period
    case kind
    case operatingProfit = "operating_profit"
    case labourCost = "labour_cost"
    case depreciation
    case headcount
    case hoursPerEmployee = "hours_per_employee"
    case shortfallReason = "shortfall_reason"
    /// 取込元: where `collect` took a row from (file:line); informational.
    case origin
    /// グループID: which group a row of a combined portfolio file belongs to (`portfolio`).
    case groupID = "group_id"
    /// 公募年度: the group's edition in a combined portfolio file, for its report calendar.
    case edition
    /// 補助事業名: the group's project name in a combined portfolio file.
    case projectName = "project_name"

    /// The position in `allCases` (a test checks), for array-slot lookups.
    var ordinal: Int {
        switch self {
        case .memberID: 0
        case .name: 1
        case .role: 2
        case .priorGrant: 3
        case .usesITTool: 4
        case .period: 5
        case .kind: 6
        case .operatingProfit: 7
        case .labourCost: 8
        case .depreciation: 9
        case .headcount: 10
        case .hoursPerEmployee: 11
        case .shortfallReason: 12
        case .origin: 13
        case .groupID: 14
        case .edition: 15
        case .projectName: 16
        }
    }

    /// The Japanese header written in templates and shown in messages.
    public var japaneseName: String {
        switch self {
        case .memberID: "事業者ID"
        case .name: "事業者名"
        case .role: "役割"
        case .priorGrant: "過去交付決定"
        case .usesITTool: "ITツール利用"
        case .period: "年度"
        case .kind: "種別"
        case .operatingProfit: "営業利益"
        case .labourCost: "人件費"
        case .depreciation: "減価償却費"
        case .headcount: "従業員数"
        case .hoursPerEmployee: "年間平均労働時間"
        case .shortfallReason: "未達理由"
        case .origin: "取込元"
        case .groupID: "グループID"
        case .edition: "公募年度"
        case .projectName: "補助事業名"
        }
    }

    public func displayName(_ language: Language) -> String { language == .ja ? japaneseName : rawValue }

    /// Every alias's column, built once (each cell of a title row is looked up).
    static let byAlias: [String: Column] = {
        var map: [String: Column] = [:]
        // The first column naming an alias keeps it, as a search in declaration order would.
        for column in allCases { for alias in column.aliases where map[alias] == nil { map[alias] = column } }
        return map
    }()

    /// Headers recognised for this column, in normalised form (see `normalisedHeader`).
    var aliases: [String] {
        let japanese: [String]
        switch self {
        case .memberID: japanese = ["事業者id", "事業者番号", "事業者コード", "構成員id", "構成員番号", "id", "memberid"]
        case .name: japanese = ["事業者名", "事業者名称", "名称", "会社名", "商号", "屋号"]
        case .role: japanese = ["役割", "立場"]
        case .priorGrant: japanese = ["過去交付決定", "過去の交付決定", "交付決定実績", "過去交付決定の有無", "priorgrant"]
        case .usesITTool: japanese = ["itツール利用", "itツールの利用", "itツール利用有無", "itツールの利用有無", "usesittool"]
        case .period: japanese = ["年度", "対象年度", "報告年度", "期間"]
        case .kind: japanese = ["種別", "区分", "実績目標", "値の種類"]
        case .operatingProfit: japanese = ["営業利益", "operatingprofit"]
        case .labourCost: japanese = ["人件費", "laborcost", "labourcost"]
        case .depreciation: japanese = ["減価償却費"]
        case .headcount: japanese = ["従業員数", "人数", "employees"]
        case .hoursPerEmployee:
            japanese = [
                "年間平均労働時間", "就業時間", "年間就業時間", "年間平均就業時間", "1人当たり年間労働時間",
                "一人当たり年間労働時間", "1人当たり就業時間", "平均労働時間", "hoursperemployee",
            ]
        case .shortfallReason: japanese = ["未達理由", "計画数値未達の要因", "未達の要因", "shortfallreason"]
        case .origin: japanese = ["取込元", "source"]
        case .groupID: japanese = ["グループid", "グループ番号", "グループコード", "groupid"]
        case .edition: japanese = ["公募年度", "公募回"]
        case .projectName: japanese = ["補助事業名", "projectname"]
        }
        return [rawValue] + japanese
    }

    /// Money columns, which a unit in the header (千円, 百万円) scales.
    public var isMoney: Bool { self == .operatingProfit || self == .labourCost || self == .depreciation }
    public var isRoster: Bool { [.name, .role, .priorGrant, .usesITTool].contains(self) }
    public var isFigure: Bool {
        [.period, .kind, .operatingProfit, .labourCost, .depreciation, .headcount, .hoursPerEmployee, .shortfallReason, .origin]
            .contains(self)
    }
    public static let requiredFigures: [Column] =
        [.memberID, .period, .operatingProfit, .labourCost, .depreciation, .headcount, .hoursPerEmployee]
    public static let requiredRoster: [Column] = [.memberID, .name, .role]
    /// The cells that describe a member (all a roster row holds but its place).
    static let memberDetails: [Column] = [.memberID, .name, .role, .priorGrant, .usesITTool]
}

/// A money unit: 円, 千円 or 百万円 (also 万円), as a factor to yen.
public enum MoneyUnit: Int, Sendable {
    case yen = 1
    case tenThousandYen = 10_000
    case thousandYen = 1_000
    case millionYen = 1_000_000

    public var label: String {
        switch self {
        case .yen: "円"
        case .thousandYen: "千円"
        case .tenThousandYen: "万円"
        case .millionYen: "百万円"
        }
    }

    /// Reads a unit word (already normalised: NFKC, lower case, no spaces).
    static func parse(_ word: String) -> MoneyUnit? {
        var w = word
        for prefix in ["単位:", "単位"] where w.hasPrefix(prefix) { w = String(w.dropFirst(prefix.count)) }
        switch w {
        case "円", "yen", "jpy": return .yen
        case "千円", "thousandyen", "thousandsofyen", "kjpy", "千": return .thousandYen
        case "万円", "万": return .tenThousandYen
        case "百万円", "millionyen", "millionsofyen", "mjpy", "百万": return .millionYen
        default: return nil
        }
    }

    /// Finds a unit note such as `単位：千円` or `(単位:百万円)` in a title cell.
    static func findInTitle(_ text: String) -> MoneyUnit? {
        let folded = normalisedHeader(text).replacingOccurrences(of: "(", with: "").replacingOccurrences(of: ")", with: "")
        guard let range = folded.range(of: "単位") else { return nil }
        let rest = folded[range.upperBound...].drop(while: { $0 == ":" })
        for candidate in ["百万円", "千円", "万円", "円"] where rest.hasPrefix(candidate) {
            return MoneyUnit.parse(candidate)
        }
        return nil
    }
}

/// Folds a header for matching: NFKC (full-width letters, brackets, colon), lower case,
/// no spaces, no underscores, `・` removed.
func normalisedHeader(_ text: String) -> String {
    text.precomposedStringWithCompatibilityMapping.lowercased()
        .filter { !$0.isWhitespace && $0 != "_" && $0 != "・" && $0 != "\u{FEFF}" }
}

/// What a header cell says: which column, and the unit in brackets if any.
struct HeaderCell {
    var column: Column?
    /// A money unit written in brackets, or nil.
    var unit: MoneyUnit?
    /// Bracketed text that is not a unit we know (reported for money columns).
    var unknownUnit: String?

    /// What `raw` says, remembered: a portfolio of group folders reads the same header in every
    /// file, and working a cell out (compatibility normalisation, the bracket search by
    /// Character) was 15.8% of the samples of a portfolio of 3,000 group folders.
    init(_ raw: String) {
        self = HeaderCell.memo.cell(raw)
    }

    private static let memo = Memo()

    /// Header cells worked out before, shared by the threads that read files at once. It keeps
    /// at most `limit` texts: a file without a header offers its data rows as candidates.
    private final class Memo: @unchecked Sendable {
        // @unchecked: `known` is only touched under `lock`.
        private let lock = NSLock()
        private var known: [String: HeaderCell] = [:]
        private let limit = 1_024

        func cell(_ raw: String) -> HeaderCell {
            if let cell = lock.withLock({ known[raw] }) { return cell }
            let cell = HeaderCell(workingOut: raw)
            lock.withLock {
                if known.count < limit { known[raw] = cell }
            }
            return cell
        }
    }

    init(workingOut raw: String) {
        var base = normalisedHeader(raw)
        var bracket: String?
        for (open, close) in [("(", ")"), ("[", "]"), ("【", "】"), ("<", ">")] {
            if let o = base.firstIndex(of: Character(open)), let c = base.lastIndex(of: Character(close)), o < c {
                bracket = String(base[base.index(after: o)..<c])
                base = String(base[..<o]) + String(base[base.index(after: c)...])
                break
            }
        }
        // English style: operating_profit_thousand_yen / labour_cost_jpy.
        if bracket == nil {
            for suffix in ["thousandyen", "millionyen", "kjpy", "mjpy", "jpy", "yen"] where base.hasSuffix(suffix) && base.count > suffix.count {
                let stem = String(base.dropLast(suffix.count))
                if Column.byAlias[stem] != nil {
                    bracket = suffix
                    base = stem
                }
                break
            }
        }
        column = Column.byAlias[base]
        if let bracket {
            if let unit = MoneyUnit.parse(bracket) {
                self.unit = unit
            } else if !["人", "名", "時間", "h", "hours", "persons", "時間/人", "h/人", "任意"].contains(bracket) {
                unknownUnit = bracket
            }
        }
    }
}
