import ArgumentParser
import Foundation
import GroupPresentation
import GroupProductivity
import GroupWorkflows
import SafeFiles

extension Groupprod {
    struct Template: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "構成員に送る記入用 CSV を作成 / Write the blank input file to send to each member.",
            discussion: """
                名簿の構成員ごとに1ファイル（--member で1者）を書きます。事業者ID・事業者名は記入済み、事業実施前・
                1年度目・2年度目の実績と目標の行つき。既定は Excel がそのまま開ける UTF-8（BOM付き）。
                すべてを書くか、何も書かないかのどちらかです。既存のファイルは --force がなければ上書きしません。
                One file per roster member (or one with --member), ID and name filled in, rows for the base and
                years 1 and 2 (actual and target). UTF-8 with BOM by default; CP932 with --encoding cp932.
                The set is written all or nothing.

                例 / Examples:
                  groupprod template my-group
                  groupprod template my-group --member S03 --encoding cp932 --output outbox
                """
        )

        @Argument(help: "グループのフォルダ / group folder.")
        var group: String

        @Option(name: .long, help: "この事業者IDの分だけ / only this member ID.")
        var member: String?

        @Option(name: .long, help: "文字コード / encoding: utf8 (default, with BOM) or cp932.")
        var encoding: OutputEncoding = .utf8

        @Option(name: [.short, .long], help: "出力フォルダ / output folder (default: GROUP/templates).")
        var output: String?

        @Flag(name: .long, help: "既存のファイルを上書き / overwrite existing files.")
        var force = false

        @OptionGroup var language: LanguageOption

        func run() throws {
            let terminal = Terminal()
            let words = Words(language.lang)
            let loaded = GroupLoader.load(path: group, requireFigures: false)
            printDiagnostics(loaded.diagnostics, language: language.lang, terminal: terminal)
            guard let roster = loaded.group else { throw ExitCode(1) }
            let folder: String
            switch output.map({ Result<String, Templates.Problem>.success($0) }) ?? Templates.defaultFolder(group: group) {
            case .success(let f): folder = f
            case .failure(let problem):
                terminal.error(words.templateProblem(problem) + "\n")
                throw ExitCode(1)
            }
            let items: [OutputFile.Item]
            switch Templates.plan(group: roster, member: member, folder: folder, encoding: encoding) {
            case .success(let planned): items = planned
            case .failure(let problem):
                terminal.error(words.templateProblem(problem) + "\n")
                throw ExitCode(1)
            }
            // All or nothing: say every file that is in the way before writing any.
            let existing = items.filter { FileManager.default.fileExists(atPath: $0.path) }
            if !force && !existing.isEmpty {
                for file in existing { terminal.error(words.writeError(WriteError(path: file.path, cause: .exists)) + "\n") }
                throw ExitCode(1)
            }
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                terminal.error(words.writeError(WriteError(path: folder, cause: .noSuchFolder)) + "\n")
                throw ExitCode(1)
            }
            reportStaleTemporaries(in: folder, words: words, terminal: terminal)
            do {
                try OutputFile.write(items, overwrite: force)
            } catch {
                terminal.error(words.writeError(error) + "\n")
                throw ExitCode(1)
            }
            for item in items { terminal.print(item.path + "\n") }
        }
    }
}

/// Removes temporary files a killed run left in `folder`, and says so.
func reportStaleTemporaries(in folder: String, words: Words, terminal: Terminal) {
    for path in OutputFile.removeStaleTemporaries(in: folder) {
        terminal.error(words.t("前回中断された書き込みの一時ファイルを削除しました: ", "removed a temporary file left by an interrupted run: ")
                       + path + "\n")
    }
}
