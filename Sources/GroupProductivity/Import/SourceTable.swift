import CSVCodec
import Foundation
import XLSXReader

/// One input file read into decoded cells under a recognised header row.
struct SourceTable: Sendable {
    struct Cell: Sendable, Equatable {
        /// Decoded text, nil when the cell is empty.
        var text: String?
    }
    /// A row of cells. Where each cell starts is kept only for a row whose cells do not all start
    /// on its first line (a quoted cell with a line break ends before them): a line per cell made
    /// a large group's rows half as big again while they were held.
    struct Row: Sendable, Equatable {
        var line: Int
        var cells: [Cell]
        /// The line each cell starts on; nil when every cell starts on `line`.
        var cellLines: [Int]?
        /// A cell could not be decoded: the row is reported, not used.
        var undecodable: Bool

        init(line: Int, cells: [Cell], cellLines: [Int]? = nil, undecodable: Bool) {
            self.line = line
            self.cells = cells
            self.cellLines = cellLines
            self.undecodable = undecodable
        }

        /// The line on which cell `index` starts.
        func line(ofCell index: Int) -> Int {
            guard let cellLines, index < cellLines.count else { return line }
            return cellLines[index]
        }
    }
    struct HeaderColumn: Sendable {
        var column: Column
        var index: Int
        var raw: String
        /// The unit money in this column is in: 円 unless a header or title says otherwise.
        var unit: MoneyUnit
        /// Whether a header or a title row stated the unit; when none did, a unit written in a
        /// cell (`900万`) is taken as it stands.
        var unitStated: Bool = false
    }

    var file: String
    /// The worksheet read, for a workbook.
    var sheet: String?
    var headerLine: Int
    var headerCellCount: Int
    var columns: ColumnMap
    var rows: [Row]

    /// The header's columns by `Column`: an array slot per column, since a dictionary's hashing
    /// was looked up for every cell of every row.
    struct ColumnMap: Sendable {
        private var slots = [HeaderColumn?](repeating: nil, count: Column.allCases.count)
        subscript(column: Column) -> HeaderColumn? {
            get { slots[column.ordinal] }
            set { slots[column.ordinal] = newValue }
        }
    }

    func has(_ column: Column) -> Bool { columns[column] != nil }

    /// Marks a note row above the header.
    static let noteMark = "※"

    /// The files this tool writes put an apostrophe before a text cell that a spreadsheet would take
    /// for a formula (`'=HYPERLINK(…)`, OWASP "CSV injection"); reading such a cell gives back the
    /// text as it was. Only an apostrophe followed by = + - @ is removed, so `'80s` stays as typed.
    static func removingInjectionGuard(_ text: String) -> String {
        guard text.utf8.first == 0x27, text.hasPrefix("'"), let next = text.dropFirst().first, "=+-@".contains(next) else { return text }
        return String(text.dropFirst())
    }

    /// The cell of `column` in `row`, or nil when the column is absent or the cell empty.
    func cell(_ column: Column, in row: Row) -> Cell? {
        guard let header = columns[column], header.index < row.cells.count else { return nil }
        let cell = row.cells[header.index]
        return cell.text == nil ? nil : cell
    }

    func location(_ column: Column, in row: Row) -> SourceLocation {
        let index = columns[column]?.index
        let line = index.map { row.line(ofCell: $0) } ?? row.line
        return at(line: line, column: index.map { $0 + 1 })
    }

