import CLibCSV

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One cell as libcsv delivered it: raw bytes (not yet decoded) and where it starts.
public struct CSVField: Sendable, Equatable {
    /// Raw bytes; `nil` for an empty unquoted cell (`CSV_EMPTY_IS_NULL`), `[]` for `""`.
    public var bytes: [UInt8]?
    /// 1-based physical line on which the cell starts.
    public var line: Int
}

/// One record (row). A quoted cell may span several physical lines.
public struct CSVRecord: Sendable, Equatable {
    /// 1-based physical line on which the record starts.
    public var line: Int
    /// 1-based physical line on which the record ends.
    public var endLine: Int
    public var fields: [CSVField]
}

/// One record as the parser holds it, lent to a `forEachRecord` body and valid only during that
/// call: its cells are read in place from one buffer the parser reuses, so reading a file
/// allocates nothing per cell (it made an array for each).
///
/// Its accessors are inlinable: the importer calls them for every cell of every row from another module.
public struct CSVRecordView {
    /// Where one cell's bytes lie in `bytes`; `count` -1 for an empty unquoted cell.
    @usableFromInline struct Span {
        @usableFromInline var start: Int
        @usableFromInline var count: Int
        @usableFromInline var line: Int
    }
    /// 1-based physical line on which the record starts.
    public let line: Int
    /// 1-based physical line on which the record ends.
    public let endLine: Int
    /// Where the record's first line starts in the bytes parsed, when the parser was between
    /// records there: a new parser started at this byte (and line) reads the same records from
    /// here on as the parse that gave this one. -1 when the record began inside a line (after a
    /// lone CR ended the record before).
    public let startByte: Int
    @usableFromInline let bytes: UnsafeRawBufferPointer
    @usableFromInline let spans: UnsafeBufferPointer<Span>

    @usableFromInline init(line: Int, endLine: Int, startByte: Int, bytes: UnsafeRawBufferPointer, spans: UnsafeBufferPointer<Span>) {
        (self.line, self.endLine, self.startByte, self.bytes, self.spans) = (line, endLine, startByte, bytes, spans)
    }

    /// How many cells the record has.
    @inlinable public var count: Int { spans.count }

    /// Cell `index`'s raw bytes, valid only during the body's call; nil for an empty unquoted cell
    /// (`CSV_EMPTY_IS_NULL`), empty for `""`.
    @inlinable public func bytes(_ index: Int) -> UnsafeRawBufferPointer? {
        let span = spans[index]
        guard span.count >= 0 else { return nil }
        return UnsafeRawBufferPointer(rebasing: bytes[span.start..<span.start + span.count])
    }

    /// The 1-based physical line on which cell `index` starts.
    @inlinable public func line(_ index: Int) -> Int { spans[index].line }

    /// Every cell's bytes one after another, valid only during the body's call: a record kept
    /// whole is copied in one go, its cells found by `extent`.
    @inlinable public var storage: UnsafeRawBufferPointer { bytes }

    /// Where cell `index`'s bytes lie in `storage`; `count` -1 for an empty unquoted cell.
    @inlinable public func extent(_ index: Int) -> (start: Int, count: Int) { (spans[index].start, spans[index].count) }

    /// The record copied out, to keep.
    public var record: CSVRecord {
        CSVRecord(line: line, endLine: endLine, fields: (0..<count).map { CSVField(bytes: bytes($0).map { Array($0) }, line: line($0)) })
    }
}

/// A malformed stretch of the file that libcsv refused in strict mode.
public struct CSVSyntaxError: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A quote character where strict CSV does not allow one (`ab"c`, `"ab"c`).
        case misplacedQuote
        /// A quoted cell opened and never closed before the end of the file.
        case unterminatedQuote
        /// libcsv could not grow its buffer (a pathological field).
        case outOfMemory
        /// A physical line longer than the reader's limit: not parsed, so it cannot fill memory.
        case lineTooLong
    }
    public var kind: Kind
    /// 1-based line where the problem is (for an unterminated quote: where the quote opened).
    public var line: Int
    /// 1-based byte offset in that line of the offending byte (nil when unknown).
    public var byteColumn: Int?
    /// 1-based cell (field) of the record that holds the offending byte (nil when unknown).
    public var cell: Int?
    /// Where that line starts in the bytes read, so the line is found without walking the file.
    public var lineStartByte: Int?
    /// Lines that could not be read because of this error (inclusive range).
    public var skippedLines: ClosedRange<Int>
}

