import CSVCodec
import Foundation

/// A group of a combined portfolio file read straight from its cells' bytes (`RawRows`), or a
/// single file's group read so as it is parsed (`Stream`), for the common group whose every cell
/// is written plainly: the roster and figures passes of `GroupLoader.load(table:)` without
/// decoding a cell into a `String` of its own or building a diagnostic's place for every row.
///
/// It gives the `GroupBuilder` the full passes would give, or nil. It declines (nil) whenever a
/// row might raise any diagnostic in those passes, or be read other than in the one plain way it
/// knows: a cell that needs trimming or folding, a word not spelt exactly as listed, a number not
/// in plain ASCII, a missing or empty cell, a value outside the checks' bounds, a duplicate, a
/// member whose rows differ, a column it does not read. The caller then decodes the rows and takes
/// the full path, so a declined group costs one extra look and is judged exactly as before; an
/// accepted one gives what the full path would (`LeanLoadTests` compares both on mutated groups).
/// The roster rules and plausibility warnings that follow are the full path's own code.
enum LeanLoad {
    /// The columns it reads; a header with any other known column is left to the full path.
    static let columns: [Column] = [
        .groupID, .memberID, .name, .role, .priorGrant, .usesITTool, .period, .kind,
        .operatingProfit, .labourCost, .depreciation, .headcount, .hoursPerEmployee, .shortfallReason, .origin,
        .edition, .projectName,
    ]
    static let numbers: [Column] = [.operatingProfit, .labourCost, .depreciation, .headcount, .hoursPerEmployee]

    /// The group loaded as `Portfolio.group` loads its decoded rows, or nil (see above).
    static func load(_ rows: RawRows, header: SourceTable, name: String) -> LoadResult? {
        guard let (builder, byRoster) = builder(rows, header: header), let settings = settings(rows, header: header) else { return nil }
        return GroupLoader.finish(builder, file: header.file, name: name, settings: settings, diagnostics: [], byRoster: byRoster)
    }

    /// The project name and edition the rows agree on (`SourceTable.agreedText`); nil when such a
    /// cell is not plain, two differ, or the edition is not a year: the full path words each.
    static func settings(_ rows: RawRows, header: SourceTable) -> GroupSettings? {
        rows.bytes.withUnsafeBytes { base -> GroupSettings? in
            /// The column's one value and where it first is: .some(nil) when absent or empty throughout.
            func agreed(_ column: Column) -> (text: String, at: SourceLocation)?? {
                guard let index = header.columns[column]?.index else { return .some(nil) }
                var found: (bytes: UnsafeRawBufferPointer, at: SourceLocation)?
                for record in rows.records {
                    // A row cut short is the full path's to word (`walk` declines it too).
                    guard index < record.cells.count else { return nil }
                    let span = rows.spans[record.cells.lowerBound + index]
                    guard span.count > 0 else { continue }
                    let cell = UnsafeRawBufferPointer(rebasing: base[span.start..<span.start + span.count])
                    guard cell.first != 0x27, String.nothingToTrim(cell.assumingMemoryBound(to: UInt8.self)) else { return nil }
                    guard let seen = found else {
                        found = (cell, header.at(line: span.line, column: index + 1))
                        continue
                    }
                    guard seen.bytes.elementsEqual(cell) else { return nil }
                }
                return .some(found.map { (String(decoding: $0.bytes, as: UTF8.self), $0.at) })
            }
            guard let projectName = agreed(.projectName), let editionText = agreed(.edition) else { return nil }
            var edition: Int?
            if let editionText {
                var problems: [Diagnostic] = []
                edition = GroupSettings.edition(
                    editionText.text, at: editionText.at, columnName: header.columns[.edition]?.raw, diagnostics: &problems)
                guard problems.isEmpty else { return nil }
            }
            return GroupSettings(projectName: projectName?.text, edition: edition)
        }
    }

