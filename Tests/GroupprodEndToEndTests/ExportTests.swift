import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A fresh folder per test under the system's temporary folder (left there, so a failing test's
/// files can be inspected; the folder name is in the failure output).
struct Workdir {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("groupprod-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func write(_ name: String, _ text: String) throws {
        let p = path(name)
        try FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: p))
    }
    func read(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }
    /// A copy of a sample group.
    func copySample(_ name: String, as target: String) throws {
        try FileManager.default.copyItem(atPath: Run.sample(name), toPath: path(target))
    }
}

@Suite("export and the one writer, end to end")
struct ExportTests {
    static let golden = Run.repository.appendingPathComponent("Tests/GroupprodEndToEndTests/Golden")

    /// Compares a whole output with its golden file; `GOLDEN_UPDATE=1 swift test` rewrites them
    /// (review the diff by hand before committing).
    static func expectGolden(_ name: String, _ text: String, _ run: Run) throws {
        let file = golden.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["GOLDEN_UPDATE"] == "1" {
            try Data(text.utf8).write(to: file)
            return
        }
        // Decoded by hand: Foundation drops a byte-order mark, and the BOM is part of what is compared.
        let expected = String(decoding: try Data(contentsOf: file), as: UTF8.self)
        #expect(text == expected, "\(name) differs from its golden file\n\(run)")
    }

    @Test(arguments: ["onsen-cp932", "supply-chain-prior-grant", "shotengai-clears-5", "asaichi-single-file.csv"])
    func markdownMatchesGolden(sample: String) throws {
        let run = try Run("export", Run.sample(sample), "--format", "md", "--as-of", "2026-11-21")
        #expect(run.status == 0, "\(run)")
        try Self.expectGolden("\(sample.replacingOccurrences(of: ".csv", with: "")).md", run.stdout, run)
    }

    /// What a person sees in an 80-column terminal, compared whole: the report of every sample (the
    /// calendar reckoned from a fixed day), the consultant commands, check, and the consultant
    /// commands' other formats.
    @Test(arguments: [
        ("report-onsen-cp932.txt", ["report", "onsen-cp932", "--as-of", "2026-11-21"]),
        ("report-onsen-cp932-overdue-en.txt", ["report", "onsen-cp932", "--as-of", "2027-02-03", "--lang", "en"]),
        ("report-supply-chain-prior-grant.txt", ["report", "supply-chain-prior-grant"]),
        ("report-shotengai-clears-5-en.txt", ["report", "shotengai-clears-5", "--as-of", "2026-11-21", "--lang", "en"]),
        ("report-asaichi-single-file.txt", ["report", "asaichi-single-file.csv"]),
        ("check-onsen-cp932.txt", ["check", "onsen-cp932", "--as-of", "2026-11-21"]),
        ("whatif-supply-chain.txt", ["whatif", "supply-chain-prior-grant", "--scenario", "scenarios/supply-chain-what-if.csv"]),
        (
            "whatif-supply-chain-period1.md",
            ["whatif", "supply-chain-prior-grant", "--scenario", "scenarios/supply-chain-what-if.csv", "--period", "1", "--format", "md"]
        ),
        ("target-supply-chain-grid.txt", ["target", "supply-chain-prior-grant", "--grid"]),
        ("target-onsen-geometric-en.txt", ["target", "onsen-cp932", "--method", "geometric", "--lang", "en"]),
        ("explain-onsen-cp932-en.txt", ["explain", "onsen-cp932", "--lang", "en"]),
        ("explain-shotengai-contributions.csv", ["explain", "shotengai-clears-5", "--format", "csv"]),
        ("portfolio-clients.txt", ["portfolio", "portfolio-clients.csv", "--as-of", "2026-11-21"]),
        ("portfolio-clients-en.csv", ["portfolio", "portfolio-clients.csv", "--as-of", "2026-11-21", "--format", "csv", "--lang", "en"]),
    ])
    func terminalAndConsultingOutputsMatchGolden(name: String, args: [String]) throws {
        // Sample paths are relative to SampleGroups/.
        let resolved = args.enumerated().map { i, a in
            i > 0 && (args[i - 1] == args[0] && i == 1 || args[i - 1] == "--scenario") ? Run.sample(a) : a
        }
        let run = try Run(resolved)
        #expect(run.status == 0, "\(run)")
        try Self.expectGolden(name, run.stdout.replacingOccurrences(of: Run.sample("") + "/", with: "SampleGroups/"), run)
    }

