/// A group's figures by roster place, in columns of small machine integers, for a group read lean
/// (`LeanLoad`): a 300,000-member group held a 136-byte `Figures` box per row (122 MB) and an
/// array of six references per member beside them (25 MB). Here a row is five 32-bit numerators,
/// the number of its five denominators among the table's few sets of them (nearly every row's
/// are all 1, or 1 but for hours in halves) and a 32-bit line: 26 bytes. A `Figures` read from it
/// is a reference to the table and the row's number, made without allocating (`Figures(table:row:)`).
///
/// A row that does not fit — a numerator beyond 32 bits, a 65,537th set of denominators, a
/// shortfall reason or an origin — is kept as the `Figures` it is, in `boxed`: nothing is rounded
/// or dropped.
/// Immutable once built (`Builder`); a `Figures` read from it and then changed takes a box of its own.
final class FigureTable: Sendable {
    /// The file every compact row was read from.
    let file: String
    /// Six per member (actual base, year 1, year 2; target base, year 1, year 2): 0 for none,
    /// n > 0 for compact row n − 1, n < 0 for `boxed[−n − 1]`.
    private let slots: Blocks<Int32>
    /// Five per compact row, in `Figures`' order (営業利益, 人件費, 減価償却費, 従業員数, 年間平均労働時間);
    /// each numerator and denominator in lowest terms, the denominator positive.
    private let numerators: Blocks<Int32>
    /// Per compact row, its set of denominators: five in `denominators` from five times the set's number.
    private let denominatorSet: Blocks<UInt16>
    private let denominators: [Int64]
    private let lines: Blocks<Int32>
    private let boxed: [Figures]

    /// An empty table, for a `Figures` that is letting go of the one it was read from.
    static let empty = FigureTable(Builder(file: ""))

    init(_ builder: Builder) {
        file = builder.file
        slots = builder.slots
        numerators = builder.numerators
        denominatorSet = builder.denominatorSet
        denominators = builder.denominators
        lines = builder.lines
        boxed = builder.boxed
    }

    /// How many members the table holds figures for (with or without any).
    var memberCount: Int { slots.count / 6 }
    /// How many rows it holds in columns and how many as boxes (for tests).
    var rowCounts: (compact: Int, boxed: Int) { (lines.count, boxed.count) }

    /// Where a member's figures for one period and kind are filed among six a member (also `LeanJudge`'s).
    @inline(__always) static func slot(_ member: Int, _ period: Period, _ kind: ValueKind) -> Int {
        member * 6 + (kind == .actual ? 0 : 3) + period.rawValue
    }

    func has(_ member: Int, _ period: Period, _ kind: ValueKind) -> Bool { slots[Self.slot(member, period, kind)] != 0 }

    func figures(_ member: Int, _ period: Period, _ kind: ValueKind) -> Figures? {
        let s = slots[Self.slot(member, period, kind)]
        if s > 0 { return Figures(table: self, row: s - 1) }
        if s < 0 { return boxed[Int(-(s + 1))] }
        return nil
    }

    /// Number `index` (0–4) of compact row `row`.
    @inline(__always) func number(_ row: Int32, _ index: Int) -> Rational {
        let at = Int(row) * 5 + index
        return Rational(lowestTerms: Int64(numerators[at]), denominators[Int(denominatorSet[Int(row)]) * 5 + index])
    }

    @inline(__always) func line(_ row: Int32) -> Int { Int(lines[Int(row)]) }

    /// Fills a table a member and a row at a time, as a file is read.
    struct Builder: Sendable {
        /// The file the rows are read from: set before the first row (a folder's roster is walked
        /// first, adding members only, then its figure file).
        var file: String
        fileprivate var slots = Blocks<Int32>()
        fileprivate var numerators = Blocks<Int32>()
        fileprivate var denominatorSet = Blocks<UInt16>()
        fileprivate var denominators: [Int64] = []
        /// Each set's number, and the last row's set (most rows repeat it, found without hashing).
        private var setNumbers: [Denominators: UInt16] = [:]
        private var lastSet: (Denominators, UInt16)?
        fileprivate var lines = Blocks<Int32>()
        fileprivate var boxed: [Figures] = []

        init(file: String) { self.file = file }

        /// The next member in roster order, with no figures yet.
        mutating func addMember() {
            for _ in 0..<6 { slots.append(0) }
        }