    /// The roster and figures, and the figures by roster place (`Group.figuresByRoster`) gathered on the way.
    static func builder(_ rows: RawRows, header: SourceTable) -> (GroupBuilder, FigureTable)? {
        var sink = BuilderSink(file: header.file)
        guard let labour = header.columns[.labourCost] else { return nil }
        sink.builder.moneyUnits[header.file] = (labour.unit, labour.index + 1)
        guard walk(rows, header: header, into: &sink) else { return nil }
        sink.builder.members = sink.roster.moveAll()
        return (sink.builder, FigureTable(sink.table))
    }

    /// Fills a `GroupBuilder`'s roster as the full passes would, and each member's figures beside
    /// it by roster place (the builder's figures by key stay empty: the group holds them by place).
    /// The builder keeps no index of members (the walk's serves while reading), and the walk reads
    /// each member's first words from the roster here: each kept a copy, 25 MB on a
    /// 300,000-member group.
    struct BuilderSink: LeanSink {
        let file: String
        var builder = GroupBuilder()
        /// Each member's figures, by its place in the roster.
        var table: FigureTable.Builder
        /// The roster as read, moved into `builder.members` when the walk is done: appended to
        /// one array, a 300,000-member roster (96 bytes a member) took 50 MB for 29 MB of members,
        /// and 75 MB while it moved to its last doubling.
        var roster = Blocks<Member>()
        /// The file every member's row is in, and their names, shared by them all.
        var origin: Member.RosterOrigin?

        init(file: String) {
            self.file = file
            table = FigureTable.Builder(file: file)
        }

        static var keepsWords: Bool { true }
        func words(of member: Int) -> LeanWords {
            let m = roster[member]
            return LeanWords(name: m.name, role: m.role, priorGrant: m.priorGrant, usesITTool: m.usesITTool)
        }

        mutating func member(id: String, name: String, role: Role, priorGrant: Bool, usesITTool: Bool, line: Int, column: Int) {
            let member = Member(
                id: id, name: name, role: role, priorGrant: priorGrant, usesITTool: usesITTool,
                source: SourceLocation(file: file, line: line, column: column),
                sharing: origin ?? Member.RosterOrigin(file: file, sheet: nil, names: NameArena()))
            origin = member.rosterOrigin
            roster.append(member)
            table.addMember()
        }

        mutating func figures(_ row: LeanRow) -> Bool {
            table.add(
                row.member, row.period, row.kind, row.operatingProfit, row.labourCost, row.depreciation, row.headcount,
                row.hoursPerEmployee, line: row.line, shortfallReason: row.shortfallReason.map { String(decoding: $0, as: UTF8.self) },
                origin: row.origin.map { String(decoding: $0, as: UTF8.self) })
        }
    }

    /// Walks the rows as the roster and figures passes read them, telling `sink` each new member
    /// and each figure row; false when it declines (see the type's comment) or the sink does.
    static func walk<Sink: LeanSink>(_ rows: RawRows, header: SourceTable, into sink: inout Sink) -> Bool {
        var state = WalkState()
        // At most a member a row: the index is made at its size once (grown by doubling, its
        // rehashing was a fiftieth of a portfolio's cycles).
        state.memberIndex.reserveCapacity(rows.recordCount)
        return walk(rows, header: header, into: &sink, state: &state)
    }

    /// What `walk` knows of the rows before: for a file walked a chunk at a time (`Stream`).
    struct WalkState {
        /// Each member's place by ID, and the words of its first row (a member's rows apart must
        /// agree), unless the sink keeps them (`LeanSink.keepsWords`).
        var memberIndex = MemberIndex()
        var firstWords: [LeanWords] = []
        var members = 0
        /// The member of the last row walked.
        var member = 0
    }

