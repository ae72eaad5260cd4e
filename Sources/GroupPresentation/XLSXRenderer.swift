import Foundation
import GroupProductivity
import XLSXWriter

/// A workbook libxlsxwriter could not make or finish (a cell it refused, a temporary folder it
/// could not create), with its own words: nothing is written then.
public struct WorkbookError: Error, Sendable {
    public var detail: String

    static func wrap<T>(_ body: () throws -> T) throws(WorkbookError) -> T {
        do { return try body() } catch { throw WorkbookError(detail: "\(error)") }
    }
}

/// A finished workbook in libxlsxwriter's temporary file, removed with it.
public struct XLSXFile {
    let book: Workbook
    /// Its bytes handed on in pieces of 1 MiB: 0, or the errno of a failed read.
    public func write(_ write: (UnsafeRawBufferPointer) -> Void) -> Int32 { book.write(write) }
}

/// The workbook: サマリー, 構成員 (form order, typed cells), グループ算出 (the official calculator's
/// method as live formulas with cached values, and a native chart), 計画と実績, リスク.
public struct XLSXRenderer {
    public var words: Words
    /// Rows a sheet may hold (Excel's limit; tests lower it): a longer table continues on sheets
    /// named "… (2)", "… (3)", each under the same header row.
    var rowsPerSheet = Workbook.maxRows
    public init(words: Words) { self.words = words }

    static let yen = CellStyle(numberFormat: "#,##0")
    static let quantity = CellStyle(numberFormat: "#,##0.##")
    static let productivity = CellStyle(numberFormat: "#,##0.0")
    static let rate = CellStyle(numberFormat: "0.0%")
    static let precise = CellStyle(numberFormat: "0.00%")
    static let ratio = CellStyle(numberFormat: "0.0000")
    static let header = CellStyle(bold: true, background: 0xE7E6E6, wrap: true)
    static let flagged = CellStyle(numberFormat: "0.0%", background: 0xFFE699)
    static let meeting = CellStyle(numberFormat: "0.0%\"*\"", bold: true, background: 0xE2EFDA)
    static let signed = CellStyle(numberFormat: "+0.00%;-0.00%")
    static let log = CellStyle(numberFormat: "+0.00000;-0.00000")

    /// Every sheet is written row after row (libxlsxwriter's constant-memory mode): a large
    /// group's members and calculation sheets are never held as cells.
    public func render(_ report: GroupReport, tables: ReportTables) throws -> Data {
        try workbook(report, tables: tables).book.data()
    }

    /// The report's workbook, finished, to be written with `XLSXFile.write` (never held whole).
    public func workbook(_ report: GroupReport, tables: ReportTables) throws(WorkbookError) -> XLSXFile {
        let book = try WorkbookError.wrap { try Workbook(constantMemory: true) }
        sheet(book, tables.summary, widths: [34, 70])
        sheet(book, tables.members, widths: [10, 24, 12, 8, 10, 6, 14, 14, 14, 9, 11, 14, 12, 12, 30], freeze: 1)
        calculation(book, report)
        sheet(book, tables.plans, widths: [10, 24, 10, 14, 14, 12, 34])
        sheet(book, tables.risks, widths: [22, 10, 10, 90])
        if let calendar = tables.calendar { sheet(book, calendar, widths: [10, 26, 26, 80]) }
        try WorkbookError.wrap { try book.close() }
        return XLSXFile(book: book)
    }

    /// Any command's document: each table on its own sheet (notes under it), columns as wide as
    /// their content.
    public func render(_ document: ReportDocument) throws -> Data {
        try workbook(document).book.data()
    }

    /// The document's workbook, finished, to be written with `XLSXFile.write`.
    public func workbook(_ document: ReportDocument) throws(WorkbookError) -> XLSXFile {
        let book = try WorkbookError.wrap { try Workbook() }
        for table in document.tables {
            let widths = table.columns.indices.map { c in
                Double(
                    min(
                        60,
                        max(
                            8,
                            ([table.columns[c]] + table.rows.map { c < $0.count ? words.text($0[c]) : "" })
                                .map(DisplayWidth.of).max() ?? 8) + 2))
            }
            let (s, rows) = sheet(book, table, widths: widths)
            guard !table.notes.isEmpty else { continue }
            // Under the rows, or on one sheet of their own when they would not fit there.
            let (noteSheet, at) = rows + 2 + table.notes.count <= rowsPerSheet ? (s, rows + 2) : (book.addSheet(table.title), 0)
            for (i, note) in table.notes.enumerated() { noteSheet.string(at + i, 0, FormulaInjection.neutralise(note)) }
        }
        try WorkbookError.wrap { try book.close() }
        return XLSXFile(book: book)
    }