    /// A place in this table's file (and sheet).
    func at(line: Int, column: Int? = nil) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column, sheet: sheet)
    }

    /// A file (and sheet) before its table is known.
    struct Place {
        var file: String
        var sheet: String?
        func at(line: Int, column: Int? = nil) -> SourceLocation {
            SourceLocation(file: file, line: line, column: column, sheet: sheet)
        }
    }

    /// Reads a file and decodes every cell, reporting syntax errors and undecodable bytes where they
    /// are; nil when the file cannot be read at all.
    static func decodedRows(path: String, displayName: String, diagnostics: inout [Diagnostic])
        -> (rows: [Row], blankLines: [Int], encoding: TextEncoding, syntaxErrors: Int, sheet: String?)?
    {
        var rows: [Row] = []
        guard let file = decodeEachRow(path: path, displayName: displayName, diagnostics: &diagnostics, { rows.append($0) })
        else { return nil }
        return (rows, file.blankLines, file.encoding, file.syntaxErrors, file.sheet)
    }

    /// Reads a file and hands each decoded row to `body` as soon as it is complete, so that only
    /// one row is held at a time. Syntax errors and undecodable bytes go to `diagnostics`.
    /// A workbook (`.xlsx`) is read from its sheet, a UTF-16 text file like any CSV; a file that is
    /// neither text nor a workbook gets one error saying what it looks like.
    static func decodeEachRow(
        path: String, displayName: String, diagnostics: inout [Diagnostic],
        progress: ((Int, Int) -> Void)? = nil, sheet onSheet: (String) -> Void = { _ in },
        _ body: (Row) -> Void
    )
        -> (blankLines: [Int], encoding: TextEncoding, syntaxErrors: Int, sheet: String?)?
    {
        guard let opened = open(path: path, displayName: displayName, diagnostics: &diagnostics) else { return nil }
        return decodeEachRow(opened, path: path, displayName: displayName, diagnostics: &diagnostics, progress: progress, sheet: onSheet, body)
    }

    /// `decodeEachRow` on a file already opened.
    static func decodeEachRow(
        _ opened: Opened, path: String, displayName: String, diagnostics: inout [Diagnostic],
        progress: ((Int, Int) -> Void)?, sheet onSheet: (String) -> Void, raw: ((CSVRecordView) -> Bool)? = nil,
        wanted: () -> Bool = { true }, _ body: (Row) -> Void
    )
        -> (blankLines: [Int], encoding: TextEncoding, syntaxErrors: Int, sheet: String?)?
    {
        guard case .text(let text) = opened else {
            return decodeWorkbook(path: path, displayName: displayName, diagnostics: &diagnostics, sheet: onSheet, body)
        }
        let lines = progress == nil ? 0 : lineCount(text.body)
        let decoded = decodeRecords(
            text, part: CSVReader.Part(text.body), displayName: displayName, progress: progress.map { p in { p($0, lines) } },
            offers: raw != nil, raw: raw ?? { _ in false }, wanted: wanted, body)
        // Progress ends at the end (it was told only every 4,096 records).
        progress?(lines, lines)
        // Syntax errors first, as a reader meets them in the file's own report.
        diagnostics += decoded.syntax + decoded.undecodable
        return (decoded.parsed.document.blankLines, text.encoding, decoded.parsed.document.errors.count, nil)
    }

    /// Lines in `bytes`, for progress: one pass, giving back a mapped file's pages behind it.
    static func lineCount(_ bytes: ByteBuffer) -> Int {
        bytes.withUnsafeBytes { b in
            guard let base = b.baseAddress else { return 1 }
            var lines = 1
            var i = 0
            var released = 0
            while let found = memchr(base + i, 0x0A, b.count - i) {
                lines += 1
                i = found.assumingMemoryBound(to: UInt8.self) - UnsafeMutablePointer(mutating: base) + 1
                if i - released >= ByteBuffer.releaseStride {
                    bytes.release(released..<i)
                    released = i
                }
            }
            bytes.release(released..<b.count)
            return lines
        }
    }

    /// A file read and recognised: text ready for libcsv, or a workbook.
    enum Opened: Sendable {
        case text(SniffedText)
        case workbook
    }

    /// Reads a file's bytes and tells what it holds; nil, with the reason in `diagnostics`, when it
    /// cannot be read as a table.
    static func open(path: String, displayName: String, diagnostics: inout [Diagnostic]) -> Opened? {
        if PathKind(path) == .special {
            diagnostics.append(.notARegularFile(displayName))
            return nil
        }
        if let size = FileFacts.size(path), size > InputLimits.maxFileBytes {
            diagnostics.append(.fileTooLarge(displayName, bytes: size))
            return nil
        }
        guard let data = ByteBuffer.file(path) else {
            diagnostics.append(
                Diagnostic(
                    code: .fileUnreadable, location: SourceLocation(file: displayName, line: 0),
                    message: LocalizedText(ja: "ファイルを読み込めません", en: "the file cannot be read"),
                    hint: LocalizedText(ja: "パスと読み取り権限を確認してください", en: "check the path and read permission")))
            return nil
        }
        var text = data
        switch InputFileKind.of(start: data) {
        case .text:
            break
        case .utf16(let bigEndian):
            guard let utf8 = TextSniffer.utf8(fromUTF16: Array(data), bigEndian: bigEndian) else {
                diagnostics.append(.brokenUTF16(displayName))
                return nil
            }
            text = ByteBuffer(utf8)
        case .workbook:
            return .workbook
        case let other:
            diagnostics.append(.notATable(displayName, kind: other))
            return nil
        }
        return .text(TextSniffer.sniff(text))
    }

    /// One cell's text as every reader sees it: decoded, trimmed and with the injection guard
    /// taken off, nil text when that leaves nothing; nil when the bytes cannot be decoded.
    static func cell(_ bytes: UnsafeRawBufferPointer, encoding: TextEncoding, knownValid: Bool) -> Cell? {
        guard let decoded = encoding.decode(bytes, knownValid: knownValid) else { return nil }
        // UTF-8 cells are told to have nothing to trim from the bytes at hand; a CP932 cell from
        // its decoded text, as its last raw byte may be a trail byte in the ASCII range (the
        // full-width space is 81 40, "@").
        let utf8Clean = encoding == .utf8 && String.nothingToTrim(bytes.assumingMemoryBound(to: UInt8.self))
        let trimmed = removingInjectionGuard(utf8Clean ? decoded : decoded.trimmingWhitespace())
        return Cell(text: trimmed.isEmpty ? nil : trimmed)
    }

    /// Whether a record of a valid UTF-8 file has nothing in any cell once decoded and trimmed:
    /// most records are told by their first cell's first byte.
    static func isEmpty(_ record: CSVRecordView) -> Bool {
        for index in 0..<record.count {
            guard let bytes = record.bytes(index) else { continue }
            if let first = bytes.first, (0x21...0x7E).contains(first), first != 0x27 { return false }
            if cell(bytes, encoding: .utf8, knownValid: true)?.text != nil { return false }
        }
        return true
    }

    /// Decodes the records of one part of a text file, handing each row to `body`. The diagnostics
    /// come back rather than being added, so that the parts of a file read at once can be put
    /// together in the file's order. `progress` gets the line reached now and then.
    /// - Parameter offers: whether records are offered to `raw` at all.
    /// - Parameter raw: offered each record of a valid UTF-8 file first, and each record of a
    ///   CP932 file whose cells all decode, converted to UTF-8; when it returns true the record was
    ///   taken as UTF-8 bytes and is not decoded here (it decodes without a diagnostic). Not
    ///   optional, so not escaping: called for every record without retaining what it holds.
    /// - Parameter wanted: whether `raw` would take records at all now (else none is converted).
    static func decodeRecords(
        _ text: SniffedText, part: CSVReader.Part, displayName: String, progress: ((Int) -> Void)?,
        offers: Bool = false, raw: (CSVRecordView) -> Bool = { _ in false }, wanted: () -> Bool = { true }, _ body: (Row) -> Void
    ) -> (parsed: CSVReader.Parsed, syntax: [Diagnostic], undecodable: [Diagnostic]) {
        // A CP932 file's records are offered as UTF-8, each cell converted as `cell` decodes it
        // (so the rows the bytes decode to are the ones below); a record with a cell that cannot
        // be decoded is decoded here, where the cell is reported.
        let recoder = text.encoding == .cp932 && offers ? RecordRecoder() : nil
        // A file of a few megabytes or more converts its characters from a table made once
        // (`CP932Table`), each cell it cannot convert by the decoder itself.
        let table = recoder != nil && text.body.count >= 1 << 22 ? CP932Table.shared : nil
        let convert = { (cell: UnsafeRawBufferPointer) -> [UInt8]? in
            if let table, let utf8 = table.utf8(cell) { return utf8 }
            return TextEncoding.cp932.decode(cell).map { Array($0.utf8) }
        }
        let offering = offers && (text.validUTF8 || recoder != nil)
        func offer(_ record: CSVRecordView) -> Bool {
            guard offering, wanted() else { return false }
            guard let recoder else { return raw(record) }
            let converted = recoder.recode(record, convert: convert, raw)
            return converted ?? false
        }
        var found: [Diagnostic] = []
        var records = 0
        // Each column's last decoded cell and its raw bytes. A group's rows repeat most cells of
        // the row before (the group, the member, its name and role on each of its years; the
        // kind; often the headcount and hours): a cell with the same bytes is the same text, and
        // is taken from here without decoding, checking or trimming it again.
        var lastBytes: [[UInt8]] = []
        var lastCells: [Cell] = []
        let parsed = CSVReader.forEachRecord(text.body, part: part, delimiter: text.delimiter) { record in
            records += 1
            if let progress, records % 4096 == 0 { progress(record.line) }
            if offer(record) { return }
            var bad = false
            var cells: [Cell] = []
            var cellLines: [Int]?
            cells.reserveCapacity(record.count)
            for index in 0..<record.count {
                let line = record.line(index)
                if line != record.line, cellLines == nil { cellLines = Array(repeating: record.line, count: index) }
                cellLines?.append(line)
                guard let bytes = record.bytes(index) else {
                    cells.append(Cell(text: nil))
                    continue
                }
                if index < lastBytes.count, lastBytes[index].count == bytes.count,
                    lastBytes[index].withUnsafeBytes({ bytes.isEmpty || memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 })
                {
                    cells.append(lastCells[index])
                    continue
                }
                if let cell = SourceTable.cell(bytes, encoding: text.encoding, knownValid: text.validUTF8) {
                    cells.append(cell)
                    while lastBytes.count <= index {
                        lastBytes.append([])
                        lastCells.append(Cell(text: nil))
                    }
                    lastBytes[index].removeAll(keepingCapacity: true)
                    lastBytes[index].append(contentsOf: bytes.assumingMemoryBound(to: UInt8.self))
                    lastCells[index] = cell
                } else {
                    bad = true
                    cells.append(Cell(text: nil))
                    found.append(
                        .undecodable(
                            Array(bytes), encoding: text.encoding, at: SourceLocation(file: displayName, line: line, column: index + 1)))
                }
            }
            body(Row(line: record.line, cells: cells, cellLines: cellLines, undecodable: bad))
        }
        let syntax = parsed.document.errors.map { Diagnostic.csvSyntax($0, file: displayName, body: text.body, encoding: text.encoding) }
        return (parsed, syntax, found)
    }

    /// Reads a workbook's sheet into rows: a row per sheet row (Excel's row number is the line),
    /// a cell per column up to the row's last value.
    private static func decodeWorkbook(
        path: String, displayName: String, diagnostics: inout [Diagnostic],
        sheet onSheet: (String) -> Void, _ body: (Row) -> Void
    )
        -> (blankLines: [Int], encoding: TextEncoding, syntaxErrors: Int, sheet: String?)?
    {
        let book: (sheetNames: [String], sheet: XLSXSheet)
        do {
            book = try XLSXReader.read(path: path, preferred: FormSheets.figuresNames)
        } catch {
            diagnostics.append(.unreadableWorkbook(displayName, error))
            return nil
        }
        let sheet = book.sheet.name
        onSheet(sheet)
        let others = book.sheetNames.filter { $0 != sheet && !FormSheets.instructionsNames.contains($0) }
        if !others.isEmpty {
            let list = others.map { "「\(Diagnostic.shortened($0))」" }.joined(separator: "")
            diagnostics.append(
                Diagnostic(
                    code: .sheetsNotRead, location: SourceLocation(file: displayName, line: 0, sheet: sheet),
                    message: LocalizedText(
                        ja: "シート「\(sheet)」だけを読みました。ほかのシート\(list)は読みません",
                        en: "only the sheet \"\(sheet)\" was read; the sheets \(list) were not"),
                    hint: LocalizedText(
                        ja: "数値はシート「\(sheet)」に入れるか、1シートずつ別のブックに分けてください",
                        en: "put the figures on the sheet \"\(sheet)\", or keep one sheet per workbook")))
        }
        for row in book.sheet.rows {
            let width = row.cells.last?.column ?? 0
            var cells = [Cell](repeating: Cell(text: nil), count: width)
            for cell in row.cells {
                let text: String
                switch cell.value {
                case .number(let stored): text = XLSXNumber.plain(stored) ?? stored
                case .text(let string): text = removingInjectionGuard(string.trimmingWhitespace())
                case .error(let code): text = code
                }
                cells[cell.column - 1] = Cell(text: text.isEmpty ? nil : text)
            }
            body(Row(line: row.number, cells: cells, undecodable: false))
        }
        return ([], .utf8, 0, sheet)
    }

    /// Reads and checks one file; nil when nothing usable is in it (the reasons are in `diagnostics`).
    /// A large text file is read in two parts at once (see `eachRow`).
    /// - Parameter partBytes: the smallest file read in two parts (tests make it small).
    static func read(
        path: String, displayName: String, diagnostics: inout [Diagnostic], progress: ((Int, Int) -> Void)? = nil, partBytes: Int = 1 << 22
    ) -> SourceTable? {
        guard
            let (header, parts) = eachRow(
                path: path, displayName: displayName, diagnostics: &diagnostics, progress: progress, partBytes: partBytes,
                consumer: { _ in RowCollector() })
        else { return nil }
        var table = header
        table.rows = parts.count == 1 ? parts[0].rows : parts.flatMap(\.rows)
        return table
    }

    /// Where a table's data rows go. A file read in two parts at once has a consumer per part,
    /// each fed on its own thread with its part's rows in file order.
    protocol RowConsumer: Sendable {
        mutating func take(_ row: Row)
        /// A data record of a valid UTF-8 text file (or a CP932 one, converted), offered before it
        /// is decoded: true when the consumer keeps it as bytes (`RawRows`), false to have it
        /// decoded and passed to `take`. Empty records never come here.
        mutating func take(record: CSVRecordView) -> Bool
        /// Whether records are wanted at all: a CP932 record is converted only to be offered.
        var takesRecords: Bool { get }
    }

    /// Keeps every row.
    struct RowCollector: RowConsumer {
        var rows: [Row] = []
        mutating func take(_ row: Row) { rows.append(row) }
        /// Every row is wanted decoded.
        mutating func take(record: CSVRecordView) -> Bool { false }
        var takesRecords: Bool { false }
    }

    /// Reads one file: finds the header (rows above it are titles), makes a consumer with the
    /// table's columns (no rows yet) once it is found, and hands it each data row that is not
    /// empty. Returns the table without rows and the consumers in file order; nil when there is no
    /// header.
    ///
    /// A text file of 4 MiB or more is cut in two at a record boundary (`CSVReader.split`) when the
    /// machine has two cores, and the parts are parsed and decoded at once, each with a consumer of
    /// its own. Whether the cut truly fell between records is known once the first part is done
    /// (`endsBetweenRecords`); if it did not, or the header was not in the first part, both parts'
    /// results are dropped and the file is read again in one part. Rows, lines and diagnostics are
    /// therefore always those of a single pass (`TwoPartReadTests` compares them).
    static func eachRow<C: RowConsumer>(
        path: String, displayName: String, diagnostics: inout [Diagnostic], progress: ((Int, Int) -> Void)? = nil,
        inParts: Bool = true, partBytes: Int = 1 << 22, consumer make: @escaping @Sendable (SourceTable) -> C
    ) -> (table: SourceTable, consumers: [C])? {
        guard let opened = open(path: path, displayName: displayName, diagnostics: &diagnostics) else { return nil }
        return eachRow(
            opened, path: path, displayName: displayName, diagnostics: &diagnostics, progress: progress, inParts: inParts, partBytes: partBytes, consumer: make)
    }

    /// `eachRow` on a file already opened.
    static func eachRow<C: RowConsumer>(
        _ opened: Opened, path: String, displayName: String, diagnostics: inout [Diagnostic], progress: ((Int, Int) -> Void)? = nil,
        inParts: Bool = true, partBytes: Int = 1 << 22, consumer make: @escaping @Sendable (SourceTable) -> C
    ) -> (table: SourceTable, consumers: [C])? {
        if inParts, case .text(let text) = opened, Machine.cores > 1,
            let (first, second) = CSVReader.split(text.body, CSVReader.Part(text.body), minimumBytes: partBytes),
            let read = inTwoParts(text, first, second, displayName: displayName, progress: progress, consumer: make)
        {
            diagnostics += read.diagnostics
            return (read.table, read.consumers)
        }
        var search = HeaderSearch<C>(place: Place(file: displayName, sheet: nil))
        guard
            let file = decodeEachRow(
                opened, path: path, displayName: displayName, diagnostics: &diagnostics, progress: progress,
                sheet: { search.place.sheet = $0 }, raw: { search.take(record: $0) },
                wanted: { search.wantsRecords }, { search.take($0, make) })
        else { return nil }
        diagnostics += search.finish(blankLines: file.blankLines, syntaxErrors: file.syntaxErrors)
        guard let table = search.table, let consumer = search.consumer else { return nil }
        return (table, [consumer])
    }

    /// What `eachRow` does with each row: titles until the header, then data rows to the consumer
    /// and empty rows to a list.
    struct HeaderSearch<C: RowConsumer> {
        var place: Place
        var before: [Row] = []
        var table: SourceTable?
        var consumer: C?
        var emptyRows: [Int] = []
        var headerDiagnostics: [Diagnostic] = []

        /// Records are offered once the header is found, to a consumer that takes them (kept as
        /// a flag: asked through the optional consumer, the consumer was copied for every record).
        var wantsRecords = false

        /// A record of a valid UTF-8 (or converted CP932) file before it is decoded: below the
        /// header, an empty one is listed and any other offered to the consumer as bytes. false:
        /// decode it for `take`.
        mutating func take(record: CSVRecordView) -> Bool {
            guard table != nil else { return false }
            if SourceTable.isEmpty(record) {
                emptyRows.append(record.line)
                return true
            }
            return consumer?.take(record: record) ?? false
        }

        mutating func take(_ row: Row, _ make: (SourceTable) -> C) {
            if table != nil {
                if !row.undecodable && row.cells.allSatisfy({ $0.text == nil }) {
                    emptyRows.append(row.line)
                } else {
                    consumer?.take(row)
                }
                return
            }
            before.append(row)
            // The header is the first row naming at least two known columns; rows above it are titles.
            guard !row.undecodable else { return }
            let known = Set(row.cells.compactMap { $0.text.flatMap { HeaderCell($0).column } })
            guard known.count >= 2 else { return }
            let found = SourceTable.header(before, place: place, diagnostics: &headerDiagnostics)
            before = []
            table = found
            consumer = make(found)
            wantsRecords = consumer?.takesRecords == true
        }

        /// The diagnostics once every row is read: the header's, then a missing header or the blank
        /// and empty rows passed over.
        func finish(blankLines: [Int], syntaxErrors: Int) -> [Diagnostic] {
            var out = headerDiagnostics
            guard let table else {
                if syntaxErrors == 0 || !before.isEmpty {
                    out.append(
                        Diagnostic(
                            code: .noHeader, location: place.at(line: 1),
                            message: LocalizedText(ja: "見出し行が見つかりません", en: "no header row was found"),
                            hint: LocalizedText(
                                ja: "1行目に 事業者ID・年度・営業利益・人件費・減価償却費・従業員数・年間平均労働時間 などの見出しを入れてください",
                                en:
                                    "put a header row such as member_id, period, operating_profit, labour_cost, depreciation, headcount, hours_per_employee first"
                            )))
                }
                return out
            }
            let skipped = (blankLines.filter { $0 > table.headerLine } + emptyRows).sorted()
            if !skipped.isEmpty {
                out.append(
                    Diagnostic(
                        code: .blankRowsSkipped, location: table.at(line: skipped[0]),
                        message: LocalizedText(
                            ja: "空の行を読み飛ばしました（\(LineRanges.text(skipped, language: .ja))行目）",
                            en: "blank rows were skipped (line \(LineRanges.text(skipped, language: .en)))")))
            }
            return out
        }
    }

    /// Whether the file at `path` is text as it stands (UTF-8 or CP932), not text converted
    /// (UTF-16) or anything else.
    static func isTextInPlace(_ path: String) -> Bool {
        guard PathKind(path) == .regularFile, let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return InputFileKind.of(start: handle.readData(ofLength: InputFileKind.sniffedBytes)) == .text
    }

    /// The records of a text file read before as valid UTF-8 that lie in some ranges of it, each
    /// to a consumer as bytes, without reading the rest: `ranges` holds a list of ranges for each
    /// consumer, each range starting where the earlier parse was between records (a record's
    /// `CSVRecordView.startByte`, with its line), so that its records are the ones that parse
    /// read there. The first list is read on this thread and the second, if any, on another at
    /// once; empty records are passed over, as `eachRow` passes them to no consumer. Each range
    /// is checked to be UTF-8 before it is parsed. nil when the file is not what was read (not
    /// plain text, a byte-order mark come or gone, a range not UTF-8) or a consumer would not take
    /// a record as bytes; the caller checks the rest (the file's version, the records counted).
    /// - Parameter progress: called now and then with (bytes read, bytes of every range).
    static func records<C: RowConsumer, S: Sequence<CSVReader.Part> & Sendable>(
        path: String, byteOrderMark: Bool, delimiter: CSVDelimiter, ranges: [S], consumers: [C],
        progress: ((Int, Int) -> Void)?
    ) -> [C]? {
        guard ranges.count == consumers.count, ranges.count <= 2, let data = ByteBuffer.file(path),
            InputFileKind.of(start: data) == .text, data.starts(with: [0xEF, 0xBB, 0xBF]) == byteOrderMark
        else { return nil }
        let body = byteOrderMark ? data.dropping(first: 3) : data
        // Decoding an index's ranges again only when progress is wanted.
        let bytes = progress == nil ? ranges.map { _ in 0 } : ranges.map { $0.reduce(0) { $0 + $1.range.count } }
        let total = bytes.reduce(0, +)
        let second = RangesRead<C>()
        /// The consumer after its ranges, or nil; `report` is told the bytes read so far.
        @Sendable func read(_ index: Int, report: (Int) -> Void) -> C? {
            var consumer = consumers[index]
            // The bytes of the parts before the one being parsed, and where that one starts.
            var (taken, records, before, current) = (true, 0, 0, CSVReader.Part(range: 0..<0, firstLine: 1, terminator: 0x0A))
            let parsed = CSVReader.forEachRecord(
                body, parts: ranges[index], delimiter: delimiter,
                accept: { part in
                    before += current.range.count
                    current = part
                    return TextSniffer.isValidUTF8(body, in: part.range)
                },
                { record in
                    records += 1
                    if records % 4096 == 0, record.startByte >= current.range.lowerBound {
                        report(before + record.startByte - current.range.lowerBound)
                    }
                    if taken, !isEmpty(record) { taken = consumer.take(record: record) }
                })
            report(bytes[index])
            return taken && parsed != nil ? consumer : nil
        }
        let done = DispatchGroup()
        if ranges.count == 2 {
            done.enter()
            Thread {
                defer { done.leave() }
                let result = read(1) { bytes in second.lock.withLock { second.bytes = bytes } }
                second.lock.withLock { second.result = result }
            }.start()
        }
        let first = read(0) { bytes in progress?(bytes + second.lock.withLock { second.bytes }, total) }
        let firstBytes = bytes[0]
        while done.wait(timeout: .now() + 0.1) == .timedOut { progress?(firstBytes + second.lock.withLock { second.bytes }, total) }
        progress?(total, total)
        guard let first else { return nil }
        guard ranges.count == 2 else { return [first] }
        guard let other = second.lock.withLock({ second.result }) else { return nil }
        return [first, other]
    }

    /// The second list of `records(path:…)`: its bytes read so far and its consumer at the end.
    private final class RangesRead<C>: @unchecked Sendable {
        let lock = NSLock()
        var bytes = 0
        var result: C?
    }

    /// Passes the header from the first part's thread to the second's, and the second part's
    /// progress and result back.
    private final class TwoParts<C: RowConsumer>: @unchecked Sendable {
        private let headerReady = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var header: SourceTable?
        private var reached = 0
        private var outcome: (consumer: C, emptyRows: [Int], parsed: CSVReader.Parsed, syntax: [Diagnostic], undecodable: [Diagnostic])?

        /// Called once by the first part: the header, or nil when its part has none.
        func give(_ table: SourceTable?) {
            header = table
            headerReady.signal()
        }
        func waitForHeader() -> SourceTable? {
            headerReady.wait()
            return header
        }
        /// Lines the second part has read.
        var secondLines: Int {
            get { lock.withLock { reached } }
            set { lock.withLock { reached = newValue } }
        }
        var second: (consumer: C, emptyRows: [Int], parsed: CSVReader.Parsed, syntax: [Diagnostic], undecodable: [Diagnostic])? {
            get { lock.withLock { outcome } }
            set { lock.withLock { outcome = newValue } }
        }
    }

    /// `eachRow` over two parts of a text file at once; nil when the result would not be a single
    /// pass's (the caller then reads in one part).
    private static func inTwoParts<C: RowConsumer>(
        _ text: SniffedText, _ first: CSVReader.Part, _ second: CSVReader.Part, displayName: String,
        progress: ((Int, Int) -> Void)?, consumer make: @escaping @Sendable (SourceTable) -> C
    ) -> (table: SourceTable, consumers: [C], diagnostics: [Diagnostic])? {
        let shared = TwoParts<C>()
        let done = DispatchGroup()
        done.enter()
        // A thread of its own: it waits for the header and for pool slots, which must not hold
        // back one of the few workers that judge groups.
        Thread {
            defer { done.leave() }
            guard let header = shared.waitForHeader() else { return }
            var consumer = make(header)
            var emptyRows: [Int] = []
            let raw = { (record: CSVRecordView) -> Bool in
                if SourceTable.isEmpty(record) {
                    emptyRows.append(record.line)
                    return true
                }
                return consumer.take(record: record)
            }
            let report = { (line: Int) in shared.secondLines = line - second.firstLine }
            let takes = consumer.takesRecords
            let wanted = { takes }
            let decoded = decodeRecords(text, part: second, displayName: displayName, progress: report, offers: true, raw: raw, wanted: wanted) { row in
                if !row.undecodable && row.cells.allSatisfy({ $0.text == nil }) {
                    emptyRows.append(row.line)
                } else {
                    consumer.take(row)
                }
            }
            shared.second = (consumer, emptyRows, decoded.parsed, decoded.syntax, decoded.undecodable)
        }.start()
        let total = progress == nil ? 0 : lineCount(text.body)
        var search = HeaderSearch<C>(place: Place(file: displayName, sheet: nil))
        var firstLines = 0
        let report = progress.map { report in
            { (line: Int) in
                firstLines = line - first.firstLine
                report(firstLines + shared.secondLines, total)
            }
        }
        let raw = { (record: CSVRecordView) in search.take(record: record) }
        let wanted = { search.wantsRecords }
        let decoded = decodeRecords(text, part: first, displayName: displayName, progress: report, offers: true, raw: raw, wanted: wanted) { row in
            let searching = search.table == nil
            search.take(row, make)
            if searching, let table = search.table { shared.give(table) }
        }
        if search.table == nil { shared.give(nil) }
        while done.wait(timeout: .now() + 0.1) == .timedOut { progress?(firstLines + shared.secondLines, total) }
        progress?(total, total)
        guard decoded.parsed.endsBetweenRecords, let table = search.table, let consumer = search.consumer, let other = shared.second
        else { return nil }
        search.emptyRows += other.emptyRows
        let blankLines = decoded.parsed.document.blankLines + other.parsed.document.blankLines
        let syntaxErrors = decoded.parsed.document.errors.count + other.parsed.document.errors.count
        // The order of a single pass: every syntax error, every undecodable cell, then the rest.
        let diagnostics =
            decoded.syntax + other.syntax + decoded.undecodable + other.undecodable
            + search.finish(blankLines: blankLines, syntaxErrors: syntaxErrors)
        return (table, [consumer, other.consumer], diagnostics)
    }

    /// The header row (the last of `rows`) and the titles above it: the table's columns, or the
    /// reasons a column cannot be used.
    private static func header(_ rows: [Row], place: Place, diagnostics: inout [Diagnostic]) -> SourceTable {
        var titleUnit: MoneyUnit?
        var titleLines: [Int] = []
        for row in rows.dropLast() where !row.undecodable {
            // A row opening with ※ above the header is a note for the person filling in the file
            // (the templates have one); it carries no data and no unit, so it is not reported.
            if row.cells.first?.text?.hasPrefix(SourceTable.noteMark) == true { continue }
            if row.cells.contains(where: { $0.text != nil }) {
                titleLines.append(row.line)
                for text in row.cells.compactMap(\.text) { titleUnit = titleUnit ?? MoneyUnit.findInTitle(text) }
            }
        }
        if !titleLines.isEmpty {
            let lines = titleLines.map(String.init).joined(separator: ", ")
            diagnostics.append(
                Diagnostic(
                    code: .titleRowsSkipped,
                    location: place.at(line: titleLines[0]),
                    message: LocalizedText(
                        ja: "見出し行より上の行を表題として読み飛ばしました（\(lines)行目）",
                        en: "rows above the header were skipped as titles (line \(lines))"),
                    hint: LocalizedText(ja: "データが含まれていないか確認してください", en: "check that they hold no data")))
        }
        let header = rows[rows.count - 1]
        var columns = ColumnMap()
        var unknown: [(Int, String)] = []
        for (index, cell) in header.cells.enumerated() {
            guard let full = cell.text else { continue }
            let raw = Diagnostic.shortened(full)
            let parsed = HeaderCell(full)
            let location = place.at(line: header.line, column: index + 1)
            guard let column = parsed.column else {
                unknown.append((index, raw))
                continue
            }
            if let first = columns[column] {
                diagnostics.append(
                    Diagnostic(
                        code: .duplicateColumn, location: location, columnName: raw, rawValue: raw,
                        message: LocalizedText(
                            ja: "列「\(raw)」は \(first.index + 1) 列目「\(first.raw)」と同じ項目です",
                            en: "column \"\(raw)\" is the same field as column \(first.index + 1) \"\(first.raw)\""),
                        hint: LocalizedText(ja: "どちらか一方の列を削除してください", en: "delete one of the two columns")))
                continue
            }
            var unit = MoneyUnit.yen
            var stated = false
            if column.isMoney {
                if let bad = parsed.unknownUnit {
                    diagnostics.append(
                        Diagnostic(
                            code: .unknownUnit, location: location, columnName: raw, rawValue: raw,
                            message: LocalizedText(ja: "単位「\(bad)」を解釈できません", en: "the unit \"\(bad)\" is not understood"),
                            hint: LocalizedText(
                                ja: "単位は 円・千円・万円・百万円 のいずれかにしてください",
                                en: "use 円, 千円, 万円 or 百万円 (yen, thousand yen, ten thousand yen, million yen)")))
                }
                if let given = parsed.unit {
                    unit = given
                    stated = true
                } else if let titleUnit {
                    unit = titleUnit
                    stated = true
                    diagnostics.append(
                        Diagnostic(
                            code: .unitFromTitle, location: location, columnName: raw,
                            message: LocalizedText(
                                ja: "表題行の「単位：\(titleUnit.label)」を列「\(raw)」に適用しました",
                                en: "the title row's unit \(titleUnit.label) was applied to column \"\(raw)\""),
                            hint: LocalizedText(
                                ja: "見出しに「\(raw)(\(titleUnit.label))」のように単位を書くと確実です",
                                en: "write the unit in the header, e.g. \"\(raw)(\(titleUnit.label))\"")))
                }
            }
            columns[column] = HeaderColumn(column: column, index: index, raw: raw, unit: unit, unitStated: stated)
        }
        for (index, raw) in unknown {
            diagnostics.append(
                Diagnostic(
                    code: .unknownColumn,
                    location: place.at(line: header.line, column: index + 1), columnName: raw, rawValue: raw,
                    message: LocalizedText(ja: "列「\(raw)」は使われません（不明な見出し）", en: "column \"\(raw)\" is not used (unknown header)"),
                    hint: LocalizedText(
                        ja: "綴りを確認してください。README に使える見出しの一覧があります",
                        en: "check the spelling; the README lists the headers understood")))
        }

        return SourceTable(
            file: place.file, sheet: place.sheet, headerLine: header.line, headerCellCount: header.cells.count,
            columns: columns, rows: [])
    }
}