    /// Which of a group's columns a file's rows hold.
    enum Part {
        /// The roster and the figures on every row: a single group's file, a combined file's group.
        case whole
        /// The roster alone, a member a row: a group folder's `members.csv`.
        case roster
        /// Figures alone, by the member ID of a roster walked before (a name, if given, must be the
        /// roster's): a figure file beside a roster file in a group folder.
        case figures

        /// The columns such a file may have (any other known column is the full path's) and must have.
        var columns: (allowed: [Column], required: [Column]) {
            switch self {
            case .whole: (LeanLoad.columns, Column.requiredRoster + Column.requiredFigures)
            case .roster: (Column.memberDetails, Column.requiredRoster)
            case .figures: ([.memberID, .name, .period, .kind] + LeanLoad.numbers + [.shortfallReason, .origin], Column.requiredFigures)
            }
        }
    }

    /// `walk` resumed: `rows` go on from the rows `state` has seen; with `afterFirst`, the first
    /// record is the last one walked before, there only as the row before the others.
    /// - Parameter part: the columns the rows hold; a roster walked alone tells the sink its
    ///   members, and figures walked alone after it find theirs in `state`'s index.
    static func walk<Sink: LeanSink>(
        _ rows: RawRows, header: SourceTable, part: Part = .whole, into sink: inout Sink, state: inout WalkState,
        afterFirst: Bool = false
    ) -> Bool {
        let (allowed, required) = part.columns
        guard header.sheet == nil, !rows.isEmpty, Column.allCases.allSatisfy({ !header.has($0) || allowed.contains($0) }),
            required.allSatisfy(header.has)
        else { return false }
        // Money scaled by its header's unit (営業利益（千円）) as the full path scales it; a count has none.
        // (A `let`: held in a `var`, every read by `number` below went through an exclusivity check.)
        guard part == .roster || numbers.allSatisfy({ c in header.columns[c].map { c.isMoney || $0.unit == .yen } ?? false }) else {
            return false
        }
        let factors = numbers.map { Int64(header.columns[$0]?.unit.rawValue ?? 1) }
        let index = { (column: Column) in header.columns[column]?.index }
        guard let idIndex = index(.memberID) else { return false }
        let (nameIndex, roleIndex, periodIndex) = (index(.name), index(.role), index(.period))
        let numberIndices = numbers.compactMap(index)
        guard part == .roster || numberIndices.count == numbers.count else { return false }
        let details = Column.memberDetails.compactMap(index)
        let (priorIndex, usesIndex, kindIndex) = (index(.priorGrant), index(.usesITTool), index(.kind))
        let (reasonIndex, originIndex) = (index(.shortfallReason), index(.origin))

        // Read once here: each use of a vocabulary or the header inside the loop copied it (retains).
        let (roles, yesNo, periods, kinds) = (Vocabulary.role, Vocabulary.yesNo, Vocabulary.period, Vocabulary.kind)
        let (cellCount, numberColumns) = (header.headerCellCount, numbers)
        var (memberIndex, firstWords, member, members) = (state.memberIndex, state.firstWords, state.member, state.members)
        state = WalkState()
        defer { state = WalkState(memberIndex: memberIndex, firstWords: firstWords, members: members, member: member) }
        return rows.bytes.withUnsafeBytes { base -> Bool in
            rows.spans.withUnsafeBufferPointer { spans -> Bool in
                /// A cell's bytes: nil for an empty unquoted cell.
                func bytes(_ span: RawRows.Span) -> UnsafeRawBufferPointer? {
                    span.count < 0 ? nil : UnsafeRawBufferPointer(rebasing: base[span.start..<span.start + span.count])
                }
                /// A cell whose decoded text is its bytes as they stand: nothing to trim, no guard apostrophe.
                func plain(_ cell: UnsafeRawBufferPointer) -> Bool {
                    guard let first = cell.first, first != 0x27 else { return false }
                    return String.nothingToTrim(cell.assumingMemoryBound(to: UInt8.self))
                }
                func text(_ cell: UnsafeRawBufferPointer) -> String { String(decoding: cell, as: UTF8.self) }
                /// Whether `cell` holds exactly `text`'s bytes: a name told before, compared without
                /// decoding the cell (a member's rows apart, as in a file by year, decoded every row's
                /// name). Canonically equal text in other bytes is left to the full path.
                func holds(_ cell: UnsafeRawBufferPointer, _ text: String) -> Bool {
                    var text = text
                    return text.withUTF8 { stored in
                        stored.count == cell.count && (cell.isEmpty || memcmp(stored.baseAddress!, cell.baseAddress!, cell.count) == 0)
                    }
                }
                /// An optional cell: .some(nil) when empty, nil when written in a way only the full path reads.
                func optional(_ cell: UnsafeRawBufferPointer?) -> UnsafeRawBufferPointer?? {
                    guard let cell, !cell.isEmpty else { return .some(nil) }
                    return plain(cell) ? .some(cell) : nil
                }
                /// An optional word: .some(nil) when empty, the word when spelt exactly as listed (so
                /// its text is those bytes: no word has a space at either end or a leading apostrophe),
                /// nil otherwise.
                func word<T>(_ span: RawRows.Span?, _ vocabulary: Vocabulary<T>) -> T?? {
                    guard let span, let cell = bytes(span), !cell.isEmpty else { return .some(nil) }
                    guard let value = vocabulary.exact(cell) else { return nil }
                    return .some(value)
                }
                func same(_ a: RawRows.Span, _ b: RawRows.Span) -> Bool {
                    guard a.count == b.count else { return false }
                    guard a.count > 0 else { return true }
                    return memcmp(base.baseAddress! + a.start, base.baseAddress! + b.start, a.count) == 0
                }
                /// The member ID cell's bytes when plain printable ASCII with nothing to trim: its
                /// text is its own fold, holding no hostile character.
                func id(_ span: RawRows.Span) -> UnsafeRawBufferPointer? {
                    guard let idBytes = bytes(span), plain(idBytes), idBytes.allSatisfy({ (0x20...0x7E).contains($0) }) else { return nil }
                    return idBytes
                }
                /// The words member `place` was first told with.
                func words(of place: Int) -> LeanWords { Sink.keepsWords ? sink.words(of: place) : firstWords[place] }
                var before: Swift.Range<Int>? = afterFirst ? rows.records.first?.cells : nil
                for record in rows.records.dropFirst(afterFirst ? 1 : 0) {
                    let cells = record.cells
                    guard cells.count == cellCount else { return false }
                    let cell = { (i: Int) in spans[cells.lowerBound + i] }

                    // The roster pass: a row repeating the member cells of the row before (its ID
                    // among them) is that member, its cells already read. (In a roster file a
                    // member's second row is a duplicate, which the full path words.)
                    let repeated =
                        part != .roster && before.map { previous in details.allSatisfy { same(spans[previous.lowerBound + $0], cell($0)) } } ?? false
                    if !repeated && part == .figures {
                        // A member of the roster walked before, by the name it has there if named here.
                        guard let id = id(cell(idIndex)), let existing = memberIndex.place(of: id) else { return false }
                        if let nameIndex {
                            guard let nameBytes = bytes(cell(nameIndex)), plain(nameBytes), holds(nameBytes, words(of: existing).name)
                            else { return false }
                        }
                        member = existing
                    } else if !repeated {
                        guard let id = id(cell(idIndex)), let nameIndex, let roleIndex, let nameBytes = bytes(cell(nameIndex)), plain(nameBytes),
                            let roleBytes = bytes(cell(roleIndex)), let role = roles.exact(roleBytes),
                            let priorWord = word(priorIndex.map(cell), yesNo), let usesWord = word(usesIndex.map(cell), yesNo)
                        else { return false }
                        let (prior, uses) = (priorWord ?? false, usesWord ?? true)
                        // Filed as new at once (its ID hashed once, not looked up and then filed).
                        switch memberIndex.fileNext(id) {
                        case .existing(let existing):
                            // The same member on rows apart: the same words, else the full path words it.
                            let first = words(of: existing)
                            guard part == .whole, holds(nameBytes, first.name), first.role == role, first.priorGrant == prior,
                                first.usesITTool == uses
                            else { return false }
                            member = existing
                        case .filed:
                            let name = text(nameBytes)
                            guard TextSafety.firstHostile(in: name) == nil else { return false }
                            member = members
                            members += 1
                            if !Sink.keepsWords { firstWords.append(LeanWords(name: name, role: role, priorGrant: prior, usesITTool: uses)) }
                            sink.member(
                                id: text(id), name: name, role: role, priorGrant: prior, usesITTool: uses, line: cell(idIndex).line,
                                column: idIndex + 1)
                        case .full:
                            return false
                        }
                    }
                    before = cells
                    guard part != .roster else { continue }

                    // The figures pass.
                    guard let periodIndex, let periodBytes = bytes(cell(periodIndex)), let period = periods.exact(periodBytes),
                        let kindWord = word(kindIndex.map(cell), kinds)
                    else { return false }
                    /// A number cell as the full path reads it, when plain and within every check.
                    func number(_ n: Int) -> Rational? {
                        let column = numberColumns[n]
                        guard let number = bytes(cell(numberIndices[n])),
                            let written = NumberParser.plainDecimal(bytes: number.assumingMemoryBound(to: UInt8.self))
                        else { return nil }
                        let value = factors[n] == 1 ? written : written * Rational(small: factors[n], 1)
                        guard FigureLimits.violation(column, value) == nil else { return nil }
                        let problem: LocalizedText? =
                            switch column {
                            case .labourCost, .depreciation: Range.nonNegative(value)
                            case .headcount: Range.positive(value)
                            case .hoursPerEmployee: Range.hours(value)
                            default: nil
                            }
                        return problem == nil ? value : nil
                    }
                    guard let profit = number(0), let labourCost = number(1), let depreciation = number(2),
                        let headcount = number(3), let hours = number(4)
                    else { return false }
                    guard let reasonCell = optional(reasonIndex.flatMap { bytes(cell($0)) }),
                        let originCell = optional(originIndex.flatMap { bytes(cell($0)) })
                    else { return false }
                    let row = LeanRow(
                        member: member, period: period, kind: kindWord ?? .actual, operatingProfit: profit, labourCost: labourCost,
                        depreciation: depreciation, headcount: headcount, hoursPerEmployee: hours, shortfallReason: reasonCell,
                        origin: originCell, line: record.line)
                    guard sink.figures(row) else { return false }
                }
                return true
            }
        }
    }
}

