import Foundation

/// A member's identifier as written in the files, after folding full-width characters
/// (`Ｍ０１` and `M01` are the same member). Leading zeros are kept: `001` is not `1`.
public typealias MemberID = String

/// 代表事業者 / 参画事業者 (公募要領 §2-2-1).
public enum Role: String, Sendable, Codable {
    case representative
    case participant
}

/// 事業実施前 (the base, period 0), 1年度目, 2年度目.
public enum Period: Int, Sendable, Codable, CaseIterable, Comparable {
    case base = 0
    case year1 = 1
    case year2 = 2

    public static func < (a: Period, b: Period) -> Bool { a.rawValue < b.rawValue }
    /// The years after the base, each with an effect report (効果報告).
    public static let reportYears: [Period] = [.year1, .year2]
}

/// 実績値 (actual) or 目標値 / 計画値 (target, from the application).
public enum ValueKind: String, Sendable, Codable, CaseIterable {
    case actual
    case target
}

/// A group member as the roster (members.csv) describes it.
public struct Member: Sendable, Equatable {
    public var id: MemberID
    /// The name as given, unless it is kept in the names of the file it was read from (`nameAt`).
    private var storedName: String
    /// As written in the roster. A reader keeps its members' names one after another in one
    /// store (`NameArena`, in the box of the file they were read from): held each as a string of
    /// its own, a 300,000-member roster's names took 18.6 MB, most of them longer than a string
    /// holds inline.
    public var name: String {
        get { nameAt == 0 ? storedName : origin.names?.name(at: nameAt - 1) ?? storedName }
        set { (storedName, nameAt) = (newValue, 0) }
    }
    public var role: Role
    /// Received a grant decision (交付決定) in IT導入補助金2023 通常枠 (A・B類型) or デジタル化基盤導入枠
    /// (複数社連携IT導入類型), or in IT導入補助金2024 通常枠 / 複数社連携IT導入枠: raises the target to 6%.
    public var priorGrant: Bool
    /// Uses the introduced IT tool. A representative that does not is left out of the group
    /// calculation (公募要領 §6-3); participants must use it.
    public var usesITTool: Bool
    /// 0, or the place of the name in `origin.names` plus 1.
    private var nameAt: UInt32 = 0
    /// Where the member's roster row is. Held compactly: the file and sheet in a box that every
    /// member read from one file shares, the line and column as 32-bit numbers beside it (in the
    /// box when they do not fit). Inline, the location made a member 96 bytes, 56 now: 12 MB on
    /// a 300,000-member roster.
    public var source: SourceLocation {
        get {
            SourceLocation(
                file: origin.file, line: origin.wide?.line ?? Int(line32), column: origin.wide.map(\.column) ?? Self.column(column32),
                sheet: origin.sheet)
        }
        set {
            // The name is taken out of the old file's names first: the new box may hold none.
            if nameAt != 0 { (storedName, nameAt) = (name, 0) }
            (origin, line32, column32) = Self.compact(newValue, sharing: origin)
        }
    }
    private var origin: RosterOrigin
    private var line32: Int32
    /// −1 for no column.
    private var column32: Int32

    /// The file and sheet of members' rows, shared by the members read from them; a line or
    /// column that does not fit in 32 bits is kept here instead, in a box of one member's own (`wide`).
    final class RosterOrigin: Sendable {
        let file: String
        let sheet: String?
        let wide: (line: Int, column: Int?)?
        /// The names of the members read from the file, when a reader keeps them here.
        let names: NameArena?
        init(file: String, sheet: String?, wide: (line: Int, column: Int?)? = nil, names: NameArena? = nil) {
            (self.file, self.sheet, self.wide, self.names) = (file, sheet, wide, names)
        }
    }

    private static func column(_ column32: Int32) -> Int? { column32 < 0 ? nil : Int(column32) }

