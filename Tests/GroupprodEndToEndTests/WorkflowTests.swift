import Foundation
import Testing

/// The representative's workflow through the binary: template → members fill in → collect → check → report.
@Suite("groupprod check, template, collect end to end")
struct WorkflowTests {
    static func workspace() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("groupprod-wf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("group"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: Run.sample("shotengai-clears-5") + "/members.csv",
            toPath: dir.appendingPathComponent("group/members.csv").path)
        return dir
    }

    @Test func checkIsCleanOnSamplesAndStrictFailsOnWarnings() throws {
        let clean = try Run("check", Run.sample("supply-chain-prior-grant"), "--strict")
        #expect(clean.status == 0, "\(clean)")
        #expect(clean.stdout.contains("エラー 0 件、警告 0 件（問題なし）"))
        let warned = Run.repository.appendingPathComponent("Tests/GroupProductivityTests/Fixtures/diagnostics/hours_unusual").path
        #expect(try Run("check", warned).status == 0)
        let strict = try Run("check", warned, "--strict", "--lang", "en")
        #expect(strict.status == 1, "\(strict)")
        #expect(strict.stdout.contains("hours_unusual/figures.csv:3: warning: member \"M02\" base actual: 160 hours"))
    }

    @Test func checkShowsTheLineAndACaretUnderTheCell() throws {
        let fixture = Run.repository.appendingPathComponent("Tests/GroupProductivityTests/Fixtures/bad-cells").path
        let run = try Run("check", fixture, "--lang", "en")
        #expect(run.status == 1)
        let lines = run.stdout.components(separatedBy: "\n")
        let at = try #require(
            lines.firstIndex {
                $0.hasSuffix(
                    "bad-cells/figures.csv:3:4: error: operating_profit \"12x00\" is not a number: contains \"x\", which is not part of a number [not_a_number]"
                )
            })
        #expect(lines[at + 1] == " 3 | A,1,actual,12x00,12000000,500000,5,1800")
        #expect(lines[at + 2] == "   |            ^^^^^")
        // 11 errors (ImporterTests lists them) and one warning: the fixture's roster has 2 members.
        #expect(run.stdout.hasSuffix("11 errors, 1 warning\n"))
    }

    @Test func checkAsJSON() throws {
        let fixture = Run.repository.appendingPathComponent("Tests/GroupProductivityTests/Fixtures/diagnostics/not_a_number").path
        let run = try Run("check", fixture, "--format", "json", "--lang", "en")
        #expect(run.status == 1)
        let root = try run.json()
        #expect(root["errors"] as? Int == 1)
        let d = try #require((root["diagnostics"] as? [[String: Any]])?.first)
        #expect(d["code"] as? String == "not_a_number")
        #expect(d["line"] as? Int == 3)
        #expect(d["column"] as? Int == 4)
        #expect(d["raw_value"] as? String == "12O0")
        #expect(d["column_name"] as? String == "operating_profit")
    }

    @Test func templateThenCollectThenReport() throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let group = dir.appendingPathComponent("group").path
        let made = try Run("template", group, "--encoding", "cp932")
        #expect(made.status == 0, "\(made)")
        #expect(made.stdout.components(separatedBy: "\n").filter { $0.hasSuffix(".csv") }.count == 12)
        // A second run refuses to overwrite anything, and says so for every file.
        let again = try Run("template", group)
        #expect(again.status == 1)
        #expect(again.stderr.components(separatedBy: "\n").filter { $0.contains("--force") }.count == 12)

        // The members' returned files are the sample's per-member files.
        let returned = try FileManager.default.contentsOfDirectory(atPath: Run.sample("shotengai-clears-5"))
            .filter { $0.hasPrefix("S") }.sorted().map { Run.sample("shotengai-clears-5") + "/" + $0 }
        let collected = try Run(["collect", group] + returned)
        #expect(collected.status == 0, "\(collected)")
        // S00: 3 rows, S01: 3 actual + 2 target, S02–S11: 3 each = 38.
        #expect(collected.stdout.contains("追加 38 行"))
        // The collected group reports exactly as the sample does.
        let report = try Run("report", group, "--format", "json")
        let groupJSON = try #require(try report.json()["group"] as? [String: Any])
        let periods = try #require(groupJSON["periods"] as? [[String: Any]])
        #expect(periods[2]["cagr_official"] as? Double == 0.066)
        #expect(groupJSON["verdict"] as? String == "meets")
    }

    @Test func collectShowsConflictsAndRefusesBadFiles() throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let group = dir.appendingPathComponent("group").path
        let original = Run.sample("shotengai-clears-5") + "/S02_魚辰鮮魚店.csv"
        #expect(try Run("collect", group, original).status == 0)
        let collectedPath = group + "/collected.csv"
        let before = try Data(contentsOf: URL(fileURLWithPath: collectedPath))

        let changed = dir.appendingPathComponent("S02-corrected.csv").path
        let text = try String(contentsOfFile: original, encoding: .utf8).replacingOccurrences(of: "\"1,500,000\"", with: "\"1,550,000\"")
        try text.write(toFile: changed, atomically: true, encoding: .utf8)
        let broken = dir.appendingPathComponent("S03-broken.csv").path
        try "事業者ID,年度,営業利益,人件費,減価償却費,従業員数,年間平均労働時間\nS03,0,abc,1,1,1,1800\n".write(toFile: broken, atomically: true, encoding: .utf8)

        let held = try Run("collect", group, changed, broken, "--lang", "en")
        #expect(held.status == 1, "\(held)")
        #expect(held.stderr.contains("S02 year 1 actual: operating_profit 1,500,000 → 1,550,000"), "\(held)")
        #expect(held.stderr.contains("(use --replace to take the new value)"))
        #expect(held.stderr.contains("S03-broken.csv: refused, 1 error(s)"))
        #expect(held.stderr.contains("S03-broken.csv:2:3: error: 営業利益 \"abc\" is not a number"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: collectedPath)) == before, "nothing changes without --replace")

        let taken = try Run("collect", group, changed, "--replace", "--lang", "en")
        #expect(taken.status == 0, "\(taken)")
        #expect(taken.stdout.contains("replaced 1"))
        let after = try String(contentsOfFile: collectedPath, encoding: .utf8)
        #expect(after.contains("S02,魚辰鮮魚店,1年度目,実績,1550000,"))
        #expect(after.contains("S02-corrected.csv:3"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: group).sorted() == ["collected.csv", "members.csv"])
    }

    @Test func collectNeedsFiles() throws {
        #expect(try Run("collect", "somewhere").status == 64)
    }
}
