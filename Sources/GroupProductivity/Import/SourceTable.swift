import CSVCodec
import Foundation
import XLSXReader

/// One input file read into decoded cells under a recognised header row.
struct SourceTable: Sendable {
    struct Cell: Sendable {
        /// Decoded text, nil when the cell is empty.
        var text: String?
        var line: Int
    }
    struct Row: Sendable {
        var line: Int
        var cells: [Cell]
        /// A cell could not be decoded: the row is reported, not used.
        var undecodable: Bool
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
        guard text.hasPrefix("'"), let next = text.dropFirst().first, "=+-@".contains(next) else { return text }
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
        let line = index.flatMap { $0 < row.cells.count ? row.cells[$0].line : nil } ?? row.line
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
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > InputLimits.maxFileBytes {
            diagnostics.append(.fileTooLarge(displayName, bytes: size))
            return nil
        }
        guard let data = readBytes(path) else {
            diagnostics.append(
                Diagnostic(
                    code: .fileUnreadable, location: SourceLocation(file: displayName, line: 0),
                    message: LocalizedText(ja: "ファイルを読み込めません", en: "the file cannot be read"),
                    hint: LocalizedText(ja: "パスと読み取り権限を確認してください", en: "check the path and read permission")))
            return nil
        }
        var text = data
        switch InputFileKind.of(data) {
        case .text:
            break
        case .utf16(let bigEndian):
            guard let utf8 = TextSniffer.utf8(fromUTF16: data, bigEndian: bigEndian) else {
                diagnostics.append(.brokenUTF16(displayName))
                return nil
            }
            text = utf8
        case .workbook:
            return decodeWorkbook(path: path, displayName: displayName, diagnostics: &diagnostics, sheet: onSheet, body)
        case let other:
            diagnostics.append(.notATable(displayName, kind: other))
            return nil
        }
        let sniffed = TextSniffer.sniff(text)
        var found: [Diagnostic] = []
        // Progress is counted in lines; counting them first costs one pass over bytes in memory.
        let lines = progress == nil ? 0 : sniffed.body.reduce(into: 1) { n, byte in if byte == 0x0A { n += 1 } }
        var records = 0
        let document = CSVReader.forEachRecord(sniffed.body, delimiter: sniffed.delimiter) { record in
            records += 1
            if let progress, records % 4096 == 0 { progress(record.line, lines) }
            var bad = false
            var cells: [Cell] = []
            cells.reserveCapacity(record.fields.count)
            for (index, field) in record.fields.enumerated() {
                guard let bytes = field.bytes else {
                    cells.append(Cell(text: nil, line: field.line))
                    continue
                }
                if let text = sniffed.encoding.decode(bytes) {
                    let trimmed = SourceTable.removingInjectionGuard(text.trimmingWhitespace())
                    cells.append(Cell(text: trimmed.isEmpty ? nil : trimmed, line: field.line))
                } else {
                    bad = true
                    cells.append(Cell(text: nil, line: field.line))
                    found.append(
                        .undecodable(
                            bytes, encoding: sniffed.encoding,
                            at: SourceLocation(file: displayName, line: field.line, column: index + 1)))
                }
            }
            body(Row(line: record.line, cells: cells, undecodable: bad))
        }
        // Syntax errors first, as a reader meets them in the file's own report.
        for error in document.errors {
            diagnostics.append(.csvSyntax(error, file: displayName, body: sniffed.body, encoding: sniffed.encoding))
        }
        diagnostics += found
        return (document.blankLines, sniffed.encoding, document.errors.count, nil)
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
            var cells = [Cell](repeating: Cell(text: nil, line: row.number), count: width)
            for cell in row.cells {
                let text: String
                switch cell.value {
                case .number(let stored): text = XLSXNumber.plain(stored) ?? stored
                case .text(let string): text = removingInjectionGuard(string.trimmingWhitespace())
                case .error(let code): text = code
                }
                cells[cell.column - 1] = Cell(text: text.isEmpty ? nil : text, line: row.number)
            }
            body(Row(line: row.number, cells: cells, undecodable: false))
        }
        return ([], .utf8, 0, sheet)
    }

    /// The file's bytes, read straight into one array (through `Data` they would be held twice).
    static func readBytes(_ path: String) -> [UInt8]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var bytes: [UInt8] = []
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int { bytes.reserveCapacity(size) }
        while true {
            do {
                // nil or empty at the end of the file.
                guard let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty else { return bytes }
                bytes.append(contentsOf: chunk)
            } catch {
                return nil
            }
        }
    }

    /// Reads and checks one file; nil when nothing usable is in it (the reasons are in `diagnostics`).
    static func read(path: String, displayName: String, diagnostics: inout [Diagnostic]) -> SourceTable? {
        var rows: [Row] = []
        guard
            var table = eachRow(
                path: path, displayName: displayName, diagnostics: &diagnostics, header: { _ in },
                { rows.append($0) })
        else { return nil }
        table.rows = rows
        return table
    }

    /// Reads one file row by row: finds the header (rows above it are titles), calls `header` with
    /// the table's columns (no rows yet) once it is found, then `body` with each data row that is
    /// not empty. Returns the table without rows; nil when there is no header.
    static func eachRow(
        path: String, displayName: String, diagnostics: inout [Diagnostic], progress: ((Int, Int) -> Void)? = nil,
        header onHeader: (SourceTable) -> Void, _ body: (Row) -> Void
    ) -> SourceTable? {
        var before: [Row] = []
        var table: SourceTable?
        var emptyRows: [Int] = []
        var headerDiagnostics: [Diagnostic] = []
        var sheet: String?
        guard
            let file = decodeEachRow(
                path: path, displayName: displayName, diagnostics: &diagnostics, progress: progress,
                sheet: { sheet = $0 },
                { row in
                    if table != nil {
                        if !row.undecodable && row.cells.allSatisfy({ $0.text == nil }) {
                            emptyRows.append(row.line)
                        } else {
                            body(row)
                        }
                        return
                    }
                    before.append(row)
                    // The header is the first row naming at least two known columns; rows above it are titles.
                    guard !row.undecodable else { return }
                    let known = Set(row.cells.compactMap { $0.text.flatMap { HeaderCell($0).column } })
                    guard known.count >= 2 else { return }
                    let found = header(before, place: Place(file: displayName, sheet: sheet), diagnostics: &headerDiagnostics)
                    before = []
                    table = found
                    onHeader(found)
                })
        else { return nil }
        diagnostics += headerDiagnostics
        guard let table else {
            if file.syntaxErrors == 0 || !before.isEmpty {
                diagnostics.append(
                    Diagnostic(
                        code: .noHeader, location: SourceLocation(file: displayName, line: 1, sheet: sheet),
                        message: LocalizedText(ja: "見出し行が見つかりません", en: "no header row was found"),
                        hint: LocalizedText(
                            ja: "1行目に 事業者ID・年度・営業利益・人件費・減価償却費・従業員数・年間平均労働時間 などの見出しを入れてください",
                            en: "put a header row such as member_id, period, operating_profit, labour_cost, depreciation, headcount, hours_per_employee first"))
                )
            }
            return nil
        }
        let blankAfterHeader = file.blankLines.filter { $0 > table.headerLine }
        let skipped = (blankAfterHeader + emptyRows).sorted()
        if !skipped.isEmpty {
            diagnostics.append(
                Diagnostic(
                    code: .blankRowsSkipped, location: table.at(line: skipped[0]),
                    message: LocalizedText(
                        ja: "空の行を読み飛ばしました（\(LineRanges.text(skipped, language: .ja))行目）",
                        en: "blank rows were skipped (line \(LineRanges.text(skipped, language: .en)))")))
        }
        return table
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
    static func csvSyntax(_ error: CSVSyntaxError, file: String, body: [UInt8], encoding: TextEncoding) -> Diagnostic {
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
    private static func characterColumn(_ body: [UInt8], lineStart start: Int, byteColumn: Int, encoding: TextEncoding) -> Int {
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
