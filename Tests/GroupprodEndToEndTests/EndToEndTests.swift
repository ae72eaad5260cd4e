import Foundation
import Testing

/// Runs the built `groupprod` binary the way a user does.
struct Run: CustomStringConvertible {
    var arguments: [String]
    var status: Int32
    var stdout: String
    var stderr: String

    var description: String {
        "$ groupprod \(arguments.joined(separator: " "))\nexit \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)"
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func sample(_ name: String) -> String { repository.appendingPathComponent("SampleGroups/\(name)").path }

    /// The binary sits beside the test bundle in the build folder.
    static let binary: URL = {
        var candidates: [URL] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: exe).deletingLastPathComponent())
        }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        candidates.append(Bundle.main.bundleURL)
        for dir in candidates {
            let url = dir.appendingPathComponent("groupprod")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return repository.appendingPathComponent(".build/debug/groupprod")
    }()

    init(_ arguments: String..., environment: [String: String] = [:], in directory: URL? = nil) throws {
        try self.init(arguments, environment: environment, in: directory)
    }

    init(_ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil) throws {
        self.arguments = arguments
        let process = Process()
        process.executableURL = Run.binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NO_COLOR")
        env.removeValue(forKey: "COLUMNS")  // tables are 80 columns wide unless a test says otherwise
        for (k, v) in environment { env[k] = v }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        status = process.terminationStatus
        stdout = String(decoding: outData, as: UTF8.self)
        stderr = String(decoding: errData, as: UTF8.self)
    }

    func json() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any], "\(self)")
    }
}

@Suite("groupprod end to end")
struct EndToEndTests {
    /// Expected outcome per sample, from scripts/oracle.py (Python Fractions, independent of the tool).
    @Test(arguments: [
        ("shotengai-clears-5", "meets", false, [0.065, 0.066], 0.05),
        ("supply-chain-prior-grant", "below_target", true, [0.041, 0.054], 0.06),
        ("onsen-cp932", "meets", true, [0.058, 0.061], 0.05),
        ("asaichi-single-file.csv", "below_target", true, [0.018], 0.05),
    ])
    func sampleGroupsGiveTheOraclesVerdict(name: String, verdict: String, atRisk: Bool, official: [Double], threshold: Double) throws {
        let run = try Run("report", Run.sample(name), "--format", "json")
        #expect(run.status == 0, "\(run)")
        let group = try #require(try run.json()["group"] as? [String: Any])
        #expect(group["verdict"] as? String == verdict, "\(run)")
        #expect(group["publication_risk"] as? Bool == atRisk)
        #expect(group["threshold"] as? Double == threshold)
        let periods = try #require(group["periods"] as? [[String: Any]])
        let reported = periods.dropFirst().filter { $0["reported"] as? Bool == true }
        #expect(reported.map { $0["cagr_official"] as? Double } == official, "\(run)")
    }

    @Test func onsenFlagsTheMissingYearTwo() throws {
        let run = try Run("report", Run.sample("onsen-cp932"), "--format", "json", "--lang", "en")
        let group = try #require(try run.json()["group"] as? [String: Any])
        let risks = try #require(group["risks"] as? [[String: Any]])
        #expect(risks.count == 1)
        #expect(risks[0]["code"] as? String == "missing_report")
        #expect(risks[0]["member_id"] as? String == "K03")
        #expect(risks[0]["period"] as? Int == 2)
        let year2 = try #require((group["periods"] as? [[String: Any]])?[2])
        #expect((year2["members_in_calculation"] as? [String])?.contains("K03") == false)
        #expect((year2["members_in_calculation"] as? [String])?.count == 9)
        // base over the same nine members (oracle: 1008.328713575874)
        #expect(abs((year2["base_productivity"] as? Double ?? 0) - 1008.328713575874) < 1e-9)
        // 千円 scaled to yen, △ read as negative: K02 base operating profit △1,800 千円.
        let members = try #require(try run.json()["members"] as? [[String: Any]])
        let k02 = try #require(members.first { $0["id"] as? String == "K02" })
        let base = try #require((k02["periods"] as? [[String: Any]])?.first)
        #expect(base["operating_profit"] as? Int == -1_800_000)
        #expect(base["value_added"] as? Int == 33_300_000)
        #expect(members.first?["name"] as? String == "㈱髙橋屋旅館")
    }