    /// `source` in compact form, sharing `origin` when it names the same file and sheet.
    private static func compact(_ source: SourceLocation, sharing origin: RosterOrigin?) -> (RosterOrigin, Int32, Int32) {
        if let line32 = Int32(exactly: source.line), let column32 = source.column.map({ Int32(exactly: $0) }) ?? -1,
            column32 >= 0 || source.column == nil
        {
            let shared =
                origin.flatMap { $0.file == source.file && $0.sheet == source.sheet && $0.wide == nil ? $0 : nil }
                ?? RosterOrigin(file: source.file, sheet: source.sheet)
            return (shared, line32, column32)
        }
        return (
            RosterOrigin(file: source.file, sheet: source.sheet, wide: (source.line, source.column)), 0, -1
        )
    }

    public init(
        id: MemberID, name: String, role: Role, priorGrant: Bool = false, usesITTool: Bool = true,
        source: SourceLocation = SourceLocation(file: "", line: 0)
    ) {
        self.init(id: id, name: name, role: role, priorGrant: priorGrant, usesITTool: usesITTool, source: source, sharing: nil)
    }

    /// With `source`'s file and sheet taken from `origin` when they are the same (a reader's
    /// members share one).
    init(
        id: MemberID, name: String, role: Role, priorGrant: Bool, usesITTool: Bool, source: SourceLocation, sharing origin: RosterOrigin?
    ) {
        self.id = id
        self.role = role
        self.priorGrant = priorGrant
        self.usesITTool = usesITTool
        (self.origin, line32, column32) = Self.compact(source, sharing: origin)
        if let place = self.origin.names?.add(name) {
            (storedName, nameAt) = ("", place + 1)
        } else {
            storedName = name
        }
    }

    /// The box of file and sheet this member shares (for a reader to pass on to the next).
    var rosterOrigin: RosterOrigin { origin }

    public static func == (a: Member, b: Member) -> Bool {
        a.id == b.id && a.name == b.name && a.role == b.role && a.priorGrant == b.priorGrant && a.usesITTool == b.usesITTool
            && a.source == b.source
    }

    /// Whether the member's productivity enters the group figure (公募要領 §6-3).
    public var inCalculation: Bool { role == .participant || usesITTool }
}

/// One member's figures for one period and kind, in yen (after unit scaling), persons and hours.
///
/// The fields live in one shared box (`CopyOnWrite`): figures are copied into every result that
/// shows them, and an inline copy retained each of its numbers and strings in turn. The box is
/// kept small, for a large group holds one per member and period: the five numbers as machine
/// words (`Numbers`), the fields few rows give in a box of their own (`Extras`). With five
/// `Rational`s, a `SourceLocation` and two strings inline it took 224 bytes, now 136. Figures
/// read from a group read lean take no box at all: they are a row of its `FigureTable`, boxed
/// only when changed.
public struct Figures: Sendable, Equatable {
    private struct Values: Sendable, Equatable {
        var numbers: Numbers
        var file: String
        var line: Int
        var extras: Extras?
    }

    /// The five figures (営業利益, 人件費, 減価償却費, 従業員数, 年間平均労働時間, in that order):
    /// each as `Rational`'s own word-sized numerator and denominator while all five have them
    /// (nearly always), else all five as `Rational`s in `big`.
    private struct Numbers: Sendable, Equatable {
        private var n: (Int64, Int64, Int64, Int64, Int64) = (0, 0, 0, 0, 0)
        private var d: (Int64, Int64, Int64, Int64, Int64) = (1, 1, 1, 1, 1)
        private var big: [Rational]?

        init(_ a: Rational, _ b: Rational, _ c: Rational, _ e: Rational, _ f: Rational) {
            guard let pa = a.parts, let pb = b.parts, let pc = c.parts, let pe = e.parts, let pf = f.parts else {
                big = [a, b, c, e, f]
                return
            }
            n = (pa.0, pb.0, pc.0, pe.0, pf.0)
            d = (pa.1, pb.1, pc.1, pe.1, pf.1)
        }

