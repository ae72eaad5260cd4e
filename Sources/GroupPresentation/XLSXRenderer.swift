import Foundation
import GroupProductivity
import XLSXWriter

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
    public func workbook(_ report: GroupReport, tables: ReportTables) throws -> XLSXFile {
        let book = try Workbook(constantMemory: true)
        sheet(book, tables.summary, widths: [34, 70])
        sheet(book, tables.members, widths: [10, 24, 12, 8, 10, 6, 14, 14, 14, 9, 11, 14, 12, 12, 30], freeze: 1)
        calculation(book, report)
        sheet(book, tables.plans, widths: [10, 24, 10, 14, 14, 12, 34])
        sheet(book, tables.risks, widths: [22, 10, 10, 90])
        if let calendar = tables.calendar { sheet(book, calendar, widths: [10, 26, 26, 80]) }
        try book.close()
        return XLSXFile(book: book)
    }

    /// Any command's document: each table on its own sheet (notes under it), columns as wide as
    /// their content.
    public func render(_ document: ReportDocument) throws -> Data {
        try workbook(document).book.data()
    }

    /// The document's workbook, finished, to be written with `XLSXFile.write`.
    public func workbook(_ document: ReportDocument) throws -> XLSXFile {
        let book = try Workbook()
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
            let s = sheet(book, table, widths: widths)
            for (i, note) in table.notes.enumerated() { s.string(table.rows.count + 2 + i, 0, FormulaInjection.neutralise(note)) }
        }
        try book.close()
        return XLSXFile(book: book)
    }

    /// A table on its own sheet: typed cells, IDs and names as text, formula injection neutralised.
    @discardableResult
    func sheet(_ book: Workbook, _ table: ReportTable, widths: [Double], freeze: Int = 0) -> Sheet {
        let s = book.addSheet(table.title)
        for (c, title) in table.columns.enumerated() { s.string(0, c, FormulaInjection.neutralise(title), Self.header) }
        for (r, row) in table.rows.enumerated() {
            for (c, cell) in row.enumerated() { write(s, r + 1, c, cell) }
        }
        for (c, width) in widths.enumerated() { s.columnWidth(c, c, width) }
        if freeze > 0 { s.freeze(rows: freeze, columns: 2) }
        return s
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
        let s = book.addSheet(w.t("グループ算出", "Calculation"))
        s.columnWidth(0, 0, 30)
        s.columnWidth(1, 1, 24)
        s.columnWidth(2, 3, 18)
        var row = 0
        s.string(
            row, 0,
            w.t(
                "公式計算ツールと同じ算術平均と切り捨て（式はそのまま再計算できます）",
                "The official calculator's arithmetic mean and truncation (live formulas)"), CellStyle(bold: true))
        row += 2
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
        var lastBlock: (first: Int, last: Int)?
        for p in report.periods where p.period != .base && p.reported && !p.membersInCalculation.isEmpty {
            let n = p.period.rawValue
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
            lastBlock = (first, last)
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
            let name = w.t("グループ算出", "Calculation")
            chart.series(name: w.period(.base), sheet: name, categoryColumn: 0, valueColumn: 2, firstRow: block.first, lastRow: block.last)
            chart.series(
                name: w.period(report.latestReportedPeriod ?? .year2), sheet: name, categoryColumn: 0, valueColumn: 3,
                firstRow: block.first, lastRow: block.last)
            s.insert(chart, row: 2, column: 5)
        }
    }
}