        /// Files a row's figures (営業利益, 人件費, 減価償却費, 従業員数, 年間平均労働時間, as in `Figures`)
        /// under member `member` (a place already added); false, filing nothing, when the member
        /// has figures for that period and kind already.
        mutating func add(
            _ member: Int, _ period: Period, _ kind: ValueKind,
            _ a: Rational, _ b: Rational, _ c: Rational, _ e: Rational, _ f: Rational,
            line: Int, shortfallReason: String?, origin: String?
        ) -> Bool {
            let slot = FigureTable.slot(member, period, kind)
            guard slots[slot] == 0 else { return false }
            if shortfallReason == nil, origin == nil, let line32 = Int32(exactly: line), lines.count < Int32.max,
                let pa = Self.compact(a), let pb = Self.compact(b), let pc = Self.compact(c), let pe = Self.compact(e),
                let pf = Self.compact(f), let set = setNumber(Denominators(a: pa.1, b: pb.1, c: pc.1, e: pe.1, f: pf.1))
            {
                numerators.append(pa.0)
                numerators.append(pb.0)
                numerators.append(pc.0)
                numerators.append(pe.0)
                numerators.append(pf.0)
                denominatorSet.append(set)
                lines.append(line32)
                slots[slot] = Int32(lines.count)
            } else {
                var figures = Figures(
                    operatingProfit: a, labourCost: b, depreciation: c, headcount: e, hoursPerEmployee: f,
                    shortfallReason: shortfallReason, source: SourceLocation(file: file, line: line))
                if origin != nil { figures.origin = origin }
                boxed.append(figures)
                slots[slot] = -Int32(boxed.count)
            }
            return true
        }

        /// A number as a 32-bit numerator and a word-sized denominator, when both fit.
        @inline(__always) private static func compact(_ number: Rational) -> (Int32, Int64)? {
            guard let (n, d) = number.parts, let n32 = Int32(exactly: n) else { return nil }
            return (n32, d)
        }

        struct Denominators: Hashable {
            var a, b, c, e, f: Int64
        }

        /// The number of a row's set of denominators, filed if new; nil when 65,536 sets are filed already.
        private mutating func setNumber(_ set: Denominators) -> UInt16? {
            if let lastSet, lastSet.0 == set { return lastSet.1 }
            let number: UInt16
            if let known = setNumbers[set] {
                number = known
            } else {
                guard let next = UInt16(exactly: setNumbers.count) else { return nil }
                number = next
                setNumbers[set] = next
                denominators += [set.a, set.b, set.c, set.e, set.f]
            }
            lastSet = (set, number)
            return number
        }
    }
}

/// Each member's figures by its place in the roster: read from a `FigureTable`, or gathered from
/// a group's figures by key (`Group.figuresByRoster`).
struct RosterFigures: RandomAccessCollection, Sendable, Equatable {
    private enum Storage: Sendable {
        case table(FigureTable)
        case members([MemberFigures])
    }
    private let storage: Storage

    init(_ table: FigureTable) { storage = .table(table) }
    init(_ members: [MemberFigures]) { storage = .members(members) }

    var startIndex: Int { 0 }
    var endIndex: Int {
        switch storage {
        case .table(let t): t.memberCount
        case .members(let m): m.count
        }
    }

    /// Member `i`'s figures, all six (for code that reads several of one member's).
    subscript(i: Int) -> MemberFigures {
        switch storage {
        case .table(let t):
            var out = MemberFigures()
            for kind in ValueKind.allCases {
                for period in Period.allCases { out[period, kind] = t.figures(i, period, kind) }
            }
            return out
        case .members(let m): return m[i]
        }
    }

    /// The same figures member by member, however each is held.
    static func == (a: RosterFigures, b: RosterFigures) -> Bool { a.elementsEqual(b) }

    /// Whether member `i` has figures for one period and kind, without making them.
    func has(_ i: Int, _ period: Period, _ kind: ValueKind) -> Bool {
        switch storage {
        case .table(let t): t.has(i, period, kind)
        case .members(let m): m[i][period, kind] != nil
        }
    }

    /// Member `i`'s figures for one period and kind, without making the other five.
    subscript(i: Int, period: Period, kind: ValueKind) -> Figures? {
        switch storage {
        case .table(let t): t.figures(i, period, kind)
        case .members(let m): m[i][period, kind]
        }
    }
}

/// Values appended a block at a time: a column grown to hundreds of thousands of rows by
/// appending to one array doubled it, leaving up to half its memory unused and holding the old
/// and the new memory at once while it moved (a 300,000-member group's numerators: 33.6 MB and
/// 16.8 MB beside it for 18 MB of rows). The first block grows as an array does (a small group
/// takes little); each further one is made at its full size and filled, and nothing is moved.
struct Blocks<Element: Sendable>: Sendable {
    private static var shift: Int { 16 }
    private static var mask: Int { (1 << shift) - 1 }
    private var blocks: [[Element]] = []
    private(set) var count = 0

    mutating func append(_ element: Element) {
        if count & Self.mask == 0 {
            var block: [Element] = []
            if count > 0 { block.reserveCapacity(1 << Self.shift) }
            blocks.append(block)
        }
        blocks[blocks.count - 1].append(element)
        count += 1
    }

    /// Every value in one array of its own size, each block let go once copied; empties this.
    mutating func moveAll() -> [Element] {
        var out: [Element] = []
        out.reserveCapacity(count)
        for i in blocks.indices {
            out.append(contentsOf: blocks[i])
            blocks[i] = []
        }
        (blocks, count) = ([], 0)
        return out
    }

    subscript(i: Int) -> Element {
        get { blocks[i >> Self.shift][i & Self.mask] }
        set { blocks[i >> Self.shift][i & Self.mask] = newValue }
    }
}
