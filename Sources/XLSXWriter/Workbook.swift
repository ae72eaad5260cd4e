import CLibXLSXWriter
import Foundation

/// An error libxlsxwriter reported, with its own text.
public struct XLSXError: Error, Sendable, CustomStringConvertible {
    public var code: Int
    public var description: String
}

/// A cell style: number format, bold, background, wrap. Formats are made once per workbook.
public struct CellStyle: Hashable, Sendable {
    public var numberFormat: String?
    public var bold = false
    /// RGB, e.g. 0xFFF2CC.
    public var background: UInt32?
    public var wrap = false
    public var unlocked = false

    public init(
        numberFormat: String? = nil, bold: Bool = false, background: UInt32? = nil, wrap: Bool = false,
        unlocked: Bool = false
    ) {
        self.numberFormat = numberFormat
        self.bold = bold
        self.background = background
        self.wrap = wrap
        self.unlocked = unlocked
    }
}

/// A workbook built in memory by libxlsxwriter and returned as bytes, so the caller writes it
/// through its own (atomic) file writer. The C state is owned here and freed on every path.
///
/// libxlsxwriter 1.1.4 writes only to a file name; the workbook is written into a private
/// temporary folder and read back.
public final class Workbook {
    private let workbook: UnsafeMutablePointer<lxw_workbook>
    /// The library's functions (loaded by the first workbook: `LibXLSXWriter`).
    let lib: LibXLSXWriter
    private let folder: String
    private let path: String
    private var formats: [CellStyle: UnsafeMutablePointer<lxw_format>] = [:]
    private var closed = false
    /// The first cell libxlsxwriter refused (past the last row, a text too long): `close` throws it,
    /// so that a workbook missing a cell is never written as if whole.
    private var refused: (status: lxw_error, row: Int, column: Int)?

    /// Excel's (and so libxlsxwriter's) rows per sheet.
    public static let maxRows = Int(LXW_ROW_MAX)

    func check(_ status: lxw_error, _ row: Int, _ column: Int) {
        if status != LXW_NO_ERROR && refused == nil { refused = (status, row, column) }
    }

    /// The temporary folder's name as C text, for libxlsxwriter's `tmpdir` (freed with the workbook).
    private let tmpdir: UnsafeMutablePointer<CChar>?

