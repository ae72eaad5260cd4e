import CSVCodec
import Foundation
import Testing
import XLSXWriter

@testable import GroupPresentation
@testable import GroupProductivity
@testable import XLSXReader

/// Reading what Excel and LibreOffice save: workbooks, UTF-16 text, and files that are neither.
@Suite("xlsx and other input files")
struct XLSXInputTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/xlsx")

    @Test(
        "Excel's stored number text made plain, exactly",
        arguments: [
            ("12345000", "12345000"), ("-200000", "-200000"), ("1.5E-2", "0.015"), ("1.5e-2", "0.015"),
            ("2.5E+3", "2500"), ("1E+15", "1000000000000000"), ("0", "0"), ("0.0", "0"), ("-0", "0"),
            ("1234.5", "1234.5"), ("0.30000000000000004", "0.3"), ("1234.5600000000001", "1234.56"),
            ("2099.9999999999995", "2100"), ("9.9999999999999995E-2", "0.1"), ("123456789012345678", "123456789012346000"),
            ("3.3333333333333335", "3.33333333333333"),
        ])
    func plainNumbers(stored: String, plain: String) {
        #expect(XLSXNumber.plain(stored) == plain)
    }

    @Test("text that is not a stored number is left to the number parser to refuse", arguments: ["", "1.2.3", "abc", "1E+999", "--1", "1E"])
    func notNumbers(stored: String) {
        #expect(XLSXNumber.plain(stored) == nil)
    }

    @Test func cellReferences() {
        #expect(XLSXReader.column(ofReference: "A1") == 1)
        #expect(XLSXReader.column(ofReference: "D5") == 4)
        #expect(XLSXReader.column(ofReference: "AA10") == 27)
        #expect(XLSXReader.column(ofReference: "XFD1") == 16_384)
        #expect(XLSXReader.column(ofReference: "XFE1") == nil)
        #expect(XLSXReader.column(ofReference: "5D") == nil)
        #expect(XLSXReader.column(ofReference: "D") == nil)
    }

    /// A LibreOffice workbook: shared strings, numbers, the header row first.
    @Test func readsALibreOfficeWorkbook() throws {
        let book = try XLSXReader.read(path: Self.fixtures.appendingPathComponent("shotengai-xlsx/S02_魚辰鮮魚店.xlsx").path)
        #expect(book.sheetNames == ["S02_魚辰鮮魚店"])
        #expect(book.sheet.rows.count == 4)
        let header = book.sheet.rows[0]
        #expect(header.number == 1)
        #expect(header.cells.first == XLSXCell(column: 1, value: .text("事業者ID")))
        let base = book.sheet.rows[1]
        // E2 is the formula =1000000+200000: read by its cached value.
        #expect(base.cells.map(\.value).prefix(5) == [.text("S02"), .text("魚辰鮮魚店"), .text("事業実施前"), .text("実績"), .number("1200000")])
    }

    /// The bound holds on what is actually decompressed: a part past it is refused, not read.
    @Test func aPartPastTheBoundIsRefused() {
        let path = Self.fixtures.appendingPathComponent("shotengai-xlsx/S02_魚辰鮮魚店.xlsx").path
        #expect(throws: XLSXReadError.self) { try XLSXReader.read(path: path, maxPartBytes: 512) }
        do {
            _ = try XLSXReader.read(path: path, maxPartBytes: 512)
        } catch {
            guard case .tooLarge(_, let limit) = error else {
                Issue.record("expected tooLarge, got \(error)")
                return
            }
            #expect(limit == 512)
        }
    }

    @Test func aZipThatIsNotAWorkbookIsSaidToBeSo() throws {
        let group = TempGroup([:])
        // A zip holding one stored file "a.txt", made by hand (local header, data, central directory, end).
        let zip: [UInt8] = [
            0x50, 0x4B, 0x03, 0x04, 0x0A, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x43, 0xBE, 0xB7, 0xE8, 1, 0, 0, 0, 1, 0, 0, 0, 5, 0, 0, 0,
            0x61, 0x2E, 0x74, 0x78, 0x74, 0x61,
            0x50, 0x4B, 0x01, 0x02, 0x14, 0, 0x0A, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x43, 0xBE, 0xB7, 0xE8, 1, 0, 0, 0, 1, 0, 0, 0,
            5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x61, 0x2E, 0x74, 0x78, 0x74,
            0x50, 0x4B, 0x05, 0x06, 0, 0, 0, 0, 1, 0, 1, 0, 51, 0, 0, 0, 36, 0, 0, 0, 0, 0,
        ]
        _ = FileManager.default.createFile(atPath: group.path + "/a.xlsx", contents: Data(zip))
        #expect(throws: XLSXReadError.notAWorkbook) { try XLSXReader.read(path: group.path + "/a.xlsx") }
        _ = FileManager.default.createFile(atPath: group.path + "/b.xlsx", contents: Data(zip.prefix(20)))
        #expect(throws: XLSXReadError.notAWorkbook) { try XLSXReader.read(path: group.path + "/b.xlsx") }
    }

    /// Reading the workbook at `path` fails as malformed.
    static func expectMalformed(_ path: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(sourceLocation: sourceLocation) {
            try XLSXReader.read(path: path)
        } throws: { error in
            if case .malformed = error as? XLSXReadError { return true }
            return false
        }
    }

    /// Found by scripts/fuzz.sh: a workbook whose deflated part ends before its stream does made
    /// the zip library the reader used (ZIPFoundation) ask for more input forever, and `check`
    /// spin until killed. It is malformed, said at once.
    @Test(.timeLimit(.minutes(1))) func aDeflatedPartCutShortIsMalformedNotAHang() {
        let path = Self.fixtures.appendingPathComponent("fuzz-deflate-cut-short.xlsx").path
        Self.expectMalformed(path)
    }

    /// A workbook changed at random (a byte, a run of four, or cut short) is read or refused,
    /// never waited on; one left whole reads as before.
    @Test(.timeLimit(.minutes(1))) func mutatedWorkbooksAlwaysAnswer() throws {
        let path = Self.fixtures.appendingPathComponent("shotengai-xlsx/S02_魚辰鮮魚店.xlsx").path
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let group = TempGroup([:])
        var rng = SeededRandom(state: 21)
        var refused = 0
        for round in 0..<400 {
            var bytes = original
            let at = Int.random(in: 0..<bytes.count, using: &rng)
            switch round % 3 {
            case 0: bytes[at] ^= UInt8.random(in: 1...255, using: &rng)
            case 1: for i in at..<min(at + 4, bytes.count) { bytes[i] = UInt8.random(in: 0...255, using: &rng) }
            default: bytes.removeSubrange(at...)
            }
            let file = group.path + "/m.xlsx"
            _ = FileManager.default.createFile(atPath: file, contents: Data(bytes))
            do {
                _ = try XLSXReader.read(path: file)
            } catch {
                refused += 1
            }
        }
        #expect(refused > 100)
        #expect(try XLSXReader.read(path: path).sheet.rows.count == 4)
    }

    /// A part whose sizes the central directory gives in a ZIP64 extra field is read; a part whose
    /// bytes do not match its CRC-32 is malformed.
    @Test func zip64SizesAreReadAndABadChecksumIsRefused() throws {
        // One stored part "a.txt" holding "a"; its directory record says 0xFFFFFFFF for both sizes
        // and gives them in a ZIP64 extra field (id 1: uncompressed, then compressed, 8 bytes each).
        var zip: [UInt8] = [
            0x50, 0x4B, 0x03, 0x04, 0x0A, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x43, 0xBE, 0xB7, 0xE8, 1, 0, 0, 0, 1, 0, 0, 0, 5, 0, 0, 0,
            0x61, 0x2E, 0x74, 0x78, 0x74, 0x61,
            0x50, 0x4B, 0x01, 0x02, 0x2D, 0, 0x2D, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x43, 0xBE, 0xB7, 0xE8, 0xFF, 0xFF, 0xFF, 0xFF,
            0xFF, 0xFF, 0xFF, 0xFF, 5, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x61, 0x2E, 0x74, 0x78, 0x74,
            1, 0, 16, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0,
            0x50, 0x4B, 0x05, 0x06, 0, 0, 0, 0, 1, 0, 1, 0, 71, 0, 0, 0, 36, 0, 0, 0, 0, 0,
        ]
        let parts = try #require(try ZipParts(Data(zip), maxEntries: 10))
        #expect(parts.parts["a.txt"]?.uncompressedSize == 1 && parts.parts["a.txt"]?.compressedSize == 1)
        #expect(try parts.extract("a.txt", limit: 10) == Data("a".utf8))
        #expect(try parts.extract("b.txt", limit: 10) == nil)
        zip[35] = 0x62  // "b": the CRC-32 no longer matches.
        let changed = try #require(try ZipParts(Data(zip), maxEntries: 10))
        #expect(throws: XLSXReadError.malformed(part: "a.txt")) { try changed.extract("a.txt", limit: 10) }
    }

    /// A zip of stored parts (no compression), each with its CRC-32, as a workbook is laid out.
    static func storedZip(_ parts: [(String, String)]) -> Data {
        func crc32(_ bytes: [UInt8]) -> UInt32 {
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in bytes {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            }
            return ~crc
        }
        func le(_ value: Int, _ width: Int) -> [UInt8] { (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        var (local, central) = ([UInt8](), [UInt8]())
        for (name, text) in parts {
            let (nameBytes, body) = (Array(name.utf8), Array(text.utf8))
            let crc = Int(crc32(body))
            let common = le(10, 2) + le(0, 2) + le(0, 2) + le(0, 2) + le(0, 2) + le(crc, 4) + le(body.count, 4) + le(body.count, 4) + le(nameBytes.count, 2)
            central += [0x50, 0x4B, 0x01, 0x02] + le(20, 2) + common + le(0, 2) + le(0, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(local.count, 4) + nameBytes
            local += [0x50, 0x4B, 0x03, 0x04] + common + le(0, 2) + nameBytes + body
        }
        let end = [0x50, 0x4B, 0x05, 0x06] + le(0, 4) + le(parts.count, 2) + le(parts.count, 2) + le(central.count, 4) + le(local.count, 4) + le(0, 2)
        return Data(local + central + end)
    }

    /// The XML of a workbook as other writers than Excel may lay it out: elements and attributes
    /// with namespace prefixes (read by local name, whole: `named` is not `name`), predefined entities and character references
    /// decoded in names and text, CDATA read as text, rich-text runs joined with their spaces
    /// kept, phonetic guides left out, an inline string; and a part using an external entity is
    /// refused, the entity never fetched.
    @Test func workbookXMLIsReadByLocalNamesWithItsEntitiesDecoded() throws {
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let relations = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let zip = Self.storedZip([
            (
                "xl/workbook.xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><x:workbook xmlns:x=\"\(main)\" xmlns:rel=\"\(relations)\"><x:sheets>"
                    + "<x:sheet named=\"no\" rel:idx=\"rId9\" name=\"実績&amp;計画\" sheetId=\"1\" rel:id=\"rId7\"/></x:sheets></x:workbook>"
            ),
            (
                "xl/_rels/workbook.xml.rels",
                "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId7\" Target=\"worksheets/data.xml\"/></Relationships>"
            ),
            (
                "xl/sharedStrings.xml",
                "<?xml version=\"1.0\"?><sst xmlns=\"\(main)\">"
                    + "<si><t>A&lt;B&#12354;&#x3044;&quot;</t></si>"
                    + "<si><r><t>山</t></r><r><t xml:space=\"preserve\"> 田 </t></r><rPh sb=\"0\" eb=\"1\"><t>ヤマ</t></rPh></si>"
                    + "<si><t><![CDATA[x<y&z]]></t></si><si><t>[]</t></si></sst>"
            ),
            (
                "xl/worksheets/data.xml",
                "<x:worksheet xmlns:x=\"\(main)\"><x:sheetData><x:row r=\"2\"><x:c r=\"A2\" t=\"s\"><x:v>0</x:v></x:c>"
                    + "<x:c r=\"B2\" t=\"s\"><x:v>1</x:v></x:c><x:c r=\"C2\" t=\"s\"><x:v>2</x:v></x:c><x:c r=\"D2\" t=\"s\"><x:v>3</x:v></x:c>"
                    + "<x:c r=\"E2\" t=\"inlineStr\"><x:is><x:t>a&amp;b</x:t></x:is></x:c><x:c r=\"F2\"><x:v>1.5E-2</x:v></x:c></x:row></x:sheetData></x:worksheet>"
            ),
        ])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("xml-\(UUID().uuidString).xlsx").path
        try zip.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let book = try XLSXReader.read(path: path)
        // The same workbook with an external entity declared and used: refused, never fetched
        // (an entity the part declares is not known, so its use is an error).
        let external = Self.storedZip([
            ("xl/workbook.xml", "<workbook><sheets><sheet name=\"a\" sheetId=\"1\"/></sheets></workbook>"),
            ("xl/sharedStrings.xml", "<!DOCTYPE sst [<!ENTITY xxe SYSTEM \"file://\(#filePath)\">]><sst><si><t>[&xxe;]</t></si></sst>"),
            ("xl/worksheets/sheet1.xml", "<worksheet><sheetData><row><c t=\"s\"><v>0</v></c></row></sheetData></worksheet>"),
        ])
        try external.write(to: URL(fileURLWithPath: path))
        #expect(throws: XLSXReadError.malformed(part: "xl/sharedStrings.xml")) { try XLSXReader.read(path: path) }
        #expect(book.sheetNames == ["実績&計画"])
        let row = try #require(book.sheet.rows.first)
        #expect(row.number == 2)
        #expect(row.cells.map(\.column) == [1, 2, 3, 4, 5, 6])
        #expect(row.cells.map(\.value).prefix(3) == [.text("A<Bあい\""), .text("山 田 "), .text("x<y&z")])
        #expect(row.cells[3].value == .text("[]"))
        #expect(row.cells.suffix(2).map(\.value) == [.text("a&b"), .number("1.5E-2")])
    }

    /// Found by scripts/fuzz.sh: XML bytes that are not UTF-8 made Foundation's XMLParser trap
    /// (SIGILL). The part is refused as malformed before it reaches the parser.
    @Test func xmlThatIsNotUTF8IsRefusedNotCrashedOn() {
        let path = Self.fixtures.appendingPathComponent("fuzz-invalid-utf8-attribute.xlsx").path
        Self.expectMalformed(path)
    }

    @Test("file kinds are told from their first bytes")
    func fileKinds() {
        #expect(InputFileKind.of(Array("%PDF-1.7\n".utf8)) == .pdf)
        #expect(InputFileKind.of([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) == .image("PNG"))
        #expect(InputFileKind.of([0xFF, 0xD8, 0xFF, 0xE0]) == .image("JPEG"))
        #expect(InputFileKind.of([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]) == .legacyExcel)
        #expect(InputFileKind.of([0x50, 0x4B, 0x03, 0x04]) == .workbook)
        #expect(InputFileKind.of([0xFF, 0xFE, 0x41, 0]) == .utf16(bigEndian: false))
        #expect(InputFileKind.of([0xFE, 0xFF, 0, 0x41]) == .utf16(bigEndian: true))
        #expect(InputFileKind.of([0xEF, 0xBB, 0xBF] + Array("事業者ID,年度\n".utf8)) == .text)
        #expect(InputFileKind.of([0x8E, 0x96, 0x8B, 0xC6, 0x2C]) == .text)  // CP932 事業
        #expect(InputFileKind.of([0x41, 0x00, 0x42]) == .binary)
        // One stray NUL in a CSV is the importer's to report at its cell, not a reason to refuse the file.
        let csv = Array("事業者ID,事業者名,役割\nM01,店\u{0}1,代表\n".utf8) + Array(repeating: UInt8(ascii: "x"), count: 200)
        #expect(InputFileKind.of(csv) == .text)
    }

    /// A name holding a NUL is refused at its cell, not the whole file as binary.
    @Test func aStrayNulIsReportedAtItsCell() {
        let members = roster(10).replacingOccurrences(of: "会員3,", with: "会員\u{0}3,")
        let temp = TempGroup(utf8: ["members.csv": members, "f.csv": figureHeader + "\n" + figureLine("M01", 0, op: "1")])
        let errors = temp.load().errors
        #expect(errors.map(\.code) == [.controlCharacter])
        #expect(errors.first?.location?.line == 4 && errors.first?.location?.column == 2)
    }

    @Test("UTF-16 in either byte order reads as the same text; a broken one is refused")
    func utf16() {
        let text = "事業者ID\t年度\r\nS01\t1年度目\r\n😀\r\n"
        let le: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let be: [UInt8] = [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(TextSniffer.utf8(fromUTF16: le, bigEndian: false) == Array(text.utf8))
        #expect(TextSniffer.utf8(fromUTF16: be, bigEndian: true) == Array(text.utf8))
        // A lone high surrogate, and an odd byte at the end.
        #expect(TextSniffer.utf8(fromUTF16: [0xFF, 0xFE, 0x41, 0, 0x3D, 0xD8, 0x41, 0], bigEndian: false) == nil)
        #expect(TextSniffer.utf8(fromUTF16: [0xFF, 0xFE, 0x41, 0, 0x42], bigEndian: false) == nil)
    }
}

/// Excel holds 1,048,576 rows a sheet; libxlsxwriter refuses a cell past them, and a report was
/// once cut there without a word (a 360,000-member group's members table has 1,080,001 rows).
@Suite("XLSX beyond a sheet's rows")
struct XLSXRowLimitTests {
    /// A refused cell makes the workbook fail, in either mode: never a file missing rows.
    @Test(arguments: [false, true])
    func aCellPastTheLastRowFailsTheWorkbook(constantMemory: Bool) throws {
        let book = try Workbook(constantMemory: constantMemory)
        let sheet = book.addSheet("a")
        sheet.string(0, 0, "first")
        sheet.number(Workbook.maxRows, 0, 1)
        #expect(throws: XLSXError.self) { try book.close() }
    }

    /// A merged range's text is a cell's: refused (past the last row), the workbook fails too,
    /// at the range's first cell.
    @Test func aMergedRangePastTheLastRowFailsTheWorkbook() throws {
        let book = try Workbook()
        let sheet = book.addSheet("a")
        sheet.string(0, 0, "first")
        sheet.merge(rows: Workbook.maxRows...Workbook.maxRows, columns: 0...2, "title")
        let error = #expect(throws: XLSXError.self) { try book.close() }
        #expect(error?.description.hasPrefix("row \(Workbook.maxRows + 1), column 1: ") == true)
    }

    /// A document's table (any command's) goes on over sheets too, and its notes go under its
    /// last rows, or all together on one sheet of their own when they would not fit there.
    @Test(arguments: [(25, ["t", "t (2)", "t (3)", "t_2"]), (20, ["t", "t (2)", "t (3)"])])
    func aDocumentsNotesStayTogether(rows: Int, sheets: [String]) throws {
        let table = ReportTable(
            id: "t", title: "t", columns: ["a"], rows: (1...rows).map { [.text("r\($0)")] }, notes: ["note 1", "note 2"])
        var renderer = XLSXRenderer(words: Words(.en))
        renderer.rowsPerSheet = 10
        let temp = TempGroup(utf8: [:])
        let path = temp.file("d.xlsx")
        try renderer.render(ReportDocument(heading: "h", tables: [table])).write(to: URL(fileURLWithPath: path))
        let names = try XLSXReader.read(path: path).sheetNames
        #expect(names == sheets)
        let last = try XLSXReader.read(path: path, preferred: [sheets.last!]).sheet
        let texts = last.rows.compactMap { row -> String? in if case .text(let t) = row.cells.first?.value { t } else { nil } }
        #expect(texts.suffix(2) == ["note 1", "note 2"])
        #expect(texts.filter { $0.hasPrefix("note") }.count == 2)
    }

    /// A table longer than a sheet goes on over sheets named "… (2)", each under the header row,
    /// every row once and in order; a calculation block that does not fit after another starts a
    /// sheet of its own, with formulas on its own rows. Here a sheet holds 20 rows.
    @Test func longTablesGoOnOverSheets() throws {
        var lines = [figureHeader]
        for i in 1...12 {
            let id = "M\(i < 10 ? "0" : "")\(i)"
            for p in 0...2 { lines.append(figureLine(id, p, op: "\(2_000_000 + i * 1000 + p * 100_000)", labour: "8000000")) }
        }
        let temp = TempGroup(utf8: ["members.csv": roster(12), "f.csv": lines.joined(separator: "\n")])
        let report = GroupReport(group: try #require(temp.load().group))
        let tables = ReportTables(report: report, words: Words(.ja))
        var renderer = XLSXRenderer(words: Words(.ja))
        renderer.rowsPerSheet = 20
        let path = temp.file("r.xlsx")
        try renderer.render(report, tables: tables).write(to: URL(fileURLWithPath: path))
        let names = try XLSXReader.read(path: path).sheetNames
        #expect(names == ["サマリー", "構成員", "構成員 (2)", "グループ算出", "グループ算出 (2)", "計画（目標値）と実績", "公表リスクと注意"])
        var ids: [String] = []
        for name in ["構成員", "構成員 (2)"] {
            let sheet = try XLSXReader.read(path: path, preferred: [name]).sheet
            #expect(sheet.name == name)
            #expect(sheet.rows.first?.cells.first?.value == .text("事業者ID"))
            #expect(sheet.rows.count <= 20)
            for row in sheet.rows.dropFirst() { if case .text(let id) = row.cells.first?.value { ids.append(id) } }
        }
        #expect(
            ids
                == tables.members.rows.map { row -> String in
                    if case .text(let id) = row[0] { return id }
                    return ""
                })
        #expect(ids.count == 36)
        // Year 2's block on the second calculation sheet: its 12 members from row 4, its mean under them.
        let second = try XLSXReader.read(path: path, preferred: ["グループ算出 (2)"]).sheet
        #expect(second.rows.count(where: { $0.cells.first.map { if case .text(let t) = $0.value { t.hasPrefix("M") } else { false } } ?? false }) == 12)
        #expect(second.rows.contains { row in row.cells.contains { if case .text(let t) = $0.value { t == "グループ（AVERAGE）" } else { false } } })
    }
}