extension Diagnostic {
    static func csvSyntax(_ error: CSVSyntaxError, file: String, body: ByteBuffer, encoding: TextEncoding) -> Diagnostic {
        // The cell is the location's column, as everywhere; the character within the line is said
        // in words. Found from the line's own start: linear however many errors a file has.
        let location = SourceLocation(file: file, line: error.line, column: error.cell)
        let character = error.byteColumn.flatMap { byte in
            error.lineStartByte.map { characterColumn(body, lineStart: $0, byteColumn: byte, encoding: encoding) }
        }
        let at = character.map { LocalizedText(ja: "（行の\($0)文字目）", en: " (character \($0) of the line)") } ?? LocalizedText(ja: "", en: "")
        let span =
            error.skippedLines.count > 1
            ? LocalizedText(
                ja: "（\(error.skippedLines.lowerBound)〜\(error.skippedLines.upperBound)行目を読めませんでした）",
                en: " (lines \(error.skippedLines.lowerBound)–\(error.skippedLines.upperBound) could not be read)")
            : LocalizedText(ja: "（この行は読めませんでした）", en: " (this line could not be read)")
        switch error.kind {
        case .misplacedQuote:
            return Diagnostic(
                code: .csvBadQuote, location: location,
                message: LocalizedText(
                    ja: "CSV の引用符（\"）の使い方が正しくありません" + at.ja + span.ja,
                    en: "a double quote (\") is misplaced in the CSV" + at.en + span.en),
                hint: LocalizedText(
                    ja: "値の中の \" は \"\" と2つ重ね、値全体を \" で囲んでください。Excel で開いて保存し直すと直ります",
                    en: "inside a quoted value write \" as \"\", and quote the whole value; opening and saving in Excel fixes it"))
        case .unterminatedQuote:
            return Diagnostic(
                code: .csvUnterminatedQuote, location: location,
                message: LocalizedText(
                    ja: "引用符（\"）が閉じられないままファイルが終わっています" + span.ja,
                    en: "a quoted value is never closed before the end of the file" + span.en),
                hint: LocalizedText(ja: "この行の \" の対応を確認してください", en: "check the double quotes on this line"))
        case .lineTooLong:
            return Diagnostic(
                code: .lineTooLong, location: location,
                message: LocalizedText(
                    ja: "1行が \(CSVReader.maxLineBytes >> 20) MiB を超えているため読みません" + span.ja,
                    en: "a line is longer than \(CSVReader.maxLineBytes >> 20) MiB and is not read" + span.en),
                hint: LocalizedText(
                    ja: "改行が失われたファイルか、CSV でないファイルではありませんか。Excel で開いて CSV で保存し直してください",
                    en: "the file may have lost its line breaks or not be a CSV; open it in Excel and save it as CSV again"))
        case .outOfMemory:
            return Diagnostic(
                code: .csvFieldTooLarge, location: location,
                message: LocalizedText(ja: "値が大きすぎて読み込めません" + span.ja, en: "a value is too large to read" + span.en),
                hint: LocalizedText(ja: "ファイルが壊れていないか確認してください", en: "check that the file is not damaged"))
        }
    }

