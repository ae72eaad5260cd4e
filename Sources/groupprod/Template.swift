import ArgumentParser
import Foundation
import GroupPresentation
import GroupProductivity
import GroupWorkflows
import SafeFiles

extension Groupprod {
    struct Template: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "template",
            abstract: "構成員に送る記入用の様式を作成 / Write the form to send to each member.",
            discussion: HelpText.reflow(
                """
                名簿の構成員ごとに1ファイル（--member で1者）を書きます。事業者ID・事業者名は記入済み、事業実施前・
                1年度目・2年度目の実績と目標の行つき。グループにある数値は記入済みです。
                --format xlsx: Excel ブック。ID・年度の欄は保護、数値の欄は入力規則つき、記入方法のシートつき。
                --format csv（既定）: Excel がそのまま開ける UTF-8（BOM付き）、--encoding cp932 で Shift_JIS。
                --unit 千円 で金額を千円単位に（見出しに表示）。
                すべてを書くか、何も書かないかのどちらかです。既存のファイルは --force がなければ上書きしません。
                One file per roster member (or one with --member), ID and name filled in, rows for the base and
                years 1 and 2 (actual and target), figures the group holds prefilled. --format xlsx writes
                Excel workbooks with locked ID cells, data validation on every figure and an instruction
                sheet; csv (default) is UTF-8 with BOM, or CP932 with --encoding cp932. The set is written
                all or nothing.

                例 / Examples:
                  groupprod template my-group --format xlsx
                  groupprod template my-group --member S03 --encoding cp932 --output outbox
                """)
        )

        @Argument(help: "グループのフォルダ / group folder.")
        var group: String

        @Option(name: .long, help: "この事業者IDの分だけ / only this member ID.")
        var member: String?

        @Option(name: .long, help: "形式 / format: csv (default) or xlsx.")
        var format: Templates.Format = .csv

        @Option(name: .long, help: "金額の単位 / money unit: 円 (default) or 千円 (yen, thousand).")
        var unit: FormUnit = .yen

        @Option(name: .long, help: "CSV の文字コード / CSV encoding: utf8 (default, with BOM) or cp932.")
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
            switch Templates.plan(group: roster, member: member, folder: folder, encoding: encoding, format: format, unit: unit.moneyUnit) {
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
            let numeric = Templates.numericLookingIDs(roster.members)
            if format == .csv && !numeric.isEmpty { terminal.error(words.numericIDs(numeric) + "\n") }
        }
    }
}

extension Templates.Format: ExpressibleByArgument {}

/// The money unit a form asks for.
enum FormUnit: String, ExpressibleByArgument, CaseIterable {
    case yen
    case thousand

    init?(argument: String) {
        switch argument {
        case "yen", "円": self = .yen
        case "thousand", "千円": self = .thousand
        default: return nil
        }
    }

    var moneyUnit: MoneyUnit { self == .yen ? .yen : .thousandYen }
}

/// Removes temporary files a killed run left in `folder`, and says so.
func reportStaleTemporaries(in folder: String, words: Words, terminal: Terminal) {
    for path in OutputFile.removeStaleTemporaries(in: folder) {
        terminal.error(
            words.t("前回中断された書き込みの一時ファイルを削除しました: ", "removed a temporary file left by an interrupted run: ")
                + path + "\n")
    }
}
