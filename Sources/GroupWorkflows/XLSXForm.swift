import Foundation
import GroupPresentation
import GroupProductivity
import XLSXWriter

/// The form a member fills in Excel, as a workbook (libxlsxwriter): sheet 実績 with the member's ID
/// and name and the period and kind cells filled and locked, the figure cells open and checked by
/// Excel's data validation, the member's figures already held prefilled; and sheet 記入方法 with
/// short instructions. The loader reads 実績 back (`SourceTable.formSheetNames`).
public enum XLSXForm {
    /// The sheet names the loader knows: the figures, then the instructions (which it does not read).
    static let sheetName = FormSheets.figures
    static let instructionsName = FormSheets.instructions

    static let slots: [(Period, ValueKind)] = [(.base, .actual), (.year1, .actual), (.year2, .actual), (.year1, .target), (.year2, .target)]

    /// The bounds Excel checks as the member types; the importer checks the same ones again
    /// (`FigureLimits`, `hours_over_year`), so a form that bypasses Excel gains nothing.
    static func rules(unit: MoneyUnit) -> [Column: NumberValidation] {
        let maxMoney = 1e15 / Double(unit.rawValue)
        let u = unit.label
        func money(_ min: Double, _ what: String, _ must: String) -> NumberValidation {
            NumberValidation(
                minimum: min, maximum: maxMoney, inputTitle: "\(what)（\(u)）",
                inputMessage: "\(what)を\(u)単位の数字で入力します。\(must)",
                errorTitle: "入力できない値です", errorMessage: "\(what)は\(u)単位の数字で入力してください。\(must)")
        }
        return [
            .operatingProfit: money(-maxMoney, "営業利益", "赤字は -1234 のように負の数で。"),
            .labourCost: money(0, "人件費", "0 以上の値です。"),
            .depreciation: money(0, "減価償却費", "0 以上の値です。"),
            .headcount: NumberValidation(
                minimum: 0, minimumExclusive: true, maximum: 1e6, inputTitle: "従業員数（人）",
                inputMessage: "従業員数を人数で入力します。0 より大きい値です。",
                errorTitle: "入力できない値です", errorMessage: "従業員数は 0 より大きい数字で入力してください。"),
            .hoursPerEmployee: NumberValidation(
                minimum: 1, maximum: 8_760, inputTitle: "年間平均労働時間（時間）",
                inputMessage: "従業員1人当たりの1年間の労働時間です（1〜8,760 時間）。",
                errorTitle: "入力できない値です", errorMessage: "年間平均労働時間は 1〜8,760 時間の数字で入力してください。"),
        ]
    }

    public static func workbook(for member: Member, group: Group, unit: MoneyUnit) throws -> Data {
        let book = try Workbook()
        let sheet = book.addSheet(sheetName)
        let header = CanonicalCSV.header(unit: unit, withSource: false)
        let locked = CellStyle(background: 0xEDEDED)
        let title = CellStyle(bold: true, wrap: true)
        let head = CellStyle(bold: true, background: 0xD9E1F2, wrap: true)
        let open = CellStyle(background: 0xFFF2CC, unlocked: true)
        let openYen = CellStyle(numberFormat: "#,##0", background: 0xFFF2CC, unlocked: true)
        let openText = CellStyle(background: 0xFFF2CC, wrap: true, unlocked: true)

        sheet.merge(
            rows: 0...0, columns: 0...(header.count - 1),
            GroupLoader.noteMark + " \(member.id) \(member.name) 様の記入用シートです。金額の単位は\(unit.label)です。"
                + "黄色のセルに入力してください（灰色のセルは変更できません）。記入方法はシート「\(instructionsName)」にあります。", title)
        sheet.rowHeight(0, 36)
        for (column, text) in header.enumerated() { sheet.string(1, column, text, head) }
        sheet.rowHeight(1, 32)
        let figureColumns: [Column] = [.operatingProfit, .labourCost, .depreciation, .headcount, .hoursPerEmployee]
        for (offset, slot) in slots.enumerated() {
            let row = 2 + offset
            // IDs and names are text cells: Excel keeps 003 as 003.
            sheet.string(row, 0, member.id, locked)
            sheet.string(row, 1, member.name, locked)
            sheet.string(row, 2, PeriodText.name(slot.0, .ja), locked)
            sheet.string(row, 3, CanonicalCSV.kindName(slot.1), locked)
            let held = group.figures(member.id, slot.0, slot.1)
            let values: [Rational?] =
                held.map {
                    [
                        $0.operatingProfit / Rational(unit.rawValue), $0.labourCost / Rational(unit.rawValue),
                        $0.depreciation / Rational(unit.rawValue), $0.headcount, $0.hoursPerEmployee,
                    ]
                } ?? Array(repeating: nil, count: 5)
            for (i, column) in figureColumns.enumerated() {
                let style = column.isMoney && unit == .yen ? openYen : open
                if let value = values[i] {
                    sheet.number(row, 4 + i, value.doubleValue, style)
                } else {
                    sheet.string(row, 4 + i, "", style)
                }
            }
            // A shortfall reason belongs to a year's actual, which may fall below its target.
            if slot.1 == .actual && slot.0 != .base {
                sheet.string(row, 9, held?.shortfallReason ?? "", openText)
            } else {
                sheet.string(row, 9, "", locked)
            }
        }
        let allRows = 2...(1 + slots.count)
        let rules = rules(unit: unit)
        for (i, column) in figureColumns.enumerated() {
            if let rule = rules[column] { sheet.validate(rows: allRows, column: 4 + i, rule) }
        }
        sheet.columnWidth(0, 0, 10)
        sheet.columnWidth(1, 1, 24)
        sheet.columnWidth(2, 3, 11)
        sheet.columnWidth(4, 8, 16)
        sheet.columnWidth(9, 9, 36)
        sheet.freeze(rows: 2, columns: 2)
        sheet.printLandscapeOnePageWide()
        sheet.protect()
        sheet.activate()

        let help = book.addSheet(instructionsName)
        help.columnWidth(0, 0, 100)
        help.printLandscapeOnePageWide()
        for (row, line) in instructions(unit: unit).enumerated() {
            help.string(row, 0, line, row == 0 ? CellStyle(bold: true) : CellStyle(wrap: true))
        }
        return try book.data()
    }

    static func instructions(unit: MoneyUnit) -> [String] {
        [
            "記入方法（IT導入補助金 複数社連携IT導入枠 効果報告）",
            "1. シート「\(sheetName)」の黄色のセルに、事業実施前・1年度目・2年度目の実績と、1年度目・2年度目の目標を入力します。",
            "2. 金額（営業利益・人件費・減価償却費）は\(unit.label)単位で入力します。赤字の営業利益は -1234 のように負の数で入力します。",
            "3. 従業員数は人数、年間平均労働時間は従業員1人当たりの1年間の労働時間（1〜8,760 時間）です。",
            "4. 実績が目標に届かなかった年度は、その年度の実績の行の「未達理由」に理由を書いてください。",
            "5. 事業者ID・事業者名・年度・種別（灰色のセル）は変更しないでください。",
            "6. 入力が終わったら、このまま Excel ブック（.xlsx）として保存し、代表事業者に返送してください。",
            "付加価値額 = 営業利益 + 人件費 + 減価償却費、労働生産性 = 付加価値額 ÷（従業員数 × 年間平均労働時間）で計算されます。",
        ]
    }
}