    /// - Parameter constantMemory: libxlsxwriter's constant-memory mode: each sheet's rows go to
    ///   a temporary file as they are written, so a sheet must be written row after row, in
    ///   order (cells within a row in any order), never returning to an earlier row. Without it
    ///   every cell is held until the workbook is closed (about 2 GB for 300,000 members).
    public init(constantMemory: Bool = false) throws {
        lib = try LibXLSXWriter.shared.get()
        var template = Array((NSTemporaryDirectory() + "/groupprod-xlsx-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw XLSXError(code: -1, description: "cannot create a temporary folder") }
        folder = String(cString: made)
        path = folder + "/book.xlsx"
        // The row files go to the private folder too, so that they are removed with it.
        tmpdir = constantMemory ? strdup(folder) : nil
        // Set field by field: later libxlsxwriter versions (macOS's) add fields to the struct.
        var options = lxw_workbook_options()
        options.constant_memory = constantMemory ? 1 : 0
        options.tmpdir = tmpdir
        guard let wb = lib.workbook_new_opt(path, &options) else {
            free(tmpdir)
            try? FileManager.default.removeItem(atPath: folder)
            throw XLSXError(code: -1, description: "libxlsxwriter could not create a workbook")
        }
        workbook = wb
    }

    deinit {
        if !closed { _ = lib.workbook_close(workbook) }
        free(tmpdir)
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Adds a sheet named `name` made valid for Excel: at most 31 characters, none of `[]:*?/\`,
    /// not starting or ending with an apostrophe, and unique (a number is appended when taken).
    public func addSheet(_ name: String) -> Sheet {
        var base = String(name.map { "[]:*?/\\".contains($0) ? "_" : $0 }.prefix(31))
        while base.hasPrefix("'") { base.removeFirst() }
        while base.hasSuffix("'") { base.removeLast() }
        if base.isEmpty { base = "Sheet" }
        var candidate = base
        var n = 1
        while sheetNames.contains(candidate.lowercased()) {
            n += 1
            candidate = String(base.prefix(31 - String(n).count - 1)) + "_\(n)"
        }
        sheetNames.insert(candidate.lowercased())
        // nil only for a name Excel refuses or one taken (both ruled out above), or no memory.
        return Sheet(sheet: lib.workbook_add_worksheet(workbook, candidate)!, book: self, name: candidate)
    }
    private var sheetNames = Set<String>()

    func format(_ style: CellStyle?) -> UnsafeMutablePointer<lxw_format>? {
        guard let style else { return nil }
        if let made = formats[style] { return made }
        let f = lib.workbook_add_format(workbook)
        if let number = style.numberFormat { lib.format_set_num_format(f, number) }
        if style.bold { lib.format_set_bold(f) }
        if let bg = style.background { lib.format_set_bg_color(f, bg) }
        if style.wrap { lib.format_set_text_wrap(f) }
        if style.unlocked { lib.format_set_unlocked(f) }
        formats[style] = f
        return f
    }

    /// A chart of the given kind, to be filled and placed with `Sheet.insert`.
    public func addChart(_ kind: ChartKind) -> Chart {
        // nil only for a kind libxlsxwriter does not know (every `ChartKind` is one), or no memory.
        Chart(chart: lib.workbook_add_chart(workbook, kind.code)!, lib: lib)
    }

    /// Finishes the workbook and returns its bytes.
    public func data() throws -> Data {
        try close()
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    /// Finishes the workbook (libxlsxwriter writes the file); its bytes are then read with `write`.
    public func close() throws {
        guard !closed else { return }
        closed = true
        if let refused {
            _ = lib.workbook_close(workbook)
            throw XLSXError(
                code: Int(refused.status.rawValue),
                description: "row \(refused.row + 1), column \(refused.column + 1): " + text(of: refused.status))
        }
        let status = lib.workbook_close(workbook)
        if status != LXW_NO_ERROR {
            throw XLSXError(code: Int(status.rawValue), description: text(of: status))
        }
    }

    /// libxlsxwriter's own words for an error.
    private func text(of status: lxw_error) -> String {
        lib.lxw_strerror(status).map { String(cString: $0) } ?? "libxlsxwriter error \(status.rawValue)"
    }

    /// The finished workbook's bytes handed on in pieces of 1 MiB, never held whole (a
    /// 300,000-member report's workbook is about 100 MB): 0, or the errno of a failed read.
    public func write(_ write: (UnsafeRawBufferPointer) -> Void) -> Int32 {
        precondition(closed, "the workbook is written once closed")
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { return errno }
        defer { Foundation.close(fd) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if n == 0 { return 0 }
            write(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
    }
}

public enum ChartKind: Sendable {
    case column, line, bar

    var code: UInt8 {
        switch self {
        case .column: UInt8(LXW_CHART_COLUMN.rawValue)
        case .line: UInt8(LXW_CHART_LINE.rawValue)
        case .bar: UInt8(LXW_CHART_BAR.rawValue)
        }
    }
}

/// A chart: series over sheet ranges (0-based rows and columns), a title and axis names.
public struct Chart {
    let chart: UnsafeMutablePointer<lxw_chart>
    let lib: LibXLSXWriter

    public func title(_ text: String) { lib.chart_title_set_name(chart, text) }
    public func axisNames(x: String, y: String) {
        lib.chart_axis_set_name(chart.pointee.x_axis, x)
        lib.chart_axis_set_name(chart.pointee.y_axis, y)
    }

    /// A series named `name`, categories and values each a column range on `sheet`.
    public func series(name: String, sheet: String, categoryColumn: Int, valueColumn: Int, firstRow: Int, lastRow: Int) {
        let s = lib.chart_add_series(chart, nil, nil)
        lib.chart_series_set_categories(s, sheet, lxw_row_t(firstRow), lxw_col_t(categoryColumn), lxw_row_t(lastRow), lxw_col_t(categoryColumn))
        lib.chart_series_set_values(s, sheet, lxw_row_t(firstRow), lxw_col_t(valueColumn), lxw_row_t(lastRow), lxw_col_t(valueColumn))
        lib.chart_series_set_name(s, name)
    }
}

/// One worksheet. Rows and columns are 0-based, as in libxlsxwriter.
public struct Sheet {
    let sheet: UnsafeMutablePointer<lxw_worksheet>
    unowned let book: Workbook
    /// The name the sheet was given (made valid and unique by `Workbook.addSheet`).
    public let name: String

    public func string(_ row: Int, _ column: Int, _ text: String, _ style: CellStyle? = nil) {
        book.check(book.lib.worksheet_write_string(sheet, lxw_row_t(row), lxw_col_t(column), text, book.format(style)), row, column)
    }

    public func number(_ row: Int, _ column: Int, _ value: Double, _ style: CellStyle? = nil) {
        book.check(book.lib.worksheet_write_number(sheet, lxw_row_t(row), lxw_col_t(column), value, book.format(style)), row, column)
    }

    /// A live formula with the value it evaluates to stored as its cached result, so a reader that
    /// does not recalculate still sees the number.
    public func formula(_ row: Int, _ column: Int, _ formula: String, cached: Double, _ style: CellStyle? = nil) {
        book.check(book.lib.worksheet_write_formula_num(sheet, lxw_row_t(row), lxw_col_t(column), formula, book.format(style), cached), row, column)
    }

    public func columnWidth(_ first: Int, _ last: Int, _ width: Double) {
        _ = book.lib.worksheet_set_column(sheet, lxw_col_t(first), lxw_col_t(last), width, nil)
    }

    public func freeze(rows: Int, columns: Int) {
        book.lib.worksheet_freeze_panes(sheet, lxw_row_t(rows), lxw_col_t(columns))
    }

    public func insert(_ chart: Chart, row: Int, column: Int) {
        _ = book.lib.worksheet_insert_chart(sheet, lxw_row_t(row), lxw_col_t(column), chart.chart)
    }

    /// A cell note shown on hover (used to mark cells a spreadsheet would show differently).
    public func comment(_ row: Int, _ column: Int, _ text: String) {
        book.check(book.lib.worksheet_write_comment(sheet, lxw_row_t(row), lxw_col_t(column), text), row, column)
    }
}

/// Excel data validation on a block of cells: numbers only, within bounds, with the message Excel
/// shows when the cell is selected and the one it shows when a wrong value is typed.
public struct NumberValidation: Sendable {
    /// The smallest value allowed; with `minimumExclusive` the value must be above it.
    public var minimum: Double
    public var minimumExclusive: Bool
    /// The largest value allowed (ignored when `minimumExclusive`: Excel's "greater than" has one bound).
    public var maximum: Double
    /// Excel limits the title to 32 characters and the messages to 255.
    public var inputTitle: String
    public var inputMessage: String
    public var errorTitle: String
    public var errorMessage: String

    public init(
        minimum: Double, minimumExclusive: Bool = false, maximum: Double, inputTitle: String, inputMessage: String,
        errorTitle: String, errorMessage: String
    ) {
        self.minimum = minimum
        self.minimumExclusive = minimumExclusive
        self.maximum = maximum
        self.inputTitle = inputTitle
        self.inputMessage = inputMessage
        self.errorTitle = errorTitle
        self.errorMessage = errorMessage
    }
}

extension Sheet {
    /// Validation over rows `rows` (0-based, inclusive) of one column.
    public func validate(rows: ClosedRange<Int>, column: Int, _ rule: NumberValidation) {
        var v = lxw_data_validation()
        v.validate = UInt8(LXW_VALIDATION_TYPE_DECIMAL.rawValue)
        if rule.minimumExclusive {
            v.criteria = UInt8(LXW_VALIDATION_CRITERIA_GREATER_THAN.rawValue)
            v.value_number = rule.minimum
        } else {
            v.criteria = UInt8(LXW_VALIDATION_CRITERIA_BETWEEN.rawValue)
            v.minimum_number = rule.minimum
            v.maximum_number = rule.maximum
        }
        v.error_type = UInt8(LXW_VALIDATION_ERROR_TYPE_STOP.rawValue)
        // libxlsxwriter copies the strings before returning.
        rule.inputTitle.withCString { inputTitle in
            rule.inputMessage.withCString { inputMessage in
                rule.errorTitle.withCString { errorTitle in
                    rule.errorMessage.withCString { errorMessage in
                        v.input_title = UnsafeMutablePointer(mutating: inputTitle)
                        v.input_message = UnsafeMutablePointer(mutating: inputMessage)
                        v.error_title = UnsafeMutablePointer(mutating: errorTitle)
                        v.error_message = UnsafeMutablePointer(mutating: errorMessage)
                        _ = book.lib.worksheet_data_validation_range(
                            sheet, lxw_row_t(rows.lowerBound), lxw_col_t(column),
                            lxw_row_t(rows.upperBound), lxw_col_t(column), &v)
                    }
                }
            }
        }
    }

    /// Protects the sheet without a password: locked cells cannot be changed, cells written with
    /// an `unlocked` style can. (A form's protection guards against slips, not against a person.)
    public func protect() {
        book.lib.worksheet_protect(sheet, nil, nil)
    }

    public func rowHeight(_ row: Int, _ height: Double) {
        _ = book.lib.worksheet_set_row(sheet, lxw_row_t(row), height, nil)
    }

    /// One cell over a block (0-based, inclusive), holding `text`.
    public func merge(rows: ClosedRange<Int>, columns: ClosedRange<Int>, _ text: String, _ style: CellStyle? = nil) {
        // Its text is a cell's: refused, the workbook is not written (`close`), as for `string`.
        book.check(
            book.lib.worksheet_merge_range(
                sheet, lxw_row_t(rows.lowerBound), lxw_col_t(columns.lowerBound),
                lxw_row_t(rows.upperBound), lxw_col_t(columns.upperBound), text, book.format(style)),
            rows.lowerBound, columns.lowerBound)
    }

    /// Prints landscape, all columns on one page width.
    public func printLandscapeOnePageWide() {
        book.lib.worksheet_set_landscape(sheet)
        book.lib.worksheet_fit_to_pages(sheet, 1, 0)
    }

    /// Makes this the sheet shown when the workbook opens.
    public func activate() {
        book.lib.worksheet_activate(sheet)
    }
}