    /// The HTML page and the JSON of every sample, whole; in the JSON the record block's time and
    /// the checkout's path are replaced by fixed text first.
    @Test(arguments: ["onsen-cp932", "supply-chain-prior-grant", "shotengai-clears-5", "asaichi-single-file.csv"])
    func htmlAndJSONMatchGolden(sample: String) throws {
        let name = sample.replacingOccurrences(of: ".csv", with: "")
        let html = try Run("export", Run.sample(sample), "--format", "html", "--as-of", "2026-11-21")
        #expect(html.status == 0, "\(html)")
        try Self.expectGolden("\(name).html", html.stdout, html)
        let json = try Run("report", Run.sample(sample), "--format", "json", "--as-of", "2026-11-21")
        #expect(json.status == 0, "\(json)")
        let stable = json.stdout
            .replacingOccurrences(of: #""generated_at": "[^"]*""#, with: #""generated_at": "(time)""#, options: .regularExpression)
            .replacingOccurrences(of: Run.sample("") + "/", with: "SampleGroups/")
        try Self.expectGolden("\(name).json", stable, json)
    }

    @Test func membersCSVForExcelMatchesGolden() throws {
        let run = try Run("export", Run.sample("onsen-cp932"), "--format", "csv", "--table", "members", "--lang", "en")
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.hasPrefix("\u{FEFF}"), "UTF-8 with BOM for Excel")
        #expect(run.stdout.contains("\r\n"))
        try Self.expectGolden("onsen-cp932-members.csv", run.stdout, run)
    }

    @Test func neverOverwritesWithoutForceAndKeepsPermissions() throws {
        let dir = try Workdir()
        try dir.write("out.xlsx", "mine")
        let refused = try Run("export", Run.sample("onsen-cp932"), "--format", "xlsx", "-o", dir.path("out.xlsx"))
        #expect(refused.status == 1, "\(refused)")
        #expect(try dir.read("out.xlsx") == "mine")
        #expect(refused.stderr.contains("--force"))
        chmod(dir.path("out.xlsx"), 0o600)
        let forced = try Run("export", Run.sample("onsen-cp932"), "--format", "xlsx", "-o", dir.path("out.xlsx"), "--force")
        #expect(forced.status == 0, "\(forced)")
        let data = try Data(contentsOf: URL(fileURLWithPath: dir.path("out.xlsx")))
        #expect(data.prefix(2) == Data("PK".utf8), "an XLSX is a zip")
        var info = stat()
        stat(dir.path("out.xlsx"), &info)
        #expect(info.st_mode & 0o777 == 0o600, "a replaced file keeps its permissions")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.hasPrefix(".groupprod-") }
        #expect(leftovers.isEmpty)
    }

    /// JSON streams to a pipe and to `-o FILE` chunk by chunk; both are the same bytes, the file
    /// is written atomically (no temporary left), and an existing file is kept without --force.
    @Test func jsonStreamedToAFileEqualsStandardOutput() throws {
        let dir = try Workdir()
        for command in [["portfolio", Run.sample("portfolio-clients.csv")], ["report", Run.sample("shotengai-clears-5")]] {
            let out = dir.path(command[0] + ".json")
            let toStdout = try Run(command + ["--format", "json", "--as-of", "2026-11-21"])
            let toFile = try Run(command + ["--format", "json", "--as-of", "2026-11-21", "-o", out])
            #expect(toFile.stdout.isEmpty, "\(toFile)")
            let written = try dir.read(command[0] + ".json")
            let stamp = #/"generated_at": "[^"]*"/#
            #expect(written.replacing(stamp, with: "") == toStdout.stdout.replacing(stamp, with: ""))
            #expect(written.count > 1_000)
            let again = try Run(command + ["--format", "json", "-o", out])
            #expect(again.status == 1 && again.stderr.contains("--force"), "\(again)")
            #expect(try dir.read(command[0] + ".json") == written)
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.hasPrefix(".groupprod-") }
        #expect(leftovers.isEmpty)
    }