    /// A table on its own sheet: typed cells, IDs and names as text, formula injection neutralised.
    /// A table longer than a sheet goes on as many sheets as it needs, each with the header row
    /// (no row is ever left out). Returns the last sheet and the rows written on it.
    @discardableResult
    func sheet(_ book: Workbook, _ table: ReportTable, widths: [Double], freeze: Int = 0) -> (Sheet, rows: Int) {
        let perSheet = rowsPerSheet - 1
        var s = book.addSheet(table.title)
        var part = 1
        func start(_ s: Sheet) {
            for (c, title) in table.columns.enumerated() { s.string(0, c, FormulaInjection.neutralise(title), Self.header) }
            for (c, width) in widths.enumerated() { s.columnWidth(c, c, width) }
            if freeze > 0 { s.freeze(rows: freeze, columns: 2) }
        }
        start(s)
        var r = 0
        for row in table.rows {
            if r == perSheet {
                part += 1
                s = book.addSheet("\(table.title) (\(part))")
                start(s)
                r = 0
            }
            r += 1
            for (c, cell) in row.enumerated() { write(s, r, c, cell) }
        }
        return (s, r + 1)
    }

    func write(_ s: Sheet, _ r: Int, _ c: Int, _ cell: Cell) {
        switch cell {
        case .text(let t): s.string(r, c, FormulaInjection.neutralise(t))
        case .yen(let v): s.number(r, c, v.doubleValue, Self.yen)
        case .quantity(let v): s.number(r, c, v.doubleValue, Self.quantity)
        case .productivity(let v): s.number(r, c, v.doubleValue, Self.productivity)
        case .rate(let v): s.number(r, c, v.doubleValue, Self.rate)
        case .rateToHundredths(let v): s.number(r, c, v.doubleValue, Self.precise)
        case .approximateProductivity(let d): s.number(r, c, d, Self.productivity)
        case .ratio(let d): s.number(r, c, d, Self.ratio)
        case .approximateRate(let d): s.number(r, c, d, Self.rate)
        case .rateMeeting(let v, let meets): s.number(r, c, v.doubleValue, meets ? Self.meeting : Self.rate)
        case .logContribution(let d): s.number(r, c, d, Self.log)
        case .signedRate(let d): s.number(r, c, d, Self.signed)
        case .verdict(let v): s.string(r, c, words.met(v))
        case .empty: break
        }
    }

