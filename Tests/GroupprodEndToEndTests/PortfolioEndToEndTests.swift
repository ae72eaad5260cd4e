import Foundation
import Testing

@Suite("portfolio, end to end")
struct PortfolioEndToEndTests {
    /// The JSON whole, with the checkout's path fixed first; it is also checked against
    /// docs/portfolio.schema.json by scripts/verify-exports.sh.
    @Test func jsonMatchesGolden() throws {
        let run = try Run("portfolio", Run.sample("portfolio-clients.csv"), "--as-of", "2026-11-21", "--format", "json")
        #expect(run.status == 0, "\(run)")
        #expect(run.stderr == "4 グループ: 公表リスクあり 3、入力エラーあり 0\n", "\(run)")
        try ExportTests.expectGolden("portfolio-clients.json", run.stdout.replacingOccurrences(of: Run.sample("") + "/", with: "SampleGroups/"), run)
    }

    /// A folder of group folders, the samples laid out as groups keep them (roster and figure files,
    /// member files and a settings file, a CP932 folder, one file alone), whole as JSON: a row per
    /// group and every file read with its size and SHA-256, folder by folder in the order `report`
    /// lists a folder's files. The same groups as the combined sample, so the same figures.
    @Test func folderPortfolioJSONMatchesGolden() throws {
        let dir = try Workdir()
        for sample in ["onsen-cp932", "shotengai-clears-5", "supply-chain-prior-grant"] { try dir.copySample(sample, as: "clients/" + sample) }
        try FileManager.default.createDirectory(atPath: dir.path("clients/asaichi"), withIntermediateDirectories: true)
        try dir.copySample("asaichi-single-file.csv", as: "clients/asaichi/asaichi-single-file.csv")
        let run = try Run("portfolio", dir.path("clients"), "--as-of", "2026-11-21", "--format", "json")
        #expect(run.status == 0, "\(run)")
        #expect(run.stderr == "4 グループ: 公表リスクあり 3、入力エラーあり 0\n", "\(run)")
        try ExportTests.expectGolden("portfolio-folders.json", run.stdout.replacingOccurrences(of: dir.path("clients") + "/", with: "clients/"), run)
    }

    /// The sample saved as Excel saves a CSV in Japan (CP932, its records converted to UTF-8 as
    /// they are read) gives the golden JSON whole, but for the file named and its size and hash.
    @Test func cp932CopyGivesTheSameJSON() throws {
        let dir = try Workdir()
        let text = try String(contentsOfFile: Run.sample("portfolio-clients.csv"), encoding: .utf8)
        let cp932 = try #require(text.data(using: .shiftJIS))
        try cp932.write(to: URL(fileURLWithPath: dir.path("clients.csv")))
        let run = try Run("portfolio", dir.path("clients.csv"), "--as-of", "2026-11-21", "--format", "json")
        #expect(run.status == 0, "\(run)")
        let golden = try Data(contentsOf: ExportTests.golden.appendingPathComponent("portfolio-clients.json"))
        /// The document without its inputs (size and hash differ by encoding), the file named alike.
        func comparable(_ data: Data, file: String) throws -> NSDictionary {
            let renamed = String(decoding: data, as: UTF8.self).replacingOccurrences(of: file, with: "FILE")
            var object = try #require(try JSONSerialization.jsonObject(with: Data(renamed.utf8)) as? [String: Any])
            object["inputs"] = nil
            return object as NSDictionary
        }
        let ours = try comparable(Data(run.stdout.utf8), file: dir.path("clients.csv"))
        #expect(ours == (try comparable(golden, file: "SampleGroups/portfolio-clients.csv")), "\(run)")
    }

    /// A combined file not sorted by group is still judged, the same rows as sorted, with a warning
    /// at the first row of a group that comes back (why it took the memory it did); exit 0.
    @Test func anUnsortedFileIsJudgedWithAWarning() throws {
        let dir = try Workdir()
        var lines = try String(contentsOfFile: Run.sample("portfolio-clients.csv"), encoding: .utf8).components(separatedBy: "\r\n")
        // G01's first record (line 2) moved to the end: it comes back at line 122.
        lines.insert(lines.remove(at: 1), at: lines.count - 1)
        try dir.write("clients.csv", lines.joined(separator: "\r\n"))
        let run = try Run("portfolio", dir.path("clients.csv"), "--as-of", "2026-11-21", "--format", "json")
        #expect(run.status == 0, "\(run)")
        #expect(run.stderr.hasPrefix(dir.path("clients.csv") + ":122:1: 警告: グループ「G01」の行が他のグループの行のあとに再び現れます"), "\(run)")
        #expect(run.stderr.contains("[portfolio_unsorted]") && run.stderr.hasSuffix("4 グループ: 公表リスクあり 3、入力エラーあり 0\n"), "\(run)")
        let golden = try String(contentsOf: ExportTests.golden.appendingPathComponent("portfolio-clients.json"), encoding: .utf8)
        /// The groups' rows, without where they start (the first record moved) or the input's hash.
        func rows(_ json: String) -> [String] {
            json.split(separator: "\n").filter { $0.hasPrefix("    {\"id\"") }.map {
                $0.replacingOccurrences(of: #""source": "[^"]*", "#, with: "", options: .regularExpression)
            }
        }
        #expect(rows(run.stdout) == rows(golden) && rows(golden).count == 4, "\(run)")
    }

    /// One group's error is listed at its line and column; the other groups are still reported; exit 1.
    @Test func aGroupWithErrorsDoesNotStopTheOthers() throws {
        let dir = try Workdir()
        let text = try String(contentsOfFile: Run.sample("portfolio-clients.csv"), encoding: .utf8)
        // G02's first member's base operating profit (8500000) gets a letter O for a zero.
        try dir.write("clients.csv", text.replacingOccurrences(of: ",0,実績,8500000,", with: ",0,実績,85O0000,"))
        let run = try Run("portfolio", dir.path("clients.csv"), "--as-of", "2026-11-21", "--format", "csv")
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr.contains("clients.csv:40:11: エラー:"), "\(run)")
        #expect(run.stderr.hasSuffix("4 グループ: 公表リスクあり 3、入力エラーあり 1\n"), "\(run)")
        let rows = run.stdout.split(separator: "\r\n").map(String.init)
        #expect(rows.count == 5, "\(run)")
        #expect(rows[1].hasPrefix("G02,,,,,,エラー,入力エラー,"), "\(run)")
    }
}