    /// JSON streamed into a full disk (`> /dev/full`) is an error with exit 1, not a cut document
    /// and success.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func jsonIntoAFullDiskFails() throws {
        let process = Process()
        process.executableURL = Run.binary
        process.arguments = ["report", Run.sample("shotengai-clears-5"), "--format", "json"]
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let err = Pipe()
        process.standardOutput = full
        process.standardError = err
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1, "\(message)")
        #expect(message.hasPrefix("-: ディスクの空き容量がありません"), "\(message)")
    }

    @Test func neverWritesThroughASymbolicLink() throws {
        let dir = try Workdir()
        try dir.write("elsewhere.html", "precious")
        try FileManager.default.createSymbolicLink(atPath: dir.path("link.html"), withDestinationPath: dir.path("elsewhere.html"))
        for force in [false, true] {
            var args = ["export", Run.sample("onsen-cp932"), "--format", "html", "-o", dir.path("link.html")]
            if force { args.append("--force") }
            let run = try Run(args)
            #expect(run.status == 1, "\(run)")
            #expect(try dir.read("elsewhere.html") == "precious")
        }
    }

    /// A folder, a named pipe or a device given as the output is never replaced, not even with
    /// `--force` (a file renamed over /dev/null would replace the device), and the message does not
    /// send the user to `--force`, which cannot help.
    @Test func aFolderAPipeOrADeviceIsNeverReplaced() throws {
        let dir = try Workdir()
        let folder = dir.path("out")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        let pipe = dir.path("out.fifo")
        try #require(mkfifo(pipe, 0o600) == 0)
        for target in [folder, pipe, "/dev/null"] {
            for force in [false, true] {
                var args = ["report", Run.sample("shotengai-clears-5"), "--format", "json", "-o", target]
                if force { args.append("--force") }
                let run = try Run(args)
                #expect(run.status == 1 && run.stdout.isEmpty, "\(run)")
                #expect(
                    run.stderr == "\(target): ファイルではありません（フォルダ・デバイス・名前付きパイプ）。置き換えないので、ファイルの名前を指定してください\n",
                    "\(run)")
            }
        }
        let english = try Run("report", Run.sample("shotengai-clears-5"), "--format", "csv", "-o", folder, "--lang", "en")
        #expect(english.stderr == "\(folder): not a file (a folder, a device or a named pipe), which is never replaced: give a file name\n", "\(english)")
        var info = stat()
        #expect(lstat("/dev/null", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR)
        #expect(lstat(pipe, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).sorted() == ["out", "out.fifo"])
    }

    /// SIGKILL at twelve points spread over a whole run: the output is always the old file (or
    /// absent) or the complete new one, never a part; the next run removes any temporary file the
    /// killed one left and says so.
    @Test func aKilledExportLeavesTheOldFileOrTheWholeNewOne() throws {
        let dir = try Workdir()
        try Self.fourHundredMembers(dir)
        let started = Date()
        let reference = try Run("export", dir.path("g"), "--format", "md", "-o", dir.path("ref.md"))
        let duration = Date().timeIntervalSince(started)
        #expect(reference.status == 0, "\(reference)")
        let complete = try dir.read("ref.md")
        for point in 0..<12 {
            let replacing = point % 2 == 0
            try? FileManager.default.removeItem(atPath: dir.path("out/r.md"))
            if replacing { try dir.write("out/r.md", "old") } else { try dir.write("out/.keep", "") }
            let process = Process()
            process.executableURL = Run.binary
            process.arguments = ["export", dir.path("g"), "--format", "md", "-o", dir.path("out/r.md")] + (replacing ? ["--force"] : [])
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: duration * Double(point) / 12)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let now = FileManager.default.contents(atPath: dir.path("out/r.md")).map { String(decoding: $0, as: UTF8.self) }
            #expect(now == complete || now == (replacing ? "old" : nil), "kill point \(point): \(now?.prefix(40) ?? "absent")")
        }
        let after = try Run("export", dir.path("g"), "--format", "md", "-o", dir.path("out/r.md"), "--force")
        #expect(after.status == 0, "\(after)")
        #expect(try dir.read("out/r.md") == complete)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path("out")).sorted() == [".keep", "r.md"])
    }

    /// A page of about 600 KB is written in pieces of 64 KiB as it is made: the file and the pipe
    /// get the same bytes, the page is whole, and each of the 400 members has its three rows in
    /// the members table, none lost or repeated at a piece's edge.
    @Test func aLargeHTMLPageIsWrittenWholeInPieces() throws {
        let dir = try Workdir()
        try Self.fourHundredMembers(dir)
        let piped = try Run("export", dir.path("g"), "--format", "html")
        #expect(piped.status == 0, "\(piped)")
        let file = try Run("export", dir.path("g"), "--format", "html", "-o", dir.path("r.html"))
        #expect(file.status == 0, "\(file)")
        let page = try dir.read("r.html")
        #expect(page == piped.stdout)
        #expect(page.utf8.count > 8 << 16)
        #expect(page.hasPrefix("<!DOCTYPE html>\n") && page.hasSuffix("</body>\n</html>\n"))
        var rows: [Substring: Int] = [:]
        for line in page.split(separator: "\n") where line.hasPrefix("<tr><td>M") {
            rows[line.prefix { $0 != "/" }, default: 0] += 1
        }
        for i in 1...400 { #expect(rows["<tr><td>M\(i)<"] == 3, "M\(i)") }
        #expect(rows.count == 400)
    }

    /// A workbook libxlsxwriter cannot make (here its temporary folder cannot be created) is an
    /// error in both languages, exit 1, and no file: never a workbook missing what it should hold.
    @Test func aWorkbookThatCannotBeMadeWritesNothing() throws {
        let dir = try Workdir()
        for (lang, words) in [("ja", "Excel ブックを作れませんでした"), ("en", "could not make the Excel workbook")] {
            let run = try Run(
                "export", Run.sample("onsen-cp932"), "--format", "xlsx", "-o", dir.path("r.xlsx"), "--lang", lang,
                environment: ["TMPDIR": dir.path("missing/folder")])
            #expect(run.status == 1, "\(run)")
            #expect(run.stderr.contains(words) && run.stderr.contains(dir.path("r.xlsx")), "\(run)")
            #expect(!FileManager.default.fileExists(atPath: dir.path("r.xlsx")))
        }
    }

    @Test func aStaleTemporaryFileIsRemovedAndReported() throws {
        let dir = try Workdir()
        // A temporary file of a process that no longer exists (PID 2^22 − 1 is above Linux's default pid_max).
        try dir.write(".groupprod-4194303-deadbeef.tmp", "half")
        let run = try Run("export", Run.sample("onsen-cp932"), "--format", "md", "-o", dir.path("r.md"))
        #expect(run.status == 0, "\(run)")
        #expect(!FileManager.default.fileExists(atPath: dir.path(".groupprod-4194303-deadbeef.tmp")))
        #expect(run.stderr.contains(".groupprod-4194303-deadbeef.tmp"))
    }

    /// A group `g` of 400 members M1…M400, each with three years of figures (large enough that
    /// its pages are written in several pieces and its export takes a moment).
    static func fourHundredMembers(_ dir: Workdir) throws {
        var roster = "事業者ID,事業者名,役割\n"
        var figures = "事業者ID,年度,種別,営業利益,人件費,減価償却費,従業員数,年間平均労働時間\n"
        for i in 1...400 {
            roster += "M\(i),事業者\(i),\(i == 1 ? "代表事業者" : "参画事業者")\n"
            for p in 0...2 { figures += "M\(i),\(p),実績,\(1_000_000 + i * 1000 + p * 50_000),10000000,500000,5,1800\n" }
        }
        try dir.write("g/members.csv", roster)
        try dir.write("g/figures.csv", figures)
    }

    /// A group whose member M2 is named with a formula and, when `control` is set, M3 with
    /// terminal escape sequences.
    static func hostileGroup(_ dir: Workdir, control: Bool = false) throws {
        var roster = "事業者ID,事業者名,役割,過去交付決定,ITツール利用\n"
        var figures = "事業者ID,年度,種別,営業利益,人件費,減価償却費,従業員数,年間平均労働時間\n"
        for i in 1...10 {
            let name = i == 2 ? "=HYPERLINK(\"http://x\",\"y\")" : i == 3 && control ? "悪\u{1B}]0;pwned\u{7}\u{1B}[2J店" : "店\(i)"
            roster += "M\(i),\"\(name.replacingOccurrences(of: "\"", with: "\"\""))\",\(i == 1 ? "代表事業者" : "参画事業者"),なし,あり\n"
            figures += "M\(i),0,実績,1000000,10000000,500000,5,1800\nM\(i),1,実績,1200000,10000000,500000,5,1800\n"
        }
        try dir.write("g/members.csv", roster)
        try dir.write("g/figures.csv", figures)
    }

    @Test func formulaInjectionIsNeutralisedAndReadsBack() throws {
        let dir = try Workdir()
        try Self.hostileGroup(dir)
        let csv = try Run("export", dir.path("g"), "--format", "csv", "--table", "members")
        #expect(csv.status == 0, "\(csv)")
        #expect(csv.stdout.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""), "\(csv.stdout)")
        #expect(!csv.stdout.contains(",=HYPERLINK"))
        // The tool's own files read back to the same name: collect into the group and report again.
        let template = try Run("template", dir.path("g"), "--member", "M2", "--output", dir.path("forms"))
        #expect(template.status == 0, "\(template)")
        let form = try FileManager.default.contentsOfDirectory(atPath: dir.path("forms"))
        #expect(form.count == 1)
        #expect(try dir.read("forms/\(form[0])").contains("'=HYPERLINK"))
        let check = try Run("check", dir.path("g"))
        #expect(check.status == 0, "\(check)")
    }

    @Test func controlCharactersInANameAreRefusedAndNeverReachTheTerminal() throws {
        let dir = try Workdir()
        try Self.hostileGroup(dir, control: true)
        for args in [["report", dir.path("g")], ["check", dir.path("g")], ["export", dir.path("g"), "--format", "md"]] {
            let run = try Run(args)
            #expect(run.status == 1, "\(run)")
            #expect(!run.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(args[0])")
            #expect(!run.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(args[0])")
        }
        let check = try Run("check", dir.path("g"), "--lang", "en")
        #expect(check.stdout.contains("members.csv:4:2: error: the name holds a control character (U+001B) [control_character]"), "\(check)")
        #expect(check.stdout.contains(" 4 | M3,\"悪\\u{1B}]0;pwned\\u{7}\\u{1B}[2J店\",参画事業者,なし,あり"), "\(check)")
    }

    @Test func controlCharactersInOtherTextAreShownVisibly() throws {
        let dir = try Workdir()
        try Self.hostileGroup(dir)
        try dir.write("g/グループ情報.csv", "補助事業名,公募年度\n\"悪\u{1B}]0;pwned\u{7}事業\",2024\n")
        for args in [["report", dir.path("g")], ["export", dir.path("g"), "--format", "md"], ["whatif", dir.path("g"), "--set", "M1:1:headcount:+1"]] {
            let run = try Run(args)
            #expect(run.status == 0, "\(run)")
            #expect(!run.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(args[0])")
            #expect(!run.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(args[0])")
        }
        let report = try Run("report", dir.path("g"))
        #expect(report.stdout.hasPrefix("補助事業: 悪\\u{1B}]0;pwned\\u{7}事業\n"), "\(report)")
    }

    @Test func explainBeforeYear1DoesNotCrash() throws {
        let dir = try ConsultingTests.planningGroup(targets: false)
        for command in ["explain", "target", "report"] {
            let run = try Run(command, dir.path("g"))
            #expect(run.status == 0, "\(run)")
        }
    }

    @Test func templateRefusesFileNameCollisionsAndWritesNothing() throws {
        let dir = try Workdir()
        var roster = "事業者ID,事業者名,役割\n"
        for i in 1...10 { roster += "\(i == 2 ? "M:1" : i == 3 ? "M*1" : "M\(i)"),店,\(i == 1 ? "代表事業者" : "参画事業者")\n" }
        try dir.write("g/members.csv", roster)
        let run = try Run("template", dir.path("g"))
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr.contains("M:1") && run.stderr.contains("M*1"))
        let written = (try? FileManager.default.contentsOfDirectory(atPath: dir.path("g/templates"))) ?? []
        #expect(written.isEmpty)
    }

    @Test func templateDoesNotFollowALinkedFolderUnlessNamed() throws {
        let dir = try Workdir()
        try dir.copySample("shotengai-clears-5", as: "g")
        try FileManager.default.createDirectory(atPath: dir.path("elsewhere"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir.path("g/templates"), withDestinationPath: dir.path("elsewhere"))
        let refused = try Run("template", dir.path("g"))
        #expect(refused.status == 1, "\(refused)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path("elsewhere")).isEmpty)
        let named = try Run("template", dir.path("g"), "--output", dir.path("g/templates"))
        #expect(named.status == 0, "\(named)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path("elsewhere")).count == 12)
    }
}