/// One figure row as `LeanLoad.walk` read it: its member by place in the roster, its numbers as
/// the full path parses them, and its text cells' bytes (valid only during the call).
struct LeanRow {
    var member: Int
    var period: Period
    var kind: ValueKind
    var operatingProfit, labourCost, depreciation, headcount, hoursPerEmployee: Rational
    var shortfallReason: UnsafeRawBufferPointer?
    var origin: UnsafeRawBufferPointer?
    var line: Int
}

/// A member's words on its first row, which its rows apart must repeat.
struct LeanWords {
    var name: String
    var role: Role
    var priorGrant: Bool
    var usesITTool: Bool
}

/// What `LeanLoad.walk` fills: told each new member in roster order, then each of its figure rows.
protocol LeanSink {
    mutating func member(id: String, name: String, role: Role, priorGrant: Bool, usesITTool: Bool, line: Int, column: Int)
    /// False to decline the group (a member's period and kind given twice, or figures the sink cannot hold).
    mutating func figures(_ row: LeanRow) -> Bool
    /// Whether the sink keeps each member's words as told, for `words(of:)`; else the walk keeps a copy.
    static var keepsWords: Bool { get }
    /// The words member `member` (a place already told) was told with, when `keepsWords`.
    func words(of member: Int) -> LeanWords
}