        subscript(i: Int) -> Rational {
            get {
                if let big { return big[i] }
                return switch i {
                case 0: Rational(lowestTerms: n.0, d.0)
                case 1: Rational(lowestTerms: n.1, d.1)
                case 2: Rational(lowestTerms: n.2, d.2)
                case 3: Rational(lowestTerms: n.3, d.3)
                default: Rational(lowestTerms: n.4, d.4)
                }
            }
            set {
                var all = (0..<5).map { self[$0] }
                all[i] = newValue
                self = Numbers(all[0], all[1], all[2], all[3], all[4])
            }
        }

        static func == (a: Numbers, b: Numbers) -> Bool { (0..<5).allSatisfy { a[$0] == b[$0] } }
    }

    /// What few rows give: the source's column or sheet, the shortfall reason, the origin. Held
    /// only when one is given, so that a plain row holds one nil reference.
    private final class Extras: Sendable, Equatable {
        let column: Int?
        let sheet: String?
        let shortfallReason: String?
        let origin: String?

        private init(column: Int?, sheet: String?, shortfallReason: String?, origin: String?) {
            self.column = column
            self.sheet = sheet
            self.shortfallReason = shortfallReason
            self.origin = origin
        }

        static func held(column: Int?, sheet: String?, shortfallReason: String?, origin: String?) -> Extras? {
            column == nil && sheet == nil && shortfallReason == nil && origin == nil
                ? nil : Extras(column: column, sheet: sheet, shortfallReason: shortfallReason, origin: origin)
        }

        static func == (a: Extras, b: Extras) -> Bool {
            a.column == b.column && a.sheet == b.sheet && a.shortfallReason == b.shortfallReason && a.origin == b.origin
        }
    }
    /// Boxed, or a row of the table it was read from (`FigureTable`), which takes no box until changed.
    private enum Storage: Sendable {
        case boxed(CopyOnWrite<Values>)
        case row(FigureTable, Int32)
    }
    private var storage: Storage

    /// Figures read from compact row `row` of `table`.
    init(table: FigureTable, row: Int32) { storage = .row(table, row) }

    @inline(__always) private func number(_ index: Int) -> Rational {
        switch storage {
        case .boxed(let box): box.value.numbers[index]
        case .row(let table, let row): table.number(row, index)
        }
    }
    private var extrasHeld: Extras? {
        switch storage {
        case .boxed(let box): box.value.extras
        case .row: nil
        }
    }
    private var values: Values {
        switch storage {
        case .boxed(let box): box.value
        case .row(let table, let row):
            Values(
                numbers: Numbers(
                    table.number(row, 0), table.number(row, 1), table.number(row, 2), table.number(row, 3), table.number(row, 4)),
                file: table.file, line: table.line(row), extras: nil)
        }
    }
    /// Changes the fields in a box of this copy's own (made from the table's row on the first change).
    private mutating func edit(_ body: (inout Values) -> Void) {
        var box: CopyOnWrite<Values>
        switch storage {
        case .boxed(let held): box = held
        case .row: box = CopyOnWrite(values)
        }
        // Let go of the box here first, so that an unshared box is changed in place.
        storage = .row(FigureTable.empty, 0)
        body(&box.value)
        storage = .boxed(box)
    }