/// The outcome of reading a whole file: the records, the blank lines it passed over,
/// and every syntax error (reading resumes on the line after each one).
public struct CSVDocument: Sendable, Equatable {
    public var records: [CSVRecord]
    /// Physical lines holding nothing but a line ending (libcsv passes over them silently).
    public var blankLines: [Int]
    public var errors: [CSVSyntaxError]
    /// Physical lines in the file (a final line without a line ending counts).
    public var lineCount: Int
}

public enum CSVDelimiter: UInt8, Sendable {
    case comma = 0x2C
    case tab = 0x09
    case semicolon = 0x3B
}

/// Strict CSV reading over libcsv, one physical line per `csv_parse` call so that every cell and
/// every error carries a real line number (libcsv itself counts neither lines nor records).
public enum CSVReader {
    /// libcsv's `pstate` value for "between records" (`ROW_NOT_BEGUN` in libcsv.c).
    static let rowNotBegun: Int32 = 0

    /// Parses `bytes`, which must not start with a byte-order mark (strip it first: libcsv
    /// rejects a BOM in front of a quoted first cell).
    /// No real member file has a line anywhere near this long; a longer one is refused unparsed.
    public static let maxLineBytes = 1 << 20

    public static func read(_ bytes: [UInt8], delimiter: CSVDelimiter = .comma, maxLineBytes: Int = CSVReader.maxLineBytes) -> CSVDocument {
        var records: [CSVRecord] = []
        let outline = forEachRecord(bytes, delimiter: delimiter, maxLineBytes: maxLineBytes) { records.append($0.record) }
        return CSVDocument(records: records, blankLines: outline.blankLines, errors: outline.errors, lineCount: outline.lineCount)
    }

    /// Parses `bytes` like `read`, handing each record to `body` as soon as it is complete instead
    /// of keeping them all: memory then grows with the longest record, not with the file.
    /// The returned document has no records.
    @discardableResult
    public static func forEachRecord(
        _ bytes: [UInt8], delimiter: CSVDelimiter = .comma, maxLineBytes: Int = CSVReader.maxLineBytes,
        _ body: (CSVRecordView) -> Void
    ) -> CSVDocument {
        let buffer = ByteBuffer(bytes)
        return forEachRecord(buffer, part: Part(buffer), delimiter: delimiter, maxLineBytes: maxLineBytes, body).document
    }

    /// A stretch of a file to parse on its own: the bytes `range`, whose first line is `firstLine`,
    /// with the file's line terminator. A whole file is one part; `split` cuts one into two.
    public struct Part: Sendable, Equatable {
        public var range: Range<Int>
        public var firstLine: Int
        public var terminator: UInt8

        /// The whole of `bytes`.
        public init(_ bytes: [UInt8]) { self.init(ByteBuffer(bytes)) }

        /// The whole of `bytes`.
        public init(_ bytes: ByteBuffer) {
            range = 0..<bytes.count
            firstLine = 1
            // Files from old Mac software end lines with a bare CR; everything else uses LF or CRLF.
            // (A file with any LF is decided at its first; only a file without one is read whole.)
            terminator = bytes.withUnsafeBytes { b in
                guard let base = b.baseAddress, memchr(base, 0x0A, b.count) == nil else { return 0x0A }
                return memchr(base, 0x0D, b.count) != nil ? 0x0D : 0x0A
            }
        }
        /// The bytes of `range`, whose first line is `firstLine`: a range must start where a parse
        /// of the bytes before would be between records (`CSVRecordView.startByte`).
        public init(range: Range<Int>, firstLine: Int, terminator: UInt8) {
            self.range = range
            self.firstLine = firstLine
            self.terminator = terminator
        }
    }