extension LeanSink {
    static var keepsWords: Bool { false }
    func words(of member: Int) -> LeanWords { preconditionFailure("the sink keeps no words") }
}

extension LeanLoad {
    /// A single-file group read as its records are parsed, a chunk at a time, into the roster and
    /// figures `walk` gives, so that no more of the file is held than a chunk or two: read whole, a
    /// 300,000-member file's rows took 230 MB decoded before a figure was
    /// made. It declines as `walk` does, and on any row it is handed decoded (an undecodable cell,
    /// a workbook): the caller then reads the file again by the full passes, so a declined file
    /// is parsed twice (the rest of the first parse only skips its records).
    ///
    /// On a machine of two cores or more, each full chunk is walked on a thread of its own
    /// (`ChunkWalker`) while the next is parsed, one chunk at a time and in file order: a large
    /// file is read on both cores, and what is walked, and in which order, is what one thread
    /// walks. The last chunk (a small group's only one) is walked on the reading thread.
    struct Stream: SourceTable.RowConsumer, @unchecked Sendable {
        // @unchecked: a consumer is made and fed on one thread (`eachRow` reads this file in one
        // part); the walk's state is in `walker`, touched by one thread at a time (see there).
        let header: SourceTable
        let chunkRecords: Int
        /// The columns the file holds: a group's one file, or a folder's roster or figure file.
        let part: Part
        var chunk = RawRows()
        /// Whether `chunk` starts with the last record of the chunk before.
        var carried = false
        /// Whether a walk declined, as far as the reading thread knows (`walker` knows first).
        var declined = false
        let walker: ChunkWalker