@Suite("collect under concurrency and with a person's additions")
struct CollectSafetyTests {
    /// A roster-only group and one returned file per member, each with its base row.
    static func group(_ dir: Workdir) throws {
        var roster = "事業者ID,事業者名,役割\n"
        for i in 1...10 {
            roster += "M\(i),店\(i),\(i == 1 ? "代表事業者" : "参画事業者")\n"
            try dir.write(
                "returned/M\(i).csv",
                "事業者ID,年度,種別,営業利益,人件費,減価償却費,従業員数,年間平均労働時間\nM\(i),0,実績,1000000,10000000,500000,5,1800\nM\(i),1,実績,1100000,10000000,500000,5,1800\n")
        }
        try dir.write("g/members.csv", roster)
    }

    /// 50 pairs of `collect` runs into one group at once (the issue's count): every row kept.
    @Test func concurrentCollectsLoseNoRows() async throws {
        for round in 0..<50 {
            let dir = try Workdir()
            try Self.group(dir)
            async let a = Run("collect", dir.path("g"), dir.path("returned/M1.csv"), dir.path("returned/M2.csv"))
            async let b = Run("collect", dir.path("g"), dir.path("returned/M3.csv"), dir.path("returned/M4.csv"))
            let (ra, rb) = try await (a, b)
            #expect(ra.status == 0 && rb.status == 0, "round \(round)\n\(ra)\n\(rb)")
            let lines = try dir.read("g/collected.csv").split(separator: "\r\n").dropFirst()
            #expect(lines.count == 8, "round \(round): \(lines.count) rows kept of 8")
        }
    }