    /// One block per report year: the members in that year's calculation with their productivity
    /// in the base and the year, `=AVERAGE` of each, the ratio and `=ROUNDDOWN((Hn/H0)^(1/n)-1,3)`.
    /// Cached values are what a spreadsheet computes (`SpreadsheetView`); a cell where that differs
    /// from the exact figure is highlighted and carries a note.
    func calculation(_ book: Workbook, _ report: GroupReport) {
        let w = words
        // A year's block on the sheet where it fits: a group too large for two blocks on one sheet
        // goes on to "グループ算出 (2)"; each block's formulas refer to its own sheet.
        var part = 0
        func newSheet() -> Sheet {
            part += 1
            let name = w.t("グループ算出", "Calculation")
            let s = book.addSheet(part == 1 ? name : "\(name) (\(part))")
            s.columnWidth(0, 0, 30)
            s.columnWidth(1, 1, 24)
            s.columnWidth(2, 3, 18)
            s.string(
                0, 0,
                w.t(
                    "公式計算ツールと同じ算術平均と切り捨て（式はそのまま再計算できます）",
                    "The official calculator's arithmetic mean and truncation (live formulas)"), CellStyle(bold: true))
            return s
        }
        var s = newSheet()
        var row = 2
        guard report.method == .mean else {
            s.string(row, 0, w.t("この算出方法では公式計算ツールの式はありません: ", "The official formulas apply to the arithmetic mean only: ") + w.method(report.method))
            return
        }
        // A member's base and year productivities, found by roster place when the year's list
        // has them (made once per member as its row is written, never all at once).
        let members = report.members
        var byID: [MemberID: Int]?
        func productivities(_ k: Int, in list: MemberIDList, _ period: Period) -> (MemberID, Member, Rational, Rational)? {
            let i: Int
            if let places = list.rosterPlaces {
                i = Int(places[k])
            } else {
                if byID == nil { byID = Dictionary(members.roster.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a }) }
                guard let found = byID?[list[k]] else { return nil }
                i = found
            }
            guard let b = members.periodResult(i, .base, .actual), let y = members.periodResult(i, period, .actual) else { return nil }
            return (list[k], members.roster[i], b.productivity, y.productivity)
        }
        var lastBlock: (sheet: Sheet, first: Int, last: Int)?
        for p in report.periods where p.period != .base && p.reported && !p.membersInCalculation.isEmpty {
            let n = p.period.rawValue
            // The header, a row per member, four rows under them.
            let needed = p.membersInCalculation.count + 6
            if row + needed > rowsPerSheet {
                guard 2 + needed <= rowsPerSheet else {
                    // No sheet holds this year's members: said here, the figures being on the members sheets.
                    if row < rowsPerSheet {
                        s.string(
                            row, 0,
                            w.t(
                                "\(w.period(p.period)): 計算対象の事業者が1枚のシートの行数を超えるため、式の表は作れません（値は構成員のシートにあります）",
                                "\(w.period(p.period)): too many members in the calculation for one sheet's rows, so no formula table (the figures are on the members sheets)"
                            ))
                        row += 2
                    }
                    continue
                }
                s = newSheet()
                row = 2
            }
            s.string(row, 0, w.t("事業者ID", "Member ID"), Self.header)
            s.string(row, 1, w.t("事業者名", "Name"), Self.header)
            s.string(row, 2, w.t("事業実施前 労働生産性", "Base productivity"), Self.header)
            s.string(row, 3, w.period(p.period) + w.t(" 労働生産性", " productivity"), Self.header)
            let first = row + 1
            var bases: [Double] = []
            var years: [Double] = []
            for k in p.membersInCalculation.indices {
                guard let (id, member, b, y) = productivities(k, in: p.membersInCalculation, p.period) else { continue }
                row += 1
                s.string(row, 0, FormulaInjection.neutralise(id))
                s.string(row, 1, FormulaInjection.neutralise(member.name))
                s.number(row, 2, b.doubleValue, Self.productivity)
                s.number(row, 3, y.doubleValue, Self.productivity)
                bases.append(b.doubleValue)
                years.append(y.doubleValue)
            }
            let last = row
            lastBlock = (s, first, last)
            let h0 = bases.reduce(0, +) / Double(bases.count)
            let hn = years.reduce(0, +) / Double(years.count)
            // A1 references are 1-based.
            let (c0, cn) = ("C\(first + 1):C\(last + 1)", "D\(first + 1):D\(last + 1)")
            row += 1
            let avgRow = row + 1
            s.string(row, 1, w.t("グループ（AVERAGE）", "Group (AVERAGE)"), CellStyle(bold: true))
            s.formula(row, 2, "=AVERAGE(\(c0))", cached: h0, Self.productivity)
            s.formula(row, 3, "=AVERAGE(\(cn))", cached: hn, Self.productivity)
            row += 1
            s.string(row, 1, w.t("向上率", "Improvement ratio"))
            s.formula(row, 3, "=D\(avgRow)/C\(avgRow)", cached: hn / h0, Self.ratio)
            row += 1
            s.string(row, 1, w.t("年平均成長率（公式・切捨て）", "CAGR (official, truncated)"))
            let sheetValue = p.cagrSpreadsheet?.doubleValue ?? 0
            s.formula(
                row, 3, "=ROUNDDOWN((D\(avgRow)/C\(avgRow))^(1/\(n))-1,3)", cached: sheetValue,
                p.spreadsheetDisagrees ? Self.flagged : Self.rate)
            if let note = w.spreadsheetDiffers(p) { s.comment(row, 3, note) }
            row += 1
            s.string(row, 1, w.t("厳密な値（判定に使用）", "Exact figure (decides the verdict)"))
            if let official = p.cagrOfficial { s.number(row, 3, official.doubleValue, Self.rate) }
            s.string(row, 2, w.met(p.meetsThreshold) + " (" + w.t("目標 ", "target ") + Percent.text(report.threshold.rate) + ")")
            row += 3
        }
        if let block = lastBlock, block.last >= block.first {
            let chart = book.addChart(.column)
            chart.title(w.t("事業者別の労働生産性（円/時間）", "Member productivity (yen/h)"))
            chart.axisNames(x: w.t("事業者", "member"), y: w.t("円/時間", "yen/h"))
            let name = block.sheet.name
            chart.series(name: w.period(.base), sheet: name, categoryColumn: 0, valueColumn: 2, firstRow: block.first, lastRow: block.last)
            chart.series(
                name: w.period(report.latestReportedPeriod ?? .year2), sheet: name, categoryColumn: 0, valueColumn: 3,
                firstRow: block.first, lastRow: block.last)
            block.sheet.insert(chart, row: 2, column: 5)
        }
    }
}