        /// - Parameter handover: for a folder's figure file, what the stream of its roster left.
        init(
            header: SourceTable, chunkRecords: Int, part: Part = .whole, after handover: Handover? = nil,
            inParallel: Bool = Machine.cores > 1
        ) {
            self.header = header
            self.chunkRecords = chunkRecords
            self.part = part
            var (sink, state) = handover?.take() ?? (BuilderSink(file: header.file), WalkState())
            if part != .roster {
                if let labour = header.columns[.labourCost] {
                    sink.builder.moneyUnits[header.file] = (labour.unit, labour.index + 1)
                    // The figures are this file's (a roster walked before filed none).
                    sink.table.file = header.file
                } else {
                    declined = true
                }
            }
            // A group ID column: whether the file holds several groups is the full path's to say.
            if header.has(.groupID) { declined = true }
            walker = ChunkWalker(sink: sink, state: state, declined: declined, inParallel: inParallel)
        }

        var takesRecords: Bool { true }
        mutating func take(_ row: SourceTable.Row) {
            declined = true
            walker.decline()
        }
        mutating func take(record: CSVRecordView) -> Bool {
            guard !declined else { return true }
            chunk.append(record)
            if chunk.records.count >= chunkRecords + (carried ? 1 : 0) {
                // The next chunk starts with this one's last record, the row before its first.
                let next = chunk.keepingLastRecord()
                walker.walk(chunk, header: header, part: part, afterFirst: carried)
                (chunk, carried) = (next, true)
                // Once a walk has declined, the rest is only parsed (the full passes read it again).
                if walker.hasDeclined {
                    declined = true
                    chunk = RawRows()
                }
            }
            return true
        }

        /// The walk of every chunk handed over, then of the last one here: its sink and state,
        /// or nil when declined (or nothing was read).
        private mutating func walkLast() -> (sink: BuilderSink, state: WalkState)? {
            walker.wait()
            if !declined, chunk.records.count > (carried ? 1 : 0) {
                walker.walkHere(chunk, header: header, part: part, afterFirst: carried)
                carried = true
            }
            chunk = RawRows()
            guard !walker.hasDeclined, carried else { return nil }
            return walker.take()
        }