    static func undecodable(_ bytes: [UInt8], encoding: TextEncoding, at location: SourceLocation) -> Diagnostic {
        let offset = TextSniffer.firstInvalidByte(bytes, in: encoding) ?? 0
        let shown = bytes[offset..<min(bytes.count, offset + 4)].map { String(format: "%02X", $0) }.joined(separator: " ")
        let name = encoding == .utf8 ? "UTF-8" : "Shift_JIS (CP932)"
        return Diagnostic(
            code: .undecodableBytes, location: location, rawValue: shown,
            message: LocalizedText(
                ja: "\(name) として読めないバイト列（\(shown)）があります（セル内 \(offset + 1) バイト目）",
                en: "bytes \(shown) are not valid \(name) (byte \(offset + 1) of the cell)"),
            hint: LocalizedText(
                ja: "Excel で「CSV UTF-8」または「CSV (コンマ区切り)」形式で保存し直してください",
                en: "save the file again from Excel as \"CSV UTF-8\" or \"CSV (Comma delimited)\""))
    }

    /// Converts libcsv's byte position into a 1-based character column of that line.
    private static func characterColumn(_ body: ByteBuffer, lineStart start: Int, byteColumn: Int, encoding: TextEncoding) -> Int {
        let end = min(body.count, start + byteColumn - 1)
        guard start <= end else { return byteColumn }
        return (encoding.decode(Array(body[start..<end])) ?? String(decoding: body[start..<end], as: UTF8.self)).count + 1
    }
}