    /// Cuts `part` into two parts that separate parsers can read at once (on two cores): after a
    /// line terminator at or past the middle that has an even number of quote bytes before it in
    /// the part. In strict CSV every quote opens, closes or doubles inside a quoted cell, so such a
    /// terminator ends a record and is not inside a quoted cell. That is the guess; the proof is
    /// `Parsed.endsBetweenRecords` of the first part, which the caller must check (a file with a
    /// syntax error can break the parity) before using the second part's records, falling back to
    /// one parser otherwise. nil when the part is too small to be worth cutting or has no such place.
    public static func split(_ bytes: [UInt8], _ part: Part, minimumBytes: Int = 1 << 22) -> (Part, Part)? {
        split(ByteBuffer(bytes), part, minimumBytes: minimumBytes)
    }

    /// `split` on bytes in place; the count up to the middle gives back a mapped file's pages behind it.
    public static func split(_ bytes: ByteBuffer, _ part: Part, minimumBytes: Int = 1 << 22) -> (Part, Part)? {
        guard part.range.count >= minimumBytes else { return nil }
        let middle = part.range.lowerBound + part.range.count / 2
        return bytes.withUnsafeBytes { buffer -> (Part, Part)? in
            guard let base = buffer.baseAddress else { return nil }
            var quotes = 0
            var lines = 0
            var i = part.range.lowerBound
            while i < middle {
                let stop = min(middle, i + ByteBuffer.releaseStride)
                let from = i
                // Sixteen bytes at a time, then eight: this scan runs alone before the two parsers start.
                let counted = count(UnsafeRawPointer(base), from: i, to: stop, terminator: part.terminator)
                quotes &+= counted.quotes
                lines &+= counted.lines
                i = counted.end
                while i + 8 <= stop {
                    let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                    quotes &+= matches(word, 0x22)
                    lines &+= matches(word, part.terminator)
                    i += 8
                }
                while i < stop {
                    let byte = base[i]
                    quotes &+= byte == 0x22 ? 1 : 0
                    lines &+= byte == part.terminator ? 1 : 0
                    i += 1
                }
                bytes.release(from..<i)
            }
            while i < part.range.upperBound {
                let byte = base[i]
                i += 1
                if byte == 0x22 {
                    quotes += 1
                } else if byte == part.terminator {
                    lines += 1
                    if quotes % 2 == 0 {
                        guard i < part.range.upperBound else { return nil }
                        return (
                            Part(range: part.range.lowerBound..<i, firstLine: part.firstLine, terminator: part.terminator),
                            Part(range: i..<part.range.upperBound, firstLine: part.firstLine + lines, terminator: part.terminator)
                        )
                    }
                }
            }
            return nil
        }
    }

    /// Quotes and `terminator`s in the whole sixteen-byte blocks from `start` on before `end`, and
    /// where the blocks end. Each lane of a counter adds 1 where its byte matches, for at most 255
    /// blocks before the lanes are summed, so no lane overflows. (A vector compare and mask a block:
    /// the eight-byte count below took a fortieth of a large portfolio's time, alone on one core.)
    static func count(_ base: UnsafeRawPointer, from start: Int, to end: Int, terminator: UInt8)
        -> (quotes: Int, lines: Int, end: Int)
    {
        let quote = SIMD16<UInt8>(repeating: 0x22)
        let line = SIMD16<UInt8>(repeating: terminator)
        let one = SIMD16<UInt8>(repeating: 1)
        let zero = SIMD16<UInt8>(repeating: 0)
        var (quotes, lines) = (0, 0)
        var i = start
        while i + 16 <= end {
            var (q, l) = (zero, zero)
            var rounds = 0
            while rounds < 255 && i + 16 <= end {
                let block = (base + i).loadUnaligned(as: SIMD16<UInt8>.self)
                q &+= zero.replacing(with: one, where: block .== quote)
                l &+= zero.replacing(with: one, where: block .== line)
                i += 16
                rounds += 1
            }
            quotes += Int(SIMD16<UInt16>(truncatingIfNeeded: q).wrappedSum())
            lines += Int(SIMD16<UInt16>(truncatingIfNeeded: l).wrappedSum())
        }
        return (quotes, lines, i)
    }

