import Foundation
import Testing

/// Member files as Excel and LibreOffice save them, read by the binary.
@Suite("xlsx, UTF-16 and wrong files, end to end")
struct ExcelInputEndToEndTests {
    static let fixtures = Run.repository.appendingPathComponent("Tests/GroupProductivityTests/Fixtures/xlsx")

    /// The sample group saved by LibreOffice as workbooks (one member as Excel's 「Unicode テキスト」,
    /// one left as CSV) gives, to the byte, the report of the CSV group.
    @Test(arguments: [["--as-of", "2026-11-21"], ["--as-of", "2026-11-21", "--format", "json"], ["--lang", "en"]])
    func workbooksReportLikeTheirCSV(extra: [String]) throws {
        let fromCSV = try Run(["report", Run.sample("shotengai-clears-5")] + extra)
        let fromXLSX = try Run(["report", Self.fixtures.appendingPathComponent("shotengai-xlsx").path] + extra)
        #expect(fromCSV.status == 0 && fromXLSX.status == 0, "\(fromXLSX)")
        // The JSON's record block names the input files and their hashes, which differ by design.
        func withoutRecord(_ s: String) -> String {
            guard let r = s.range(of: "\"record\"") else { return s }
            return String(s[..<r.lowerBound])
        }
        #expect(withoutRecord(fromXLSX.stdout) == withoutRecord(fromCSV.stdout), "\(fromXLSX)")
        #expect(fromXLSX.stderr == fromCSV.stderr)
    }

    /// Cells Excel users get wrong, each at its sheet and cell (`bad-cells.xlsx:bad-cells!E2`).
    @Test func badCellsAreLocatedBySheetAndCell() throws {
        let dir = try Workdir()
        try FileManager.default.createDirectory(atPath: dir.path("g"), withIntermediateDirectories: true)
        for name in ["shotengai-xlsx/members.xlsx", "bad-cells.xlsx"] {
            try FileManager.default.copyItem(atPath: Self.fixtures.appendingPathComponent(name).path,
                                            toPath: dir.path("g/" + (name as NSString).lastPathComponent))
        }
        let run = try Run(["check", "g", "--as-of", "2025-06-01"], in: dir.url)
        #expect(run.status == 1)
        try ExportTests.expectGolden("check-xlsx-bad-cells.txt", run.stdout + "--- stderr\n" + run.stderr, run)
    }

    /// A PDF, an image or an old .xls saved under a table's name gets one error saying what it is,
    /// never pages of undecodable bytes; an .xls named as such is a warning naming it.
    @Test(arguments: [
        ("S03_肉のたかはし.csv", Array("%PDF-1.4\n%\u{E2}\u{E3}\n1 0 obj\n".utf8)),
        ("S03_肉のたかはし.csv", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52]),
        ("S03_肉のたかはし.xlsx", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)),
    ] as [(String, [UInt8])])
    func wrongFilesGetOneClearError(name: String, bytes: [UInt8]) throws {
        let dir = try Workdir()
        try dir.copySample("shotengai-clears-5", as: "g")
        try FileManager.default.removeItem(atPath: dir.path("g/S03_肉のたかはし.csv"))
        try Data(bytes).write(to: URL(fileURLWithPath: dir.path("g/" + name)))
        let run = try Run(["check", "g", "--format", "json", "--as-of", "2025-06-01"], in: dir.url)
        #expect(run.status == 1)
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let diagnostics = (json?["diagnostics"] as? [[String: Any]]) ?? []
        let here = diagnostics.filter { ($0["file"] as? String)?.hasSuffix(name) == true }
        #expect(here.count == 1, "\(run)")
        #expect(here.first?["code"] as? String == "not_a_table_file")
        #expect(!run.stdout.contains("undecodable_bytes") && !run.stdout.contains("csv_bad_quote"))
        // The member whose file was unreadable is then reported as not having sent it.
        #expect(run.stdout.contains("S03"))
    }
}

@Suite("workbook forms, end to end")
struct WorkbookFormEndToEndTests {
    /// Forms written from the full sample, collected into a group holding only its roster, give the
    /// sample's report: every figure made the trip through Excel's format and back.
    @Test(arguments: ["円", "千円"])
    func formsCollectedBackGiveTheSameReport(unit: String) throws {
        let dir = try Workdir()
        let template = try Run(["template", Run.sample("shotengai-clears-5"), "--format", "xlsx", "--unit", unit, "-o", dir.path("forms")])
        #expect(template.status == 0, "\(template)")
        let forms = template.stdout.split(separator: "\n").map(String.init)
        #expect(forms.count == 12 && forms.allSatisfy { $0.hasSuffix(".xlsx") })
        #expect(template.stderr.isEmpty, "no numeric-ID note for workbook forms")
        try FileManager.default.createDirectory(atPath: dir.path("g"), withIntermediateDirectories: true)
        for name in ["members.csv", "グループ情報.csv"] {
            try FileManager.default.copyItem(atPath: Run.sample("shotengai-clears-5") + "/" + name, toPath: dir.path("g/" + name))
        }
        let collect = try Run(["collect", dir.path("g")] + forms)
        #expect(collect.status == 0, "\(collect)")
        let fromForms = try Run("report", dir.path("g"), "--as-of", "2026-11-21")
        let original = try Run("report", Run.sample("shotengai-clears-5"), "--as-of", "2026-11-21")
        #expect(fromForms.stdout == original.stdout, "\(fromForms)")
    }

    /// Roster IDs that are all digits: CSV forms come with a note on stderr, workbook forms do not.
    @Test func numericIDsGetANoteWithCSVForms() throws {
        let dir = try Workdir()
        var roster = "事業者ID,事業者名,役割,過去交付決定,ITツール利用\n"
        for i in 1...10 { roster += String(format: "%03d,会員%d,%@,なし,あり\n", i, i, i == 1 ? "代表" : "参画") }
        try dir.write("g/members.csv", roster)
        let csv = try Run("template", "g", "--lang", "en", in: dir.url)
        #expect(csv.status == 0, "\(csv)")
        #expect(csv.stderr == "note: the member IDs 001, 002, 003, 004, 005 and 5 more are all digits; Excel opening a CSV turns 003 into 3. For members who use Excel, use --format xlsx forms, which keep IDs as text\n")
        let xlsx = try Run("template", "g", "--format", "xlsx", "-o", "forms", in: dir.url)
        #expect(xlsx.status == 0 && xlsx.stderr.isEmpty, "\(xlsx)")
    }
}
