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