    /// How many of the eight bytes of `word` equal `byte`. Each byte of `x` is zero exactly where
    /// `word` holds `byte`; `(x & 0x7F…) + 0x7F…` sets a byte's high bit exactly when its low seven
    /// bits are not all zero, and no carry crosses bytes, so the high bits left clear after also
    /// or-ing `x` itself mark the zero bytes, exactly (no false positives).
    @inline(__always) static func matches(_ word: UInt64, _ byte: UInt8) -> Int {
        matchMask(word, byte).nonzeroBitCount
    }

    /// The high bit of each byte of `word` that equals `byte`, and no other bit (see `matches`).
    @inline(__always) static func matchMask(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let x = word ^ (UInt64(byte) &* 0x0101_0101_0101_0101)
        return ~(((x & low) &+ low) | x | low)
    }

    /// The place of the first LF or CR in `bytes` at or after `start`, or `bytes.count`: eight
    /// bytes at a time (little-endian: the lowest marked byte comes first). Finding the start of a
    /// line near the end of a 97 MB file for a diagnostic's excerpt took some 40 ms byte by byte.
    public static func lineBreak(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = bytes.baseAddress else { return bytes.count }
        var i = start
        while i + 8 <= bytes.count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            let found = matchMask(word, 0x0A) | matchMask(word, 0x0D)
            if found != 0 { return i + found.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < bytes.count && bytes[i] != 0x0A && bytes[i] != 0x0D { i += 1 }
        return i
    }

    /// Copies `count` (at most 16) bytes with two loads and two stores that overlap in the middle
    /// (eight bytes from each end for 8 to 16, four for 4 to 7, single bytes at the ends and the
    /// middle below 4): nothing is read or written outside the `count` bytes.
    @inline(__always) static func copyShort(to target: UnsafeMutableRawPointer, from source: UnsafeRawPointer, count: Int) {
        if count >= 8 {
            let (head, tail) = (source.loadUnaligned(as: UInt64.self), source.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self))
            target.storeBytes(of: head, as: UInt64.self)
            target.storeBytes(of: tail, toByteOffset: count &- 8, as: UInt64.self)
        } else if count >= 4 {
            let (head, tail) = (source.loadUnaligned(as: UInt32.self), source.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self))
            target.storeBytes(of: head, as: UInt32.self)
            target.storeBytes(of: tail, toByteOffset: count &- 4, as: UInt32.self)
        } else if count > 0 {
            let (first, middle, last) = (
                source.load(as: UInt8.self), source.load(fromByteOffset: count >> 1, as: UInt8.self),
                source.load(fromByteOffset: count &- 1, as: UInt8.self)
            )
            target.storeBytes(of: first, as: UInt8.self)
            target.storeBytes(of: middle, toByteOffset: count >> 1, as: UInt8.self)
            target.storeBytes(of: last, toByteOffset: count &- 1, as: UInt8.self)
        }
    }

    /// What parsing a part gave besides its records.
    public struct Parsed: Sendable {
        /// Blank lines and syntax errors; `lineCount` is the part's last line.
        public var document: CSVDocument
        /// The part ended between records: a parser reading on from here starts afresh, exactly as
        /// a new parser on the next part does. When false, records read from a later part apart
        /// are not the file's and must be discarded.
        public var endsBetweenRecords: Bool
    }

    /// Parses one part of `bytes` (see `split`), handing each record to `body` as it completes.
    /// Syntax errors' `lineStartByte` count from the start of `bytes`.
    public static func forEachRecord(
        _ bytes: [UInt8], part: Part, delimiter: CSVDelimiter = .comma, maxLineBytes: Int = CSVReader.maxLineBytes,
        _ body: (CSVRecordView) -> Void
    ) -> Parsed {
        forEachRecord(ByteBuffer(bytes), part: part, delimiter: delimiter, maxLineBytes: maxLineBytes, body)
    }

    /// `forEachRecord` on bytes in place, giving back a mapped file's pages behind the parser.
    public static func forEachRecord(
        _ bytes: ByteBuffer, part: Part, delimiter: CSVDelimiter = .comma, maxLineBytes: Int = CSVReader.maxLineBytes,
        _ body: (CSVRecordView) -> Void
    ) -> Parsed {
        withoutActuallyEscaping(body) { body in
            parse(bytes, parts: CollectionOfOne(part), delimiter: delimiter, maxLineBytes: maxLineBytes, collector: Collector(deliver: body))!
        }
    }

    /// Parses `parts` of `bytes` one after another, in increasing order, each exactly as a parser
    /// of its own would (finished at its end, its lines counted from its `firstLine`), with one
    /// parser and one record buffer for them all: a pass over an unsorted file reads thousands of
    /// single records. The bytes between parts are not read. `accept` is asked about each part
    /// just before it is parsed (while its pages are being read anyway): nil, having parsed the
    /// parts before, when it says no. `Parsed` holds every part's blank lines and errors;
    /// `lineCount` and `endsBetweenRecords` are the last part's.
    public static func forEachRecord(
        _ bytes: ByteBuffer, parts: some Sequence<Part>, delimiter: CSVDelimiter = .comma, maxLineBytes: Int = CSVReader.maxLineBytes,
        accept: (Part) -> Bool = { _ in true }, _ body: (CSVRecordView) -> Void
    ) -> Parsed? {
        withoutActuallyEscaping(body) { body in
            parse(bytes, parts: parts, delimiter: delimiter, maxLineBytes: maxLineBytes, accept: accept, collector: Collector(deliver: body))
        }
    }

    private static func parse(
        _ bytes: ByteBuffer, parts: some Sequence<Part>, delimiter: CSVDelimiter, maxLineBytes: Int,
        accept: (Part) -> Bool = { _ in true }, collector: Collector
    ) -> Parsed? {
        var parser = Parser(delimiter: delimiter)
        var (lastLine, endsBetweenRecords) = (0, true)
        // A mapped file's pages behind the parser are given back between parts too: parts
        // scattered over the whole file would otherwise leave all of it resident.
        var (released, end, count) = (Int?.none, 0, 0)
        defer { if count > 1, let released { bytes.release(released..<end) } }
        for part in parts {
            (end, count) = (part.range.upperBound, count + 1)
            if released == nil { released = part.range.lowerBound }
            if let from = released, part.range.lowerBound - from >= ByteBuffer.releaseStride {
                bytes.release(from..<part.range.lowerBound)
                released = part.range.lowerBound
            }
            guard accept(part) else { return nil }
            (lastLine, endsBetweenRecords) = parse(
                bytes, part: part, parser: &parser, delimiter: delimiter, maxLineBytes: maxLineBytes, collector: collector)
        }
        return Parsed(
            document: CSVDocument(records: [], blankLines: collector.blankLines, errors: collector.errors, lineCount: lastLine),
            endsBetweenRecords: endsBetweenRecords)
    }

    /// Parses one part with `parser`, finished at the part's end (left ready for another part):
    /// the part's last line, and whether it ended between records.
    private static func parse(
        _ bytes: ByteBuffer, part: Part, parser: inout Parser, delimiter: CSVDelimiter, maxLineBytes: Int, collector: Collector
    ) -> (lastLine: Int, endsBetweenRecords: Bool) {
        var lineStart = part.range.lowerBound
        var line = part.firstLine
        let count = part.range.upperBound
        let terminator = part.terminator
        var released = lineStart
        defer { bytes.release(released..<count) }
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            while lineStart < count {
                if lineStart - released >= ByteBuffer.releaseStride {
                    bytes.release(released..<lineStart)
                    released = lineStart
                }
                let found = memchr(base + lineStart, Int32(terminator), count - lineStart)
                let lineEnd = found.map { $0.assumingMemoryBound(to: UInt8.self) - UnsafeMutablePointer(mutating: base) } ?? count
                let chunkEnd = lineEnd < count ? lineEnd + 1 : count  // include the terminator
                let chunk = UnsafeBufferPointer(start: base + lineStart, count: chunkEnd - lineStart)
                collector.currentLine = line
                if chunk.count > maxLineBytes {
                    let start = collector.recordStartCandidate ?? line
                    collector.errors.append(
                        CSVSyntaxError(
                            kind: .lineTooLong, line: line, byteColumn: nil, cell: nil, lineStartByte: lineStart,
                            skippedLines: min(start, line)...line))
                    collector.discardPartialRecord()
                    parser = Parser(delimiter: delimiter)
                    lineStart = chunkEnd
                    line += 1
                    continue
                }
                if parser.isBetweenRecords {
                    collector.recordStartCandidate = line
                    collector.recordStartByte = lineStart
                    if isBlank(chunk) { collector.blankLines.append(line) }
                }
                let consumed = parser.parse(chunk, collector)
                if consumed < chunk.count {
                    let kind: CSVSyntaxError.Kind = parser.errorCode == CSV_ENOMEM ? .outOfMemory : .misplacedQuote
                    let start = collector.recordStartCandidate ?? line
                    collector.errors.append(
                        CSVSyntaxError(
                            kind: kind, line: line, byteColumn: consumed + 1, cell: collector.fieldCount + 1,
                            lineStartByte: lineStart, skippedLines: min(start, line)...line))
                    collector.discardPartialRecord()
                    parser = Parser(delimiter: delimiter)
                }
                lineStart = chunkEnd
                line += 1
            }
        }
        let lastLine = max(line - 1, 0)
        collector.currentLine = lastLine
        let endsBetweenRecords = parser.isBetweenRecords && collector.fieldCount == 0
        if !parser.finish(collector) {
            let opened = collector.openFieldLine ?? collector.recordStartCandidate ?? lastLine
            collector.errors.append(
                CSVSyntaxError(
                    kind: .unterminatedQuote, line: opened, byteColumn: nil, cell: nil, lineStartByte: nil,
                    skippedLines: opened...max(opened, lastLine)))
            collector.discardPartialRecord()
            // libcsv leaves a parser that failed to finish as it was.
            parser = Parser(delimiter: delimiter)
        }
        return (lastLine, endsBetweenRecords)
    }

    /// A line with nothing but CR/LF (spaces are data: libcsv would turn them into a record).
    static func isBlank(_ chunk: UnsafeBufferPointer<UInt8>) -> Bool {
        chunk.allSatisfy { $0 == 0x0A || $0 == 0x0D }
    }
}

