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

    /// The other samples as LibreOffice saves them (scripts/make-xlsx-fixtures.sh: every file, roster
    /// and settings included, converted by `soffice --convert-to xlsx`; the single-file group as one
    /// workbook) report, to the byte, as their CSV originals, in the terminal table and in JSON.
    @Test(arguments: [
        ("onsen-cp932", "onsen-cp932"), ("supply-chain-prior-grant", "supply-chain-prior-grant"),
        ("asaichi-single-file.xlsx", "asaichi-single-file.csv"),
    ])
    func everySampleSavedByLibreOfficeReportsLikeItsCSV(workbook: String, sample: String) throws {
        let saved = Self.fixtures.appendingPathComponent("samples/" + workbook).path
        for extra in [["--as-of", "2026-11-21"], ["--as-of", "2026-11-21", "--format", "json"]] {
            let fromCSV = try Run(["report", Run.sample(sample)] + extra)
            let fromXLSX = try Run(["report", saved] + extra)
            #expect(fromCSV.status != 1 && fromXLSX.status == fromCSV.status, "\(fromXLSX)")
            let record = "\"record\""
            #expect(fromXLSX.stdout.components(separatedBy: record)[0] == fromCSV.stdout.components(separatedBy: record)[0], "\(fromXLSX)")
            #expect(fromXLSX.stderr == fromCSV.stderr)
        }
    }

    /// Cells Excel users get wrong, each at its sheet and cell (`bad-cells.xlsx:bad-cells!E2`).
    @Test func badCellsAreLocatedBySheetAndCell() throws {
        let dir = try Workdir()
        try FileManager.default.createDirectory(atPath: dir.path("g"), withIntermediateDirectories: true)
        for name in ["shotengai-xlsx/members.xlsx", "bad-cells.xlsx"] {
            try FileManager.default.copyItem(
                atPath: Self.fixtures.appendingPathComponent(name).path,
                toPath: dir.path("g/" + (name as NSString).lastPathComponent))
        }
        let run = try Run(["check", "g", "--as-of", "2025-06-01"], in: dir.url)
        #expect(run.status == 1)
        try ExportTests.expectGolden("check-xlsx-bad-cells.txt", run.stdout + "--- stderr\n" + run.stderr, run)
    }

    /// A PDF, an image or an old .xls saved under a table's name gets one error saying what it is,
    /// never pages of undecodable bytes; an .xls named as such is a warning naming it.
    @Test(
        arguments: [
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
    /// A folder holding only the sample's roster (and its settings file): for a single-file
    /// group, the roster columns (the first five) of its rows, one row per member. Its names and
    /// IDs hold no commas or quotes, so the first five cells of a line are its roster part.
    static func rosterOnly(_ sample: String, in dir: Workdir) throws -> String {
        let target = dir.path(sample.replacingOccurrences(of: ".csv", with: ""))
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        let source = Run.sample(sample)
        if sample.hasSuffix(".csv") {
            let lines = try String(contentsOfFile: source, encoding: .utf8).split(whereSeparator: \.isNewline)
            var seen: Set<String> = []
            var roster: [String] = []
            // The header and the rows that start a record (a quoted reason may run over several lines).
            for (index, line) in lines.enumerated() where index == 0 || line.first == "A" {
                let row = line.split(separator: ",", omittingEmptySubsequences: false).prefix(5).joined(separator: ",")
                if seen.insert(row).inserted { roster.append(row) }
            }
            try dir.write((target as NSString).lastPathComponent + "/members.csv", roster.joined(separator: "\n") + "\n")
        } else {
            for name in ["members.csv", "グループ情報.csv"] where FileManager.default.fileExists(atPath: source + "/" + name) {
                try FileManager.default.copyItem(atPath: source + "/" + name, toPath: target + "/" + name)
            }
        }
        return target
    }

    /// Forms written from each full sample, collected into a group holding only its roster, give the
    /// sample's report: every figure made the trip through the workbook (this tool's own writer) and back.
    @Test(arguments: [
        ("shotengai-clears-5", "円"), ("shotengai-clears-5", "千円"), ("onsen-cp932", "千円"),
        ("supply-chain-prior-grant", "円"), ("asaichi-single-file.csv", "千円"),
    ])
    func formsCollectedBackGiveTheSameReport(sample: String, unit: String) throws {
        let dir = try Workdir()
        let template = try Run(["template", Run.sample(sample), "--format", "xlsx", "--unit", unit, "-o", dir.path("forms")])
        #expect(template.status == 0, "\(template)")
        let forms = template.stdout.split(separator: "\n").map(String.init)
        #expect(forms.count >= 10 && forms.allSatisfy { $0.hasSuffix(".xlsx") })
        #expect(template.stderr.isEmpty, "no numeric-ID note for workbook forms")
        let group = try Self.rosterOnly(sample, in: dir)
        let collect = try Run(["collect", group] + forms)
        #expect(collect.status == 0, "\(collect)")
        #expect(collect.stdout.contains("未解決の相違 0 行、取込拒否 0 ファイル"), "\(collect)")
        let fromForms = try Run("report", group, "--as-of", "2026-11-21")
        let original = try Run("report", Run.sample(sample), "--as-of", "2026-11-21")
        #expect(original.status != 1 && fromForms.status == original.status, "\(fromForms)")
        #expect(fromForms.stdout == original.stdout, "\(fromForms)")
    }

    /// The tool's own CP932 forms come back accepted although CP932 turns 〜 into ～ and − into －:
    /// names are compared folded, and the roster's spelling is what the report shows.
    @Test func cp932FormsWithWaveDashAndMinusComeBackAccepted() throws {
        let dir = try Workdir()
        try dir.copySample("shotengai-clears-5", as: "full")
        var roster = try dir.read("full/members.csv")
        roster = roster.replacingOccurrences(of: "八百屋 青木青果", with: "八百屋〜青木青果")
            .replacingOccurrences(of: "魚辰鮮魚店", with: "魚辰−鮮魚店")
        try dir.write("full/members.csv", roster)
        for file in try FileManager.default.contentsOfDirectory(atPath: dir.path("full")) where file.hasPrefix("S0") {
            let text = try dir.read("full/" + file)
            try dir.write(
                "full/" + file,
                text.replacingOccurrences(of: "八百屋 青木青果", with: "八百屋〜青木青果")
                    .replacingOccurrences(of: "魚辰鮮魚店", with: "魚辰−鮮魚店"))
        }
        let template = try Run(["template", dir.path("full"), "--encoding", "cp932", "-o", dir.path("forms")])
        #expect(template.status == 0, "\(template)")
        let forms = template.stdout.split(separator: "\n").map(String.init)
        let s01 = try #require(forms.first { $0.contains("S01_") })
        // CP932 has no 〜 (U+301C) or − (U+2212): the form carries ～ (0x8160) and － (0x817C).
        let bytes = try Data(contentsOf: URL(fileURLWithPath: s01))
        #expect(String(data: bytes, encoding: .shiftJIS)?.contains("八百屋～青木青果") == true)
        try FileManager.default.createDirectory(atPath: dir.path("g"), withIntermediateDirectories: true)
        for name in ["members.csv", "グループ情報.csv"] {
            try FileManager.default.copyItem(atPath: dir.path("full/" + name), toPath: dir.path("g/" + name))
        }
        let collect = try Run(["collect", dir.path("g")] + forms)
        #expect(collect.status == 0, "\(collect)")
        #expect(!collect.stdout.contains("conflicting_member_name") && !collect.stderr.contains("conflicting_member_name"), "\(collect)")
        let fromForms = try Run("report", dir.path("g"), "--as-of", "2026-11-21")
        let original = try Run("report", dir.path("full"), "--as-of", "2026-11-21")
        #expect(fromForms.stdout == original.stdout.replacingOccurrences(of: "補助事業: full", with: "補助事業: g"), "\(fromForms)")
        #expect(fromForms.stdout.contains("八百屋〜青木青果"))
    }

    /// Roster IDs that are all digits: CSV forms come with a note on stderr, workbook forms do not.
    @Test func numericIDsGetANoteWithCSVForms() throws {
        let dir = try Workdir()
        var roster = "事業者ID,事業者名,役割,過去交付決定,ITツール利用\n"
        for i in 1...10 { roster += String(format: "%03d,会員%d,%@,なし,あり\n", i, i, i == 1 ? "代表" : "参画") }
        try dir.write("g/members.csv", roster)
        let csv = try Run("template", "g", "--lang", "en", in: dir.url)
        #expect(csv.status == 0, "\(csv)")
        #expect(
            csv.stderr
                == "note: the member IDs 001, 002, 003, 004, 005 and 5 more are all digits; Excel opening a CSV turns 003 into 3. For members who use Excel, use --format xlsx forms, which keep IDs as text\n"
        )
        let xlsx = try Run("template", "g", "--format", "xlsx", "-o", "forms", in: dir.url)
        #expect(xlsx.status == 0 && xlsx.stderr.isEmpty, "\(xlsx)")
    }
}