    @Test func japaneseTableByDefault() throws {
        let run = try Run("report", Run.sample("supply-chain-prior-grant"))
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("目標: 労働生産性の年平均成長率 6.0% 以上"))
        #expect(run.stdout.contains("M04 浜名運送有限会社"))
        #expect(run.stdout.contains("判定: 目標未達（2年度目 年平均成長率・公式 5.4% < 目標 6.0%）"))
        #expect(run.stdout.contains("[cagr_below_threshold]"))
        #expect(!run.stdout.contains("\u{1B}"), "piped output must not be coloured")
    }

    @Test func englishOnRequest() throws {
        let run = try Run("report", Run.sample("shotengai-clears-5"), "--lang", "en")
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("\nVerdict: meets the target (year 2 annual average growth, official, 6.6% ≥\ntarget 5.0%)\n"), "\(run)")
        #expect(run.stdout.contains("Publication risk: none"))
        #expect(run.stdout.contains("S00"))
    }

    /// Columns a terminal gives a string, by the East Asian Width blocks Japanese help uses
    /// (an independent count: the tool's own table is generated from Unicode's data).
    static func columns(_ s: String) -> Int {
        let wide: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
        ]
        return s.unicodeScalars.reduce(0) { n, u in n + (wide.contains { $0.contains(u.value) } ? 2 : 1) }
    }

    /// Each command's whole help (overview, description, examples, usage, every option) fits 80
    /// columns in Japanese too, and no example command is broken mid-line (swift-argument-parser
    /// counts characters, not columns); a narrower terminal (`COLUMNS`) gets narrower lines.
    @Test(arguments: ["", "report", "check", "export", "template", "collect", "whatif", "target", "explain", "portfolio", "catalogue"])
    func helpTextFitsEightyColumns(command: String) throws {
        let run = try Run((command.isEmpty ? [] : [command]) + ["--help"], environment: ["COLUMNS": "80"])
        let lines = run.stdout.components(separatedBy: "\n")
        #expect(run.status == 0)
        for line in lines { #expect(Self.columns(line) <= 80, "\(command): \(line)") }
        #expect(lines.contains { $0.hasPrefix("USAGE: groupprod") })
        let narrow = try Run((command.isEmpty ? [] : [command]) + ["--help"], environment: ["COLUMNS": "60"])
        let options = narrow.stdout.components(separatedBy: "\n").drop { !$0.hasPrefix("USAGE:") }
        for line in options { #expect(Self.columns(line) <= 60, "\(command) in 60 columns: \(line)") }
        // Every option is still listed, whole, in the narrow layout.
        for option in lines.filter({ $0.hasPrefix("  --") }).map({ $0.split(separator: " ")[0] }) {
            #expect(options.contains { $0.hasPrefix("  \(option)") }, "\(command): \(option)")
        }
        // The discussion is reflowed only when help is asked for (start-up cost): every way of
        // asking gives the same text.
        if !command.isEmpty {
            for other in [["help", command], [command, "-h"]] {
                let same = try Run(other, environment: ["COLUMNS": "80"])
                #expect(same.stdout == run.stdout, "\(other)")
            }
        }
        let start = (lines.firstIndex { $0.isEmpty } ?? 0) + 1
        let end = lines.firstIndex { $0.hasPrefix("USAGE:") } ?? lines.count
        let discussion = lines[start..<end]
        #expect(!discussion.isEmpty || command == "catalogue")
        for line in discussion { #expect(Self.columns(line) <= 80, "\(command): \(line)") }
        // Every example is one line (or continues with a backslash), whole.
        for (i, line) in discussion.enumerated() where line.hasPrefix("  groupprod") {
            let next = discussion.dropFirst(i + 1).first ?? ""
            #expect(line.hasSuffix("\\") || next.isEmpty || next.hasPrefix("  groupprod") || next.hasPrefix("  #"), "\(command): \(line) / \(next)")
        }
    }

    @Test func usageErrorsSpeakJapaneseAndSuggestTheCommand() throws {
        let typo = try Run("reprot", Run.sample("onsen-cp932"))
        #expect(typo.status == 64)
        #expect(typo.stderr.hasPrefix("「reprot」というコマンドはありません。もしかして: groupprod report\n"), "\(typo)")
        let typoEn = try Run("exprot", "x", "--lang", "en")
        #expect(typoEn.stderr.hasPrefix("groupprod has no command \"exprot\". Did you mean: groupprod export\n"), "\(typoEn)")
        let option = try Run("report", Run.sample("onsen-cp932"), "--formt", "json")
        #expect(option.status == 64)
        #expect(option.stderr.hasPrefix("使い方の誤り: 知らないオプションです（下の英文と --help を参照）\nError: Unknown option '--formt'. Did you mean '--format'?\n"), "\(option)")
        // The usage line under an error wraps by display width too, between whole options.
        let usage = try Run(["whatif", "x"], environment: ["COLUMNS": "80"])
        #expect(usage.status == 64)
        #expect(
            usage.stderr.hasSuffix(
                """
                Usage: groupprod whatif <path> [--period <period>] [--method <method>]
                         [--scenario <scenario>] [--set <set> ...] [--lang <lang>]
                         [--format <format>] [--output <output>] [--table <table>]
                         [--encoding <encoding>] [--force]
                  See 'groupprod whatif --help' for more information.

                """), "\(usage)")
        let english = try Run("report", "--lang", "en")
        #expect(english.stderr.hasPrefix("Error: Missing expected argument '<path>'\n"), "\(english)")
        #expect(try Run("--help").status == 0)
    }

    @Test func failOnRiskExitsThree() throws {
        #expect(try Run("report", Run.sample("onsen-cp932"), "--fail-on-risk").status == 3)
        #expect(try Run("report", Run.sample("shotengai-clears-5"), "--fail-on-risk").status == 0)
    }

    @Test func methodsDiffer() throws {
        let pooled = try Run("report", Run.sample("shotengai-clears-5"), "--method", "pooled", "--format", "json")
        let group = try #require(try pooled.json()["group"] as? [String: Any])
        #expect(group["method"] as? String == "pooled")
        let geometric = try Run("report", Run.sample("shotengai-clears-5"), "--method", "geometric", "--format", "json")
        #expect(((try geometric.json()["group"] as? [String: Any])?["method"] as? String) == "geometric")
    }

    @Test func inputErrorsAreAllListedWithExitOne() throws {
        let fixture = Run.repository.appendingPathComponent("Tests/GroupProductivityTests/Fixtures/bad-cells").path
        let run = try Run("report", fixture, "--lang", "en")
        #expect(run.status == 1, "\(run)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("bad-cells/figures.csv:3:4: error: operating_profit \"12x00\" is not a number"))
        #expect(run.stderr.contains("bad-cells/figures.csv:6:8: error: hours_per_employee \"9000\""))
        #expect(run.stderr.contains("11 input errors; no report was produced."), "\(run)")
        let ja = try Run("report", fixture)
        #expect(ja.stderr.contains("figures.csv:3:4: エラー: 「operating_profit」の「12x00」は数値として読めません"))
    }

    @Test func usageErrorsExitSixtyFour() throws {
        #expect(try Run("report").status == 64)
        #expect(try Run("report", Run.sample("onsen-cp932"), "--method", "median").status == 64)
        #expect(try Run("report", Run.sample("onsen-cp932"), "--lang", "fr").status == 64)
    }

    @Test func missingPathIsAnInputError() throws {
        let run = try Run("report", "/nonexistent/group")
        #expect(run.status == 1)
        #expect(run.stderr.contains("/nonexistent/group: エラー: ファイルまたはフォルダがありません"))
    }

    @Test func reportWritesNoFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("groupprod-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Run("report", Run.sample("shotengai-clears-5"), in: dir)
        #expect(run.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    /// `--format csv --encoding cp932`, written as it is made: the same text as the UTF-8 CSV,
    /// in CP932; and a name CP932 cannot hold is reported with nothing written, to a file or to
    /// standard output.
    @Test func cp932CSVIsTheUTF8TextAndAnUnencodableNameWritesNothing() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("groupprod-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let sample = Run.sample("asaichi-single-file.csv")
        #expect(try Run("report", sample, "--format", "csv", "--encoding", "cp932", "-o", dir.appendingPathComponent("a.csv").path).status == 0)
        #expect(try Run("report", sample, "--format", "csv", "-o", dir.appendingPathComponent("u.csv").path).status == 0)
        let cp932 = try Data(contentsOf: dir.appendingPathComponent("a.csv"))
        let utf8 = try Data(contentsOf: dir.appendingPathComponent("u.csv"))
        #expect(Array(utf8.prefix(3)) == [0xEF, 0xBB, 0xBF] && cp932.first != 0xEF)
        #expect(String(data: cp932, encoding: .shiftJIS) == String(decoding: utf8.dropFirst(3), as: UTF8.self))

        // 🍣 has no CP932 code: exit 1, the character named, no file and no output.
        let text = try String(contentsOfFile: sample, encoding: .utf8).replacingOccurrences(of: "港の朝市協同組合", with: "港の🍣協同組合")
        let group = dir.appendingPathComponent("sushi.csv").path
        try text.write(toFile: group, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("b.csv").path
        let toFile = try Run("report", group, "--format", "csv", "--encoding", "cp932", "-o", out)
        #expect(toFile.status == 1 && toFile.stderr.contains("🍣") && !FileManager.default.fileExists(atPath: out))
        let toPipe = try Run("report", group, "--format", "csv", "--encoding", "cp932")
        #expect(toPipe.status == 1 && toPipe.stderr.contains("🍣") && toPipe.stdout.isEmpty)
    }
}