/// Owns the C parser state and frees it in `deinit`.
private final class Parser {
    /// Passed to libcsv for every line: unchecked, as the collector's state is (a dynamic
    /// exclusivity check on each call was about 3% of a large portfolio's samples). A parser
    /// belongs to one reading thread, and libcsv's callbacks reach the collector, never the parser.
    @exclusivity(unchecked) private var state = csv_parser()
    private let ok: Bool

    init(delimiter: CSVDelimiter) {
        let options = UInt8(CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL)
        ok = csv_init(&state, options) == 0
        csv_set_delim(&state, delimiter.rawValue)
        if delimiter == .tab {
            // libcsv trims spaces and tabs around unquoted cells; with tab as the delimiter only
            // the space may count as padding, or empty cells would vanish.
            csv_set_space_func(&state) { $0 == 0x20 ? 1 : 0 }
        }
    }

    deinit { csv_free(&state) }

    var isBetweenRecords: Bool { state.pstate == CSVReader.rowNotBegun }
    var errorCode: Int32 { csv_error(&state) }

    func parse(_ chunk: UnsafeBufferPointer<UInt8>, _ collector: Collector) -> Int {
        guard ok else { return 0 }
        let context = Unmanaged.passUnretained(collector).toOpaque()
        return csv_parse(&state, chunk.baseAddress, chunk.count, fieldCallback, recordCallback, context)
    }