    @Test func aColumnAPersonAddedIsNotDroppedSilently() throws {
        let dir = try Workdir()
        try Self.group(dir)
        let first = try Run("collect", dir.path("g"), dir.path("returned/M1.csv"))
        #expect(first.status == 0, "\(first)")
        // Someone opens collected.csv in Excel and adds a メモ column.
        let text = try dir.read("g/collected.csv")
        let edited = text.split(separator: "\r\n", omittingEmptySubsequences: false).enumerated().map { i, line in
            line.isEmpty ? "" : String(line) + (i == 0 ? ",メモ" : ",確認済み")
        }.joined(separator: "\r\n")
        try dir.write("g/collected.csv", edited)
        let refused = try Run("collect", dir.path("g"), dir.path("returned/M2.csv"))
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stderr.contains("メモ"))
        #expect(try dir.read("g/collected.csv") == edited)
        let forced = try Run("collect", dir.path("g"), dir.path("returned/M2.csv"), "--force")
        #expect(forced.status == 0, "\(forced)")
        #expect(try dir.read("g/collected.csv").contains("M2"))
    }
}

@Suite("hostile input, end to end")
struct HostileInputTests {
    static let roster = "member_id,name,role\n" + (1...10).map { "M\($0 < 10 ? "0" : "")\($0),n\($0),\($0 == 1 ? "representative" : "participant")\n" }.joined()