/// The input sizes the tool accepts, stated and checked before reading, set far above what a real
/// group's files hold.
public enum InputLimits {
    /// One file: 256 MiB. Larger is refused before a byte is read.
    public static let maxFileBytes = 256 << 20
}

extension Diagnostic {
    /// A named pipe, a device or a socket where a file was expected: never opened (a pipe with
    /// nothing writing to it would be waited on for ever, /dev/zero read for ever).
    static func notARegularFile(_ file: String) -> Diagnostic {
        Diagnostic(
            code: .fileUnreadable, location: SourceLocation(file: file, line: 0),
            message: LocalizedText(
                ja: "通常のファイルではない（名前付きパイプ・デバイス・ソケットなど）ため読み込みません",
                en: "not a regular file (a named pipe, a device or a socket); not read"),
            hint: LocalizedText(
                ja: "内容をファイル（CSV かブック）に保存して、そのファイルを指定してください",
                en: "save its contents to a file (CSV or workbook) and give that file"))
    }

    static func fileTooLarge(_ file: String, bytes: Int) -> Diagnostic {
        Diagnostic(
            code: .fileTooLarge, location: SourceLocation(file: file, line: 0),
            message: LocalizedText(
                ja: "ファイルが \(bytes >> 20) MiB あり、上限の \(InputLimits.maxFileBytes >> 20) MiB を超えるため読みません",
                en: "the file is \(bytes >> 20) MiB, over the \(InputLimits.maxFileBytes >> 20) MiB limit; it is not read"),
            hint: LocalizedText(
                ja: "グループごと、または年度ごとにファイルを分けてください",
                en: "split it into one file per group, or per year"))
    }
}