        /// The group as the full passes give it over the whole file, or nil when declined. A single
        /// file's group is named after the file: the project name and edition columns are a
        /// portfolio's (`LeanLoad.settings`), not read here, as the full passes do not read them.
        /// - Parameters: rosterFile and settings: a folder's, whose roster rules are said of its
        ///   roster file and whose settings file names the group.
        mutating func finish(name: String, rosterFile: String? = nil, settings: GroupSettings? = nil) -> LoadResult? {
            // The walk's index of members is let go first (the group makes one only if asked: on
            // a 300,000-member file its dictionary was 12.6 MB, held while the roster was copied), then the
            // roster becomes an array of its own size, its blocks let go one by one as copied.
            guard var sink = walkLast()?.sink else { return nil }
            var builder = sink.builder
            builder.members = sink.roster.moveAll()
            let table = FigureTable(sink.table)
            (sink.builder, sink.table) = (GroupBuilder(), FigureTable.Builder(file: header.file))
            return GroupLoader.finish(builder, file: rosterFile ?? header.file, name: name, settings: settings, diagnostics: [], byRoster: table)
        }

        /// A folder's roster read to its end: its members and their index, for the stream of the
        /// figure file; nil when declined.
        mutating func handover() -> Handover? {
            walkLast().map { Handover(sink: $0.sink, state: $0.state) }
        }
    }

    /// Walks a `Stream`'s chunks in the order handed over, on a serial queue of its own while
    /// the reading thread parses the next, at most one chunk waiting or being walked: memory
    /// grows by a chunk, not with the file. The sink, state and declined flag are touched on
    /// that queue while chunks are out, and by the reading thread only after `wait` (the queue's
    /// `sync` orders the walks' writes before its reads); the flag is also under the lock so
    /// that the reading thread may look at it between chunks.
    final class ChunkWalker: @unchecked Sendable {
        private var sink: BuilderSink?
        private var state: WalkState
        private var declined: Bool
        private let lock = NSLock()
        /// Made at the first chunk handed over in parallel: a small file, one chunk, never starts a thread.
        private var queue: DispatchQueue?
        private let inParallel: Bool
        private let room = DispatchSemaphore(value: 1)

        init(sink: BuilderSink, state: WalkState, declined: Bool, inParallel: Bool) {
            (self.sink, self.state, self.declined, self.inParallel) = (sink, state, declined, inParallel)
        }

        var hasDeclined: Bool { lock.withLock { declined } }

        func decline() { lock.withLock { declined = true } }

        /// Walks `chunk` after the chunks handed over before: on the queue, returning once the
        /// chunk before is walked, or here when not in parallel.
        func walk(_ chunk: RawRows, header: SourceTable, part: Part, afterFirst: Bool) {
            guard inParallel else { return walkHere(chunk, header: header, part: part, afterFirst: afterFirst) }
            room.wait()
            let queue = self.queue ?? DispatchQueue(label: "groupprod.lean-walk")
            self.queue = queue
            queue.async { [self] in
                walkHere(chunk, header: header, part: part, afterFirst: afterFirst)
                room.signal()
            }
        }

        /// Walks `chunk` on the calling thread: on the queue, or on the reading thread after `wait`.
        func walkHere(_ chunk: RawRows, header: SourceTable, part: Part, afterFirst: Bool) {
            guard !hasDeclined, var sink = self.sink else { return }
            // Moved out while walked, so that the walk's writes are not copies.
            self.sink = nil
            let walked = LeanLoad.walk(chunk, header: header, part: part, into: &sink, state: &state, afterFirst: afterFirst)
            if walked { self.sink = sink } else { decline() }
        }

        /// Returns once every chunk handed over is walked.
        func wait() { queue?.sync {} }

