import Foundation
import Testing

/// A named pipe or a device where a file is expected is named and never read: opening a pipe
/// that nothing writes to used to wait for ever (`report`, `portfolio` and `check` on a group
/// folder holding one), /dev/zero was read until memory ran out, and a pipe's bytes, read once,
/// were recorded in the JSON as an empty file.
@Suite("Named pipes and devices are reported, never waited on")
struct SpecialFileTests {
    static let japanese =
        ": エラー: 通常のファイルではない（名前付きパイプ・デバイス・ソケットなど）ため読み込みません [file_unreadable]\n"
        + "  対処: 内容をファイル（CSV かブック）に保存して、そのファイルを指定してください\n"

    /// A copy of a sample group in a fresh folder, with a named pipe `extra.csv` among its files.
    /// Should the binary wait on the pipe, a writer comes after 20 seconds and goes at once, so
    /// that the read ends (as an empty file) and the test fails instead of hanging.
    final class GroupWithPipe {
        let root: URL
        let group: URL
        let pipe: String
        let watchdog: DispatchWorkItem

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("groupprod-pipe-\(UUID().uuidString)")
            group = root.appendingPathComponent("g1")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: Run.sample("shotengai-clears-5"), toPath: group.path)
            pipe = group.appendingPathComponent("extra.csv").path
            try #require(mkfifo(pipe, 0o600) == 0)
            let pipe = pipe
            watchdog = DispatchWorkItem {
                for _ in 0..<100 {
                    let fd = open(pipe, O_WRONLY | O_NONBLOCK)
                    if fd >= 0 { close(fd) }
                    usleep(100_000)
                }
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + 20, execute: watchdog)
        }

        deinit {
            watchdog.cancel()
            try? FileManager.default.removeItem(at: root)
        }
    }

    @Test func aPipeInAGroupFolderIsNamedAndTheReportFails() throws {
        let folder = try GroupWithPipe()
        let report = try Run("report", folder.group.path)
        #expect(report.status == 1 && report.stdout.isEmpty, "\(report)")
        #expect(report.stderr == folder.pipe + Self.japanese + "入力エラーが 1 件あるため、レポートを作成できません。\n", "\(report)")
        // `check`'s findings are its output.
        let check = try Run("check", folder.group.path)
        #expect(check.status == 1 && check.stderr.isEmpty, "\(check)")
        #expect(check.stdout == folder.pipe + Self.japanese + "エラー 1 件、警告 0 件\n", "\(check)")
    }

    @Test func aPipeInAPortfolioFolderFailsOnlyItsGroup() throws {
        let folder = try GroupWithPipe()
        try FileManager.default.copyItem(atPath: Run.sample("shotengai-clears-5"), toPath: folder.root.appendingPathComponent("g2").path)
        let run = try Run("portfolio", folder.root.path, "--format", "csv", "--as-of", "2026-11-23")
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr == folder.pipe + Self.japanese + "2 グループ: 公表リスクあり 1、入力エラーあり 1\n", "\(run)")
        // g1 has an input error and no figures; g2, the same sample whole, is judged as the oracle
        // has it (official CAGRs 6.5% and 6.6% against 5%).
        let name = "みどり通り商店街 キャッシュレス・在庫連携事業"
        #expect(
            run.stdout
                == "\u{FEFF}ID,補助事業名,構成員,目標,1年度目,2年度目,判定,リスク,残日数\r\n"
                + "g1,\(name),,,,,エラー,入力エラー,\r\n"
                + "g2,\(name),12,0.05,0.065,0.066,達成,,\r\n", "\(run)")
    }

    @Test func aPipeOrADeviceGivenAsTheFileIsAnInputError() throws {
        let folder = try GroupWithPipe()
        let report = try Run("report", folder.pipe, "--format", "json")
        #expect(report.status == 1 && report.stdout.isEmpty, "\(report)")
        #expect(report.stderr == folder.pipe + Self.japanese + "入力エラーが 1 件あるため、レポートを作成できません。\n", "\(report)")
        let device = try Run("report", "/dev/null", "--lang", "en")
        #expect(device.status == 1 && device.stdout.isEmpty, "\(device)")
        #expect(
            device.stderr
                == "/dev/null: error: not a regular file (a named pipe, a device or a socket); not read [file_unreadable]\n"
                + "  fix: save its contents to a file (CSV or workbook) and give that file\n"
                + "1 input error; no report was produced.\n", "\(device)")
        let portfolio = try Run("portfolio", folder.pipe)
        #expect(portfolio.status == 1, "\(portfolio)")
        #expect(portfolio.stderr.hasPrefix(folder.pipe + Self.japanese), "\(portfolio)")
        let scenario = try Run("whatif", Run.sample("shotengai-clears-5"), "--scenario", folder.pipe)
        #expect(scenario.status == 1 && scenario.stderr == folder.pipe + Self.japanese, "\(scenario)")
    }
}