/// The sheets of a workbook form (`groupprod template --format xlsx`).
public enum FormSheets {
    /// The sheet holding the figures, in the forms this tool writes.
    public static let figures = "実績"
    /// The sheet of instructions, which holds no data.
    public static let instructions = "記入方法"
    /// Sheets read for figures when a workbook has one of them; otherwise its first sheet is read.
    static let figuresNames = [figures, "数値", "Figures"]
    /// Sheets that hold no data and are passed over without a warning.
    static let instructionsNames = [instructions, "Instructions"]
}

/// What one `stat` says of a path. FileManager's `attributesOfItem` also looks up the owner's
/// and the group's names, opening /etc/passwd and /etc/group on every call (600 times each for
/// a portfolio of 300 group folders).
enum FileFacts {
    /// The size of what `path` names, through symbolic links (what reading it reads); nil when
    /// there is nothing there to stat.
    static func size(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_size)
    }

    /// What changes when the file at `path` (through symbolic links) is written or replaced: its
    /// device, inode, size and modification time; nil when there is nothing there to stat.
    static func version(_ path: String) -> [Int]? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if canImport(Darwin)
            let modified = info.st_mtimespec
        #else
            let modified = info.st_mtim
        #endif
        return [Int(info.st_dev), Int(info.st_ino), Int(info.st_size), Int(modified.tv_sec), Int(modified.tv_nsec)]
    }

    /// The size of the regular file at `path` itself (a symbolic link is not one); else nil.
    static func regularFileSize(_ path: String) -> Int? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(info.st_size)
    }
}

/// The machine's active cores, asked once: Foundation reads the process's CPU affinity and
/// cgroup limits each time it is asked, and every file read asked (2.65% of the samples of a
/// portfolio of 3,000 group folders).
enum Machine {
    static let cores = ProcessInfo.processInfo.activeProcessorCount
}