    /// Flushes the last record; false when the file ends inside a quoted cell.
    func finish(_ collector: Collector) -> Bool {
        guard ok else { return false }
        let context = Unmanaged.passUnretained(collector).toOpaque()
        return csv_fini(&state, fieldCallback, recordCallback, context) == 0
    }
}

private final class Collector {
    let deliver: (CSVRecordView) -> Void
    init(deliver: @escaping (CSVRecordView) -> Void) { self.deliver = deliver }
    // The state is touched for every cell: its properties skip the run-time exclusivity checks
    // (a twentieth of a large portfolio's instructions). A collector belongs to one parser on one
    // thread, and nothing it calls reaches back into it, so no two accesses can overlap.
    @exclusivity(unchecked) var blankLines: [Int] = []
    @exclusivity(unchecked) var errors: [CSVSyntaxError] = []
    @exclusivity(unchecked) var currentLine = 1
    /// Line on which the record being read started (set when a chunk begins between records).
    @exclusivity(unchecked) var recordStartCandidate: Int?
    /// Where that line starts (-1 when there is no candidate).
    @exclusivity(unchecked) var recordStartByte = -1
    /// Line holding the delimiter that ended the previous cell: the next cell starts there.
    @exclusivity(unchecked) private var lastDelimiterLine: Int?
    /// The complete cells of the record being read: their bytes one after another, and where each
    /// lies. Both are kept at their size from record to record, so a record allocates nothing.
    @exclusivity(unchecked) private var storage = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    @exclusivity(unchecked) private var capacity = 256
    @exclusivity(unchecked) private var used = 0
    deinit {
        storage.deallocate()
        spans.deallocate()
    }