    /// 20,000 lines with a misplaced quote: every error is located at its cell (the 4th) and
    /// counted, five are shown in full and the rest summarised with their lines as a range.
    @Test func aFloodOfOneErrorIsSummarised() throws {
        let dir = try Workdir()
        try dir.write("g/members.csv", Self.roster)
        try dir.write(
            "g/figures.csv",
            "member_id,period,kind,operating_profit,labour_cost,depreciation,headcount,hours_per_employee\n"
                + String(repeating: "M01,0,actual,\"1\"x,1,1,1,1800\n", count: 20_000))
        let run = try Run("check", dir.path("g"), "--lang", "en")
        #expect(run.status == 1)
        let lines = run.stdout.components(separatedBy: "\n")
        #expect(lines.filter { $0.contains("[csv_bad_quote]") && $0.contains("figures.csv:") && $0.contains(":4: error") }.count == 5, "\(run)")
        #expect(lines.contains(dir.path("g/figures.csv") + ": 19995 more [csv_bad_quote] on lines 7–20001; --format json lists every one"), "\(run)")
        #expect(lines.contains("20000 errors, 0 warnings"), "\(run)")
        #expect(run.stdout.utf8.count < 4_000)
        let json = try Run("check", dir.path("g"), "--format", "json")
        let all = try #require(try json.json()["diagnostics"] as? [[String: Any]])
        #expect(all.count == 20_000)
        #expect(all.last?["line"] as? Int == 20_001 && all.last?["column"] as? Int == 4)
    }