    /// 営業利益 (may be negative).
    public var operatingProfit: Rational {
        get { number(0) }
        set { edit { $0.numbers[0] = newValue } }
    }
    /// 人件費 (≥ 0).
    public var labourCost: Rational {
        get { number(1) }
        set { edit { $0.numbers[1] = newValue } }
    }
    /// 減価償却費 (≥ 0).
    public var depreciation: Rational {
        get { number(2) }
        set { edit { $0.numbers[2] = newValue } }
    }
    /// 従業員数 (> 0).
    public var headcount: Rational {
        get { number(3) }
        set { edit { $0.numbers[3] = newValue } }
    }
    /// 年間平均労働時間 per employee (> 0, ≤ 8,760).
    public var hoursPerEmployee: Rational {
        get { number(4) }
        set { edit { $0.numbers[4] = newValue } }
    }
    /// 計画数値未達の要因, when given.
    public var shortfallReason: String? {
        get { extrasHeld?.shortfallReason }
        set { extras(shortfallReason: .some(newValue)) }
    }
    public var source: SourceLocation {
        get {
            switch storage {
            case .boxed(let box):
                let v = box.value
                return SourceLocation(file: v.file, line: v.line, column: v.extras?.column, sheet: v.extras?.sheet)
            case .row(let table, let row):
                return SourceLocation(file: table.file, line: table.line(row))
            }
        }
        set {
            edit {
                $0.file = newValue.file
                $0.line = newValue.line
            }
            extras(column: .some(newValue.column), sheet: .some(newValue.sheet))
        }
    }
    /// Where `collect` took the row from (取込元), when the row was collected.
    public var origin: String? {
        get { extrasHeld?.origin }
        set { extras(origin: .some(newValue)) }
    }

    /// Replaces the extra fields given (`.some`), keeping the others.
    private mutating func extras(column: Int?? = nil, sheet: String?? = nil, shortfallReason: String?? = nil, origin: String?? = nil) {
        let old = extrasHeld
        let new = Extras.held(
            column: column ?? old?.column, sheet: sheet ?? old?.sheet, shortfallReason: shortfallReason ?? old?.shortfallReason,
            origin: origin ?? old?.origin)
        // A row of a table has no extras: it keeps its place there while it gains none.
        if case .row = storage, new == nil { return }
        edit { $0.extras = new }
    }

    public init(
        operatingProfit: Rational, labourCost: Rational, depreciation: Rational,
        headcount: Rational, hoursPerEmployee: Rational, shortfallReason: String? = nil,
        source: SourceLocation = SourceLocation(file: "", line: 0)
    ) {
        storage = .boxed(
            CopyOnWrite(
                Values(
                    numbers: Numbers(operatingProfit, labourCost, depreciation, headcount, hoursPerEmployee), file: source.file,
                    line: source.line,
                    extras: Extras.held(column: source.column, sheet: source.sheet, shortfallReason: shortfallReason, origin: nil))))
    }

    public static func == (a: Figures, b: Figures) -> Bool {
        switch (a.storage, b.storage) {
        case (.boxed(let x), .boxed(let y)) where x.sharesStorage(with: y): true
        case (.row(let t, let r), .row(let u, let s)) where t === u && r == s: true
        default: a.values == b.values
        }
    }

    /// The same figures and reason, wherever they were read from.
    public func sameValues(as other: Figures) -> Bool {
        (0..<5).allSatisfy { number($0) == other.number($0) } && shortfallReason == other.shortfallReason
    }
}

public struct FigureKey: Sendable, Hashable {
    public var member: MemberID
    public var period: Period
    public var kind: ValueKind
    public init(member: MemberID, period: Period, kind: ValueKind) {
        self.member = member
        self.period = period
        self.kind = kind
    }
}

