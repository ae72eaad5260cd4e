import CSVCodec

/// Records of a valid UTF-8 file kept as the bytes libcsv gave (a CP932 file's converted to UTF-8
/// cell by cell, `RecordRecoder`), one buffer for all of them: a
/// reader that can take its cells in place (`LeanLoad`) never decodes them, and any other gets
/// them decoded exactly as `SourceTable.decodeRecords` would have (`decoded`).
///
/// Decoding every cell into a `String` in a row of its own was a seventh of a large portfolio's
/// work, though nearly every cell is ASCII digits or a word of a short list.
struct RawRows: Sendable {
    /// Where a cell's bytes lie in `bytes`; `count` -1 for an empty unquoted cell. Held in 32 bits
    /// each (12 bytes a cell, not 24): an input is at most `InputLimits.maxFileBytes` (256 MiB), so
    /// every offset, length and line fits, and an unsorted portfolio file held whole is smaller.
    struct Span: Sendable {
        private let start32: Int32
        private let count32: Int32
        private let line32: Int32
        var start: Int { Int(start32) }
        var count: Int { Int(count32) }
        var line: Int { Int(line32) }
        /// No input reaches 2³¹ bytes or lines (`LeanLoadTests` pins the input limit below it).
        init(start: Int, count: Int, line: Int) {
            start32 = Int32(start)
            count32 = Int32(count)
            line32 = Int32(line)
        }
    }
    struct Record: Sendable {
        /// The line the record starts on.
        var line: Int
        /// Its cells in `spans`.
        var cells: Swift.Range<Int>
    }
    private(set) var bytes: [UInt8] = []
    private(set) var spans: [Span] = []
    private(set) var records: [Record] = []

    var isEmpty: Bool { records.isEmpty }

    var recordCount: Int { records.count }
    var cellCount: Int { spans.count }
    var byteCount: Int { bytes.count }

    init() {}

    /// Empty, with room for so many bytes, cells and records.
    init(reservingBytes bytes: Int, cells: Int, records: Int) {
        self.bytes.reserveCapacity(bytes)
        spans.reserveCapacity(cells)
        self.records.reserveCapacity(records)
    }

    /// Empty, with room for as many bytes, cells and records as `like` holds: the next group of a
    /// portfolio is usually the size of the one before, and growing its arrays from nothing copied
    /// each several times over.
    init(reservingLike like: RawRows) {
        bytes.reserveCapacity(like.bytes.count)
        spans.reserveCapacity(like.spans.count)
        records.reserveCapacity(like.records.count)
    }

    /// Keeps `record`: its bytes copied in one go, its cells' places shifted to match.
    mutating func append(_ record: CSVRecordView) {
        let (first, shift) = (spans.count, bytes.count)
        bytes.append(contentsOf: record.storage)
        for index in 0..<record.count {
            let (start, count) = record.extent(index)
            spans.append(Span(start: start + shift, count: count, line: record.line(index)))
        }
        records.append(Record(line: record.line, cells: first..<spans.count))
    }

    /// These rows with only the last record kept (nothing when there is none): for a reader that
    /// goes on a chunk at a time and needs the row before.
    func keepingLastRecord() -> RawRows {
        guard let last = records.last else { return RawRows() }
        let cells = spans[last.cells]
        let start = cells.lazy.filter { $0.count > 0 }.map(\.start).min() ?? bytes.count
        var out = RawRows()
        out.bytes = Array(bytes[start...])
        out.spans = cells.map { Span(start: $0.count > 0 ? $0.start - start : 0, count: $0.count, line: $0.line) }
        out.records = [Record(line: last.line, cells: 0..<out.spans.count)]
        return out
    }

    mutating func append(contentsOf other: RawRows) {
        let (byteShift, spanShift) = (bytes.count, spans.count)
        bytes += other.bytes
        spans += other.spans.lazy.map { Span(start: $0.start + byteShift, count: $0.count, line: $0.line) }
        records += other.records.lazy.map { Record(line: $0.line, cells: $0.cells.lowerBound + spanShift..<$0.cells.upperBound + spanShift) }
    }

    /// Every record as `SourceTable.decodeRecords` decodes it: the same cells, cell lines and
    /// (never: such a record is not offered as bytes) undecodable marks.
    func decoded() -> [SourceTable.Row] {
        bytes.withUnsafeBytes { base in
            records.map { record in
                var cells: [SourceTable.Cell] = []
                var cellLines: [Int]?
                cells.reserveCapacity(record.cells.count)
                for (index, span) in spans[record.cells].enumerated() {
                    if span.line != record.line, cellLines == nil { cellLines = Array(repeating: record.line, count: index) }
                    cellLines?.append(span.line)
                    guard span.count >= 0 else {
                        cells.append(SourceTable.Cell(text: nil))
                        continue
                    }
                    let cell = UnsafeRawBufferPointer(rebasing: base[span.start..<span.start + span.count])
                    cells.append(SourceTable.cell(cell, encoding: .utf8, knownValid: true) ?? SourceTable.Cell(text: nil))
                }
                return SourceTable.Row(line: record.line, cells: cells, cellLines: cellLines, undecodable: false)
            }
        }
    }
}
