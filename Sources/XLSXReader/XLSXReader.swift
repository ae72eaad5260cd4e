import CSVCodec
import Foundation

/// One cell of a worksheet as Excel stored it. Numbers stay the decimal text Excel wrote
/// (`<v>12345000</v>`, `<v>1.5E-2</v>`): they are never passed through `Double` here.
public enum XLSXValue: Sendable, Equatable {
    /// A number cell (or a formula's cached number): the stored decimal text.
    case number(String)
    /// A shared, inline or formula string, or a boolean as `TRUE`/`FALSE`.
    case text(String)
    /// An Excel error value such as `#DIV/0!` or `#N/A` (a formula's cached error).
    case error(String)
}

public struct XLSXCell: Sendable, Equatable {
    /// 1-based column (A = 1).
    public var column: Int
    public var value: XLSXValue
}

public struct XLSXRow: Sendable, Equatable {
    /// 1-based row number as Excel shows it.
    public var number: Int
    public var cells: [XLSXCell]
}

public struct XLSXSheet: Sendable, Equatable {
    public var name: String
    public var rows: [XLSXRow]
}

/// Why a workbook could not be read.
public enum XLSXReadError: Error, Sendable, Equatable {
    /// Not a zip archive, or a zip without a workbook in it.
    case notAWorkbook
    /// An entry's decompressed size passes the stated bound (a zip bomb or a huge sheet).
    case tooLarge(entry: String, limit: Int)
    /// The archive or one of its XML parts is damaged.
    case malformed(part: String)
    /// The workbook has no worksheet.
    case noSheet
    /// The XML parser's library (libxml2, opened when the first workbook is read) could not be
    /// loaded: the loader's reason (dlerror's words, naming the file it tried).
    case parserMissing(reason: String)
}

/// Reads worksheets from an `.xlsx` file (Office Open XML, ECMA-376 Part 1 §18): the zip
/// container's parts through `ZipParts` (zlib inflates them), the XML through libxml2's SAX2
/// parser (`XMLEvents`; Foundation's `XMLParser` on macOS). Written here by hand: the bounded zip part reader (see `ZipParts` for why) and the
/// mapping from the sheet XML to rows of cells.
public enum XLSXReader {
    /// No part is decompressed past this many bytes. A member's sheet is a few kilobytes; Excel's
    /// own 1,048,576-row sheets of short numbers stay under it.
    public static let maxPartBytes = 64 << 20
    /// An archive with more entries than this is not a workbook a person saved.
    public static let maxEntries = 10_000

    /// The sheets' names in workbook order, and the chosen sheet read in full: the first sheet
    /// whose name is in `preferred`, otherwise the first sheet.
    public static func read(path: String, preferred: [String] = [], maxPartBytes: Int = XLSXReader.maxPartBytes)
        throws(XLSXReadError) -> (sheetNames: [String], sheet: XLSXSheet)
    {
        // Mapped, not read: the parts are read from it where the directory places them.
        guard let bytes = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped),
            let archive = try ZipParts(bytes, maxEntries: maxEntries)
        else { throw .notAWorkbook }
        func part(_ name: String) throws(XLSXReadError) -> Data? { try archive.extract(name, limit: maxPartBytes) }
        guard let workbookXML = try part("xl/workbook.xml") else { throw .notAWorkbook }
        let sheets = try parse(workbookXML, part: "xl/workbook.xml", WorkbookHandler()).sheets
        guard !sheets.isEmpty else { throw .noSheet }
        var relations: [String: String] = [:]
        if let xml = try part("xl/_rels/workbook.xml.rels") {
            relations = try parse(xml, part: "xl/_rels/workbook.xml.rels", RelationshipsHandler()).targets
        }
        var shared: [String] = []
        if let xml = try part("xl/sharedStrings.xml") {
            shared = try parse(xml, part: "xl/sharedStrings.xml", SharedStringsHandler()).strings
        }
        let chosen = sheets.first { preferred.contains($0.name) } ?? sheets[0]
        // A relationship target is relative to xl/ unless it starts with "/".
        let target =
            relations[chosen.relationID].map { $0.hasPrefix("/") ? String($0.dropFirst()) : "xl/" + $0 }
            ?? "xl/worksheets/sheet\(sheets.firstIndex { $0.name == chosen.name }! + 1).xml"
        guard let sheetXML = try part(target) else { throw .malformed(part: target) }
        let handler = try parse(sheetXML, part: target, SheetHandler(shared: shared))
        if handler.badReference { throw .malformed(part: target) }
        return (sheets.map(\.name), XLSXSheet(name: chosen.name, rows: handler.rows))
    }

    private static func parse<H: XMLEvents>(_ data: Data, part: String, _ handler: H) throws(XLSXReadError) -> H {
        // Excel writes its parts in UTF-8. Anything else is refused here (Foundation's XMLParser on
        // Linux trapped (SIGILL) on an element or attribute whose bytes were not valid UTF-8, which
        // fuzzing found, scripts/fuzz.sh; names and values are read as UTF-8 below). Checked in
        // place, not by making a String of each part (callgrind on 30 workbook folders:
        // 1,405,115,369 → 1,368,695,004 instructions, some 2.6%).
        guard data.withUnsafeBytes({ TextSniffer.isValidUTF8($0) }) else {
            throw .malformed(part: part)
        }
        guard try handler.parse(data) else { throw .malformed(part: part) }
        return handler
    }

    /// "D5" → column 4; nil when the reference is not letters then digits.
    static func column(ofReference reference: String) -> Int? {
        var column = 0
        var sawLetter = false
        for byte in reference.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                column = column * 26 + Int(byte - UInt8(ascii: "A") + 1)
                sawLetter = true
                if column > 16_384 { return nil }  // XFD, Excel's last column
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                return sawLetter ? column : nil
            default:
                return nil
            }
        }
        return nil
    }
}