/// 補助事業グループ: the roster and every member's figures.
public struct Group: Sendable, Equatable {
    public var name: String
    /// In roster order.
    public var members: [Member] {
        willSet {
            // Figures held by roster place follow the roster they were filed by: kept by key from here on.
            if held == nil { held = figures }
            (byRoster, place, keyedOnce) = (nil, nil, nil)
        }
    }
    /// Every figure by member, period and kind. A group read lean (`LeanLoad`) holds its figures
    /// by roster place only, and this is made from them the first time it is asked for (and kept
    /// by every copy): for a 300,000-member group the dictionary beside them was 67 MB that the
    /// checks and the report never read.
    public var figures: [FigureKey: Figures] {
        get { held ?? keyedOnce?.value(keyed) ?? [:] }
        _modify {
            if held == nil { held = figures }
            (byRoster, place, keyedOnce) = (nil, nil, nil)
            yield &held!
        }
    }
    /// `figures` made from the figures held by roster place, once, when first asked for (set
    /// exactly when `held` is nil).
    private var keyedOnce: Once<[FigureKey: Figures]>?
    /// A value made the first time it is asked for and kept, shared by every copy of the group.
    private final class Once<Value>: @unchecked Sendable {
        // @unchecked: `made` and `times` are read and written only under `lock`.
        private let lock = NSLock()
        private var made: Value?
        private var times = 0
        /// How many times it was made (once at most; for tests).
        var timesMade: Int {
            lock.lock()
            defer { lock.unlock() }
            return times
        }
        func value(_ make: () -> Value) -> Value {
            lock.lock()
            defer { lock.unlock() }
            if let made { return made }
            let value = make()
            (made, times) = (value, times + 1)
            return value
        }
    }
    /// How many times `figures` was made from the figures held by roster place (for tests: a
    /// loop reading it once a key must not make it once a key).
    var timesFiguresMade: Int { keyedOnce?.timesMade ?? 0 }
    /// The figures by key, unless held by roster place only (then `byRoster` and `place` are set).
    private var held: [FigureKey: Figures]?
    /// `figuresByRoster()`'s answer, gathered once (by `LeanLoad` while reading, else when the
    /// loader makes the group) for the checks and the report that follow: each gathered the
    /// figures again, and on a 100,000-member group those gatherings' retains of every figure were
    /// a tenth of the report's time. Let go whenever the roster or the figures change, so it never
    /// disagrees with them.
    private var byRoster: RosterFigures?
    /// Each member's place in the roster, while the figures are held by roster place only: made
    /// from the roster when first asked for (by a lookup by ID, which the checks and the report
    /// never make), not kept from the load, where it took 12.7 MB on a 300,000-member group.
    private var place: Once<[MemberID: Int]>?

    public init(name: String, members: [Member], figures: [FigureKey: Figures]) {
        self.name = name
        self.members = members
        held = figures
    }

    /// With `figuresByRoster()` gathered here, once, for the checks and the report that follow a load.
    init(gathering name: String, members: [Member], figures: [FigureKey: Figures]) {
        self.init(name: name, members: members, figures: figures)
        byRoster = figuresByRoster()
    }

    /// Figures held by roster place only: `byRoster` has one entry per member (every roster ID different).
    init(name: String, members: [Member], byRoster: RosterFigures) {
        precondition(byRoster.count == members.count, "figures not filed by roster place")
        self.name = name
        self.members = members
        (self.byRoster, place, keyedOnce) = (byRoster, Once(), Once())
    }

    public static func == (a: Group, b: Group) -> Bool { a.name == b.name && a.members == b.members && a.figures == b.figures }

    public func figures(_ member: MemberID, _ period: Period, _ kind: ValueKind = .actual) -> Figures? {
        if let held { return held[FigureKey(member: member, period: period, kind: kind)] }
        guard let byRoster, let i = place?.value(places)[member] else { return nil }
        return byRoster[i, period, kind]
    }

    /// Whether any member has a `kind` figure for one of `periods`: by roster place when the
    /// figures are held so, without making the dictionary of every figure by key.
    func hasFigures(in periods: [Period], _ kind: ValueKind) -> Bool {
        if held == nil, let byRoster {
            return (0..<byRoster.count).contains { i in periods.contains { byRoster[i, $0, kind] != nil } }
        }
        return figures.keys.contains { $0.kind == kind && periods.contains($0.period) }
    }

    /// Each member's place in the roster (the first, were an ID given twice).
    private func places() -> [MemberID: Int] {
        var out: [MemberID: Int] = [:]
        out.reserveCapacity(members.count)
        for (i, member) in members.enumerated() where out[member.id] == nil { out[member.id] = i }
        return out
    }