        /// The sink and state, moved out (the state's index let go when the sink goes on alone).
        func take() -> (sink: BuilderSink, state: WalkState)? {
            guard let sink else { return nil }
            defer { (self.sink, state) = (nil, WalkState()) }
            return (sink, state)
        }
    }

    /// What the stream of a folder's roster file leaves for the stream of its figure file.
    final class Handover: @unchecked Sendable {
        // @unchecked: made by one stream when it is done and taken by the next, one after the other.
        private var held: (BuilderSink, WalkState)?
        init(sink: BuilderSink, state: WalkState) { held = (sink, state) }
        /// The roster and index, once: held here as well, every block the figures change was
        /// copied (a 300,000-member folder's JSON report: 112,108 KiB at its peak instead of 96,848).
        func take() -> (BuilderSink, WalkState)? {
            defer { held = nil }
            return held
        }
    }

    /// A group folder of a roster file and one figure file (plain CSV) read as they are parsed, as
    /// `GroupLoader.load(path:)` reads the folder by the full passes: the roster's members, then
    /// the figures found by member ID, so that no table of either file is held (a 100,000-member
    /// folder's report peaked at 154,116 KiB that way, the same group in one file at 55,108). nil when the stream
    /// declines or reading says anything: the caller reads the folder by the full passes.
    static func streamFolder(
        roster: String, figures: String, name: String, settings: GroupSettings?, chunkRecords: Int = 4_096,
        progress: ((Int, Int) -> Void)? = nil, inParallel: Bool = Machine.cores > 1
    ) -> LoadResult? {
        var diagnostics: [Diagnostic] = []
        guard
            var (_, rosterStreams) = SourceTable.eachRow(
                path: roster, displayName: roster, diagnostics: &diagnostics, progress: progress, inParts: false,
                consumer: { Stream(header: $0, chunkRecords: chunkRecords, part: .roster, inParallel: inParallel) }),
            diagnostics.isEmpty, rosterStreams.count == 1, let handover = rosterStreams[0].handover()
        else { return nil }
        rosterStreams = []
        guard
            var (_, figureStreams) = SourceTable.eachRow(
                path: figures, displayName: figures, diagnostics: &diagnostics, progress: progress, inParts: false,
                consumer: { Stream(header: $0, chunkRecords: chunkRecords, part: .figures, after: handover, inParallel: inParallel) }),
            diagnostics.isEmpty, figureStreams.count == 1
        else { return nil }
        var stream = figureStreams.removeLast()
        return stream.finish(name: name, rosterFile: roster, settings: settings)
    }

    /// A single CSV file's group read by `Stream`, as `GroupLoader.load(path:)` reads it by the
    /// full passes; nil when the stream declines or reading says anything (then the caller reads
    /// the file again by the full passes, which word it).
    /// - Parameter settings: a folder's settings file, which names the group (and its edition).
    /// - Parameter rosterRulesAt: where the roster rules are said: the folder, when the file is
    ///   a folder's only one (the file's path by default).
    /// - Parameter inParallel: walk full chunks on a thread of their own (see `Stream`).
    static func stream(
        path: String, name: String, settings: GroupSettings? = nil, rosterRulesAt: String? = nil, chunkRecords: Int = 4_096,
        progress: ((Int, Int) -> Void)? = nil, inParallel: Bool = Machine.cores > 1
    ) -> LoadResult? {
        var diagnostics: [Diagnostic] = []
        guard
            var (_, consumers) = SourceTable.eachRow(
                path: path, displayName: path, diagnostics: &diagnostics, progress: progress, inParts: false,
                consumer: { Stream(header: $0, chunkRecords: chunkRecords, inParallel: inParallel) }),
            diagnostics.isEmpty, consumers.count == 1
        else { return nil }
        // Moved out, not copied: a copy left in the array would keep the walk's index alive.
        var stream = consumers.removeLast()
        return stream.finish(name: name, rosterFile: rosterRulesAt, settings: settings)
    }
}