/// `xl/workbook.xml`: `<sheet name="実績" sheetId="1" r:id="rId1"/>` in order.
private final class WorkbookHandler: XMLEvents {
    var sheets: [(name: String, relationID: String)] = []
    override func start(_ name: String, _ attributes: XMLAttributes) {
        guard name == "sheet", let sheetName = attributes.value("name") else { return }
        sheets.append((sheetName, attributes.value("id", prefixed: true) ?? ""))
    }
}

/// `xl/_rels/workbook.xml.rels`: relationship id → part path.
private final class RelationshipsHandler: XMLEvents {
    var targets: [String: String] = [:]
    override func start(_ name: String, _ attributes: XMLAttributes) {
        guard name == "Relationship", let id = attributes.value("Id"), let target = attributes.value("Target") else { return }
        targets[id] = target
    }
}

/// `xl/sharedStrings.xml`: each `<si>` is one string, the text of its `<t>` elements (rich text
/// runs `<r><t>` joined). Phonetic guides (`<rPh>`, the furigana Japanese Excel stores beside a
/// name) are not part of the text.
private final class SharedStringsHandler: XMLEvents {
    var strings: [String] = []
    private var current: [UInt8] = []
    private var inText = false
    private var phoneticDepth = 0
    override func start(_ name: String, _ attributes: XMLAttributes) {
        switch name {
        case "si": current.removeAll(keepingCapacity: true)
        case "rPh": phoneticDepth += 1
        case "t": inText = phoneticDepth == 0
        default: break
        }
    }
    override func text(_ bytes: UnsafeRawBufferPointer) {
        if inText { current.append(contentsOf: bytes) }
    }
    override func end(_ name: String) {
        switch name {
        case "si": strings.append(String(decoding: current, as: UTF8.self))
        case "rPh": phoneticDepth -= 1
        case "t": inText = false
        default: break
        }
    }
}

/// A worksheet's `<sheetData>`: rows of `<c r="D5" t="…"><v>…</v></c>` (or `<is><t>` for an
/// inline string). A formula cell (`<f>`) is read by its cached value, as Excel last computed it.
private final class SheetHandler: XMLEvents {
    let shared: [String]
    var rows: [XLSXRow] = []
    /// A cell reference that is not a reference, or a shared-string index out of range.
    var badReference = false
    private var rowNumber = 0
    private var cells: [XLSXCell] = []
    private var cellColumn = 0
    private var cellType = "n"
    /// The bytes of the `<v>` or inline `<t>` being read.
    private var captured: [UInt8] = []
    private var capturing = false
    private var phoneticDepth = 0
    private var value: String?

    init(shared: [String]) { self.shared = shared }

    override func start(_ name: String, _ attributes: XMLAttributes) {
        switch name {
        case "row":
            rowNumber = attributes.value("r").flatMap { Int($0) } ?? rowNumber + 1
            cells = []
        case "c":
            if let reference = attributes.value("r") {
                guard let column = XLSXReader.column(ofReference: reference) else {
                    badReference = true
                    return
                }
                cellColumn = column
            } else {
                cellColumn = (cells.last?.column ?? 0) + 1
            }
            cellType = attributes.value("t") ?? "n"
            value = nil
        case "v":
            capturing = true
            captured.removeAll(keepingCapacity: true)
        case "rPh":
            phoneticDepth += 1
        case "t":
            if cellType == "inlineStr" && phoneticDepth == 0 {
                capturing = true
                if value == nil { captured.removeAll(keepingCapacity: true) }
            }
        default:
            break
        }
    }

    override func text(_ bytes: UnsafeRawBufferPointer) {
        if capturing { captured.append(contentsOf: bytes) }
    }

    override func end(_ name: String) {
        switch name {
        case "v", "t":
            if capturing { value = String(decoding: captured, as: UTF8.self) }
            capturing = false
        case "rPh":
            phoneticDepth -= 1
        case "c":
            guard let value else { return }  // a styled cell with nothing in it
            let cell: XLSXValue
            switch cellType {
            case "s":
                guard let index = Int(value), shared.indices.contains(index) else {
                    badReference = true
                    return
                }
                cell = .text(shared[index])
            case "str", "inlineStr", "d":
                cell = .text(value)
            case "b":
                cell = .text(value == "1" ? "TRUE" : "FALSE")
            case "e":
                cell = .error(value)
            default:
                cell = .number(value)
            }
            cells.append(XLSXCell(column: cellColumn, value: cell))
        case "row":
            if !cells.isEmpty { rows.append(XLSXRow(number: rowNumber, cells: cells)) }
        default:
            break
        }
    }
}