    private func grow(to needed: Int) {
        var size = capacity * 2
        while size < needed { size *= 2 }
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        larger.update(from: storage, count: used)
        storage.deallocate()
        storage = larger
        capacity = size
    }
    /// Where each complete cell lies, in memory of its own too (an array's append checked its
    /// buffer's uniqueness for every cell).
    @exclusivity(unchecked) private var spans = UnsafeMutablePointer<CSVRecordView.Span>.allocate(capacity: 32)
    @exclusivity(unchecked) private var spanCapacity = 32
    @exclusivity(unchecked) private var spanCount = 0
    @exclusivity(unchecked) private var recordLine: Int?
    /// Cells of the record being read that are complete.
    var fieldCount: Int { spanCount }

    @inline(__always) private func addSpan(_ span: CSVRecordView.Span) {
        if spanCount == spanCapacity {
            let larger = UnsafeMutablePointer<CSVRecordView.Span>.allocate(capacity: spanCapacity * 2)
            larger.moveInitialize(from: spans, count: spanCount)
            spans.deallocate()
            (spans, spanCapacity) = (larger, spanCapacity * 2)
        }
        (spans + spanCount).initialize(to: span)
        spanCount += 1
    }

    /// Where the cell being read (if any) opened: for reporting an unterminated quote.
    var openFieldLine: Int? { lastDelimiterLine ?? recordLine ?? recordStartCandidate }

    func field(_ field: UnsafeRawPointer?, _ length: Int) {
        let startLine: Int
        if spanCount == 0 {
            let line = recordStartCandidate ?? currentLine
            recordLine = line
            startLine = line
        } else {
            startLine = lastDelimiterLine ?? currentLine
        }
        if let field {
            addSpan(CSVRecordView.Span(start: used, count: length, line: startLine))
            if used + length > capacity { grow(to: used + length) }
            if length <= 16 {
                // Most cells are a few bytes: memmove's set-up for a short copy cost more than the
                // copy, and byte by byte a cell took a loop round a byte.
                CSVReader.copyShort(to: UnsafeMutableRawPointer(storage + used), from: field, count: length)
            } else {
                (storage + used).update(from: field.assumingMemoryBound(to: UInt8.self), count: length)
            }
            used += length
        } else {
            addSpan(CSVRecordView.Span(start: used, count: -1, line: startLine))
        }
        lastDelimiterLine = currentLine
    }

    func endRecord() {
        let line = recordLine ?? recordStartCandidate ?? currentLine
        deliver(
            CSVRecordView(
                line: line, endLine: currentLine, startByte: recordStartCandidate == nil ? -1 : recordStartByte,
                bytes: UnsafeRawBufferPointer(start: storage, count: used), spans: UnsafeBufferPointer(start: spans, count: spanCount)))
        discardPartialRecord()
    }

    func discardPartialRecord() {
        used = 0
        spanCount = 0
        recordLine = nil
        lastDelimiterLine = nil
        recordStartCandidate = nil
        recordStartByte = -1
    }
}

private let fieldCallback: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = {
    bytes, length, context in
    guard let context else { return }
    // Borrowed for the call, not retained and released: the parser holds the collector alive,
    // and a retain/release pair per cell cost about a tenth of the reading thread's time.
    Unmanaged<Collector>.fromOpaque(context)._withUnsafeGuaranteedRef { $0.field(UnsafeRawPointer(bytes), length) }
}