    @Test func thousandsOfUnknownColumnsAreSummarised() throws {
        let dir = try Workdir()
        try dir.write("g/members.csv", Self.roster)
        let header =
            "member_id,period,kind,operating_profit,labour_cost,depreciation,headcount,hours_per_employee,"
            + (0..<4000).map { "x\($0)" }.joined(separator: ",")
        let rows = (1...10).map { "M\($0 < 10 ? "0" : "")\($0),0,actual,1000000,10000000,500000,5,1800," + String(repeating: ",", count: 3999) }
        try dir.write("g/figures.csv", header + "\n" + rows.joined(separator: "\n") + "\n")
        let run = try Run("check", dir.path("g"), "--lang", "en")
        #expect(run.status == 0, "\(run)")
        #expect(
            run.stdout.components(separatedBy: "\n").contains(
                dir.path("g/figures.csv") + ": 3995 more [unknown_column] on lines 1; --format json lists every one"), "\(run)")
        #expect(run.stdout.hasSuffix("0 errors, 4000 warnings\n"), "\(run)")
    }

    /// Ten million blank lines used to print one 89 MB warning: the lines are given as ranges.
    @Test func blankLinesAreGivenAsRanges() throws {
        let dir = try Workdir()
        try dir.write("g/members.csv", Self.roster)
        var figures = "member_id,period,kind,operating_profit,labour_cost,depreciation,headcount,hours_per_employee\n"
        for i in 1...10 { figures += "M\(i < 10 ? "0" : "")\(i),0,actual,1000000,10000000,500000,5,1800\n" + String(repeating: "\n", count: 30_000) }
        try dir.write("g/figures.csv", figures)
        let run = try Run("check", dir.path("g"), "--lang", "en")
        let warning = try #require(run.stdout.components(separatedBy: "\n").first { $0.contains("[blank_rows_skipped]") })
        #expect(
            warning.hasSuffix(
                "warning: blank rows were skipped (line 3–30002, 30004–60003, 60005–90004, 90006–120005, 120007–150006, 150008–180007, 180009–210008, 210010–240009, … (300000 lines in all)) [blank_rows_skipped]"
            ), "\(warning)")
    }

    /// A 300 MiB file (sparse: no disk used) is refused before it is read, naming the limit and
    /// how to split; a 2 MiB line is refused unparsed while the lines around it are read.
    @Test func limitsAreStatedAndEnforcedBeforeReading() throws {
        let dir = try Workdir()
        try dir.write("g/members.csv", Self.roster)
        try dir.write("g/figures.csv", "")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: dir.path("g/figures.csv")))
        try handle.truncate(atOffset: 300 << 20)
        try handle.close()
        let big = try Run("check", dir.path("g"), "--lang", "en")
        #expect(big.status == 1)
        #expect(big.stdout.contains("figures.csv: error: the file is 300 MiB, over the 256 MiB limit; it is not read [file_too_large]"), "\(big)")
        #expect(big.stdout.contains("fix: split it into one file per group, or per year"), "\(big)")

        let header = "member_id,period,kind,operating_profit,labour_cost,depreciation,headcount,hours_per_employee\n"
        let good = (1...10).map { "M\($0 < 10 ? "0" : "")\($0),0,actual,1000000,10000000,500000,5,1800\n" }
        try dir.write("g/figures.csv", header + good[0] + "M02,0,actual," + String(repeating: "9", count: 2 << 20) + ",1,1,1,1800\n" + good[1...].joined())
        let long = try Run("check", dir.path("g"), "--lang", "en", "--format", "json")
        let diagnostics = try #require(try long.json()["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.map { $0["code"] as? String } == ["line_too_long"], "\(long.stdout.prefix(600))")
        #expect(diagnostics.first?["line"] as? Int == 3)
        #expect(long.stdout.utf8.count < 2_000, "the 2 MiB value is not repeated in the output")
    }
}