    /// The figures held by roster place, by key.
    private func keyed() -> [FigureKey: Figures] {
        var out: [FigureKey: Figures] = [:]
        guard let byRoster else { return out }
        for (i, member) in members.enumerated() {
            for period in Period.allCases {
                for kind in ValueKind.allCases {
                    if let f = byRoster[i, period, kind] { out[FigureKey(member: member.id, period: period, kind: kind)] = f }
                }
            }
        }
        return out
    }

    /// Every member's figures, gathered in one pass over `figures`: for code that reads all of
    /// each member's periods and kinds. Looked up one key at a time, a member's ID was hashed six
    /// or seven times over (a twelfth of a large portfolio's instructions).
    func figuresByMember() -> [MemberID: MemberFigures] {
        var out: [MemberID: MemberFigures] = [:]
        out.reserveCapacity(members.count)
        for (key, f) in figures { out[key.member, default: MemberFigures()][key.period, key.kind] = f }
        return out
    }

    /// Each member's figures by its place in `members`, when every roster ID is different and
    /// every figure is a roster member's, as in every group the loader makes; nil otherwise (a
    /// group made by hand), for `figuresByMember()`.
    func figuresByRoster() -> RosterFigures? {
        if let byRoster { return byRoster }
        var place: [MemberID: Int] = [:]
        place.reserveCapacity(members.count)
        for (i, member) in members.enumerated() {
            guard place.updateValue(i, forKey: member.id) == nil else { return nil }
        }
        var out = [MemberFigures](repeating: MemberFigures(), count: members.count)
        for (key, f) in figures {
            guard let i = place[key.member] else { return nil }
            out[i][key.period, key.kind] = f
        }
        return RosterFigures(out)
    }
}

/// Member names read from one file, kept one after another in blocks of 64 KiB (each name whole
/// in one block, after its length in two bytes), for `Member.name`.
final class NameArena: @unchecked Sendable {
    // @unchecked: added to only by the reader that made it, before any member naming it is
    // handed to another thread; only read after that.
    private var blocks: [[UInt8]] = []
    private static let blockBytes = 1 << 16
    /// Names longer than this are kept by their members.
    static let longest = 4_096

    init() {}

    /// Keeps `name` and says where; nil when it is longer than `longest` or the store is full.
    func add(_ name: String) -> UInt32? {
        var name = name
        return name.withUTF8 { bytes -> UInt32? in
            guard bytes.count <= Self.longest else { return nil }
            let needed = bytes.count + 2
            if blocks.isEmpty || blocks[blocks.count - 1].count + needed > Self.blockBytes {
                guard blocks.count < Int(UInt32.max) >> 16 else { return nil }
                var block: [UInt8] = []
                block.reserveCapacity(Self.blockBytes)
                blocks.append(block)
            }
            let b = blocks.count - 1
            let place = UInt32(b << 16 | blocks[b].count)
            blocks[b].append(UInt8(bytes.count & 0xFF))
            blocks[b].append(UInt8(bytes.count >> 8))
            blocks[b].append(contentsOf: bytes)
            return place
        }
    }

    func name(at place: UInt32) -> String {
        let (b, at) = (Int(place >> 16), Int(place & 0xFFFF))
        return blocks[b].withUnsafeBufferPointer { block in
            let count = Int(block[at]) | Int(block[at + 1]) << 8
            return String(decoding: UnsafeBufferPointer(rebasing: block[at + 2..<at + 2 + count]), as: UTF8.self)
        }
    }
}

/// One member's figures by period and kind, held inline (six references, no array).
struct MemberFigures: Sendable, Equatable {
    private var actual0, actual1, actual2, target0, target1, target2: Figures?

    subscript(period: Period, kind: ValueKind) -> Figures? {
        get {
            switch (kind, period) {
            case (.actual, .base): actual0
            case (.actual, .year1): actual1
            case (.actual, .year2): actual2
            case (.target, .base): target0
            case (.target, .year1): target1
            case (.target, .year2): target2
            }
        }
        set {
            switch (kind, period) {
            case (.actual, .base): actual0 = newValue
            case (.actual, .year1): actual1 = newValue
            case (.actual, .year2): actual2 = newValue
            case (.target, .base): target0 = newValue
            case (.target, .year1): target1 = newValue
            case (.target, .year2): target2 = newValue
            }
        }
    }
}