private let recordCallback: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, context in
    guard let context else { return }
    Unmanaged<Collector>.fromOpaque(context)._withUnsafeGuaranteedRef { $0.endRecord() }
}

/// Re-encodes records cell by cell into memory of its own, for a reader that works on one
/// encoding's bytes (a CP932 file's records handed on as UTF-8), for encodings that keep ASCII as
/// it is: an ASCII cell (most: numbers, IDs) is copied. A cell with the same bytes as the same
/// column's cell in the record before (a group's rows repeat names and words) is given that
/// cell's conversion again; only the others are converted.
public final class RecordRecoder {
    /// A record's bytes and its cells' places.
    private struct Buffer {
        var bytes: [UInt8] = []
        var spans: [CSVRecordView.Span] = []
        mutating func clear() {
            bytes.removeAll(keepingCapacity: true)
            spans.removeAll(keepingCapacity: true)
        }
    }
    /// The record before, as read and as converted (empty when it could not be), and a buffer to
    /// reuse for the next record read, so that none is allocated again.
    private var before = Buffer()
    private var beforeConverted = Buffer()
    private var spareRead = Buffer()
    private var spareConverted = Buffer()

    public init() {}

    /// `body`'s answer for `record` with every cell's bytes put through `convert`, or nil (and
    /// `body` not called) when `convert` gives nil for a cell: it cannot be converted.
    public func recode(
        _ record: CSVRecordView, convert: (UnsafeRawBufferPointer) -> [UInt8]?, _ body: (CSVRecordView) -> Bool
    ) -> Bool? {
        // Worked on as locals, moved in and out (a class's stored arrays are checked for exclusive
        // access at every use, and a second reference to a buffer would copy it on the next write).
        var (previous, previousOut, read, out) = (Buffer(), Buffer(), Buffer(), Buffer())
        swap(&previous, &before)
        swap(&previousOut, &beforeConverted)
        swap(&read, &spareRead)
        swap(&out, &spareConverted)
        read.clear()
        out.clear()
        var failed = false
        previous.bytes.withUnsafeBytes { previousBytes in
            previousOut.bytes.withUnsafeBytes { previousOutBytes in
                for index in 0..<record.count {
                    let line = record.line(index)
                    guard let cell = record.bytes(index) else {
                        out.spans.append(CSVRecordView.Span(start: out.bytes.count, count: -1, line: line))
                        continue
                    }
                    let start = out.bytes.count
                    if RecordRecoder.isASCII(cell) {
                        out.bytes.append(contentsOf: cell)
                    } else if index < previous.spans.count, index < previousOut.spans.count, previous.spans[index].count == cell.count,
                        memcmp(previousBytes.baseAddress! + previous.spans[index].start, cell.baseAddress!, cell.count) == 0
                    {
                        let was = previousOut.spans[index]
                        out.bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: previousOutBytes[was.start..<was.start + was.count]))
                    } else if let bytes = convert(cell) {
                        out.bytes.append(contentsOf: bytes)
                    } else {
                        failed = true
                        break
                    }
                    out.spans.append(CSVRecordView.Span(start: start, count: out.bytes.count - start, line: line))
                }
            }
        }
        // This record becomes the one before (with no conversion to lend when it failed).
        read.bytes.append(contentsOf: record.storage)
        for index in 0..<record.count {
            let (start, count) = record.extent(index)
            read.spans.append(CSVRecordView.Span(start: start, count: count, line: 0))
        }
        if failed { out.clear() }
        let answer =
            failed
            ? nil
            : out.bytes.withUnsafeBytes { storage in
                out.spans.withUnsafeBufferPointer { spans in
                    body(CSVRecordView(line: record.line, endLine: record.endLine, startByte: record.startByte, bytes: storage, spans: spans))
                }
            }
        swap(&read, &before)
        swap(&out, &beforeConverted)
        swap(&previous, &spareRead)
        swap(&previousOut, &spareConverted)
        return answer
    }

    /// Every byte below 0x80 (eight at a time): the cell reads the same in UTF-8 and CP932.
    static func isASCII(_ cell: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        while i + 8 <= cell.count {
            if cell.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i += 8
        }
        while i < cell.count {
            if cell[i] >= 0x80 { return false }
            i += 1
        }
        return true
    }
}