/// How member IDs are compared: the importer, templates and scenarios fold them the same way.
public enum MemberIDs {
    /// Full-width to half-width (NFKC) and surrounding white space removed; leading zeros kept.
    public static func fold(_ text: String) -> MemberID {
        // Printable ASCII without spaces at either end (most IDs) is already folded: told from
        // the bytes in place (the UTF-8 view's iterator cost several hundred instructions an ID).
        var bytes = text
        let folded = bytes.withUTF8 { b in b.first != 0x20 && b.last != 0x20 && b.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }
        if folded { return text }
        return text.precomposedStringWithCompatibilityMapping.trimmingWhitespace()
    }

    /// The roster IDs that `id`, all digits, equals once leading zeros are ignored (`3` → `003`).
    public static func withLeadingZeros(_ id: MemberID, roster: [MemberID]) -> [MemberID] {
        guard !id.isEmpty, id.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return [] }
        let bare = String(id.drop { $0 == "0" })
        return roster.filter { r in
            r != id && r.utf8.allSatisfy({ (0x30...0x39).contains($0) }) && String(r.drop { $0 == "0" }) == bare
        }
    }
}

/// Member names compared as a person reads them: two spellings that differ only where Excel, CP932
/// or a keyboard differ are the same name. The roster's spelling is what reports show.
public enum MemberNames {
    /// NFKC (full-width letters and digits, ㈱ → (株), ㈲ → (有), ① → 1, the full-width space),
    /// the CP932 pairs 〜/～ and −/－ made one, and runs of white space made one space, trimmed.
    public static func fold(_ name: String) -> String {
        var out = ""
        var space = false
        for scalar in name.precomposedStringWithCompatibilityMapping.unicodeScalars {
            let mapped: Unicode.Scalar =
                switch scalar.value {
                case 0x301C, 0xFF5E: "~"  // 〜 WAVE DASH (Mac, JIS) and ～ FULLWIDTH TILDE (CP932)
                case 0x2212, 0xFF0D: "-"  // − MINUS SIGN and － FULLWIDTH HYPHEN-MINUS (CP932)
                default: scalar
                }
            if mapped.properties.isWhitespace {
                space = !out.isEmpty
                continue
            }
            if space { out.unicodeScalars.append(" ") }
            space = false
            out.unicodeScalars.append(mapped)
        }
        return out
    }

    public static func same(_ a: String, _ b: String) -> Bool { a == b || fold(a) == fold(b) }

    /// Where two names that are not the same first differ (1-based character, in `a`).
    public static func firstDifference(_ a: String, _ b: String) -> Int {
        let x = Array(a)
        let y = Array(b)
        var i = 0
        while i < x.count && i < y.count && x[i] == y[i] { i += 1 }
        return i + 1
    }
}

/// What the group's own files say about the project (from `group-info.csv` or `グループ情報.csv` in the group folder):
/// the 補助事業名 the secretariat publishes, the 代表事業者名, and the edition (公募年度).
public struct GroupSettings: Sendable, Equatable {
    public var projectName: String?
    public var representativeName: String?
    /// The subsidy edition, e.g. 2025 for IT導入補助金2025.
    public var edition: Int?

    public init(projectName: String? = nil, representativeName: String? = nil, edition: Int? = nil) {
        self.projectName = projectName
        self.representativeName = representativeName
        self.edition = edition
    }
}

/// An input file as read, for the record the secretariat may ask for during five years.
public struct InputFile: Sendable, Equatable {
    public var path: String
    public var bytes: Int
    /// SHA-256 of the file's bytes, lower-case hex.
    public var sha256: String
}
