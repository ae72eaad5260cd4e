import ArgumentParser
import Foundation
import GroupProductivity

extension Groupprod {
    struct Template: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "構成員に送る記入用 CSV を作成 / Write the blank input file to send to each member.",
            discussion: """
                名簿の構成員ごとに1ファイル（--member で1者）を書きます。事業者ID・事業者名は記入済み、事業実施前・
                1年度目・2年度目の実績と目標の行つき。既定は Excel がそのまま開ける UTF-8（BOM付き）。
                既存のファイルは --force がなければ上書きしません。
                One file per roster member (or one with --member), ID and name filled in, rows for the base and
                years 1 and 2 (actual and target). UTF-8 with BOM by default; CP932 with --encoding cp932.

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
            let lang = language.lang
            let loaded = GroupLoader.load(path: group, requireFigures: false)
            printDiagnostics(loaded.diagnostics, language: lang, terminal: terminal)
            guard let roster = loaded.group else { throw ExitCode(1) }
            var members = roster.members
            if let wanted = member {
                let folded = wanted.precomposedStringWithCompatibilityMapping
                members = members.filter { $0.id == folded }
                if members.isEmpty {
                    terminal.error(lang == .ja ? "事業者ID「\(wanted)」は名簿にありません\n" : "member \"\(wanted)\" is not on the roster\n")
                    throw ExitCode(1)
                }
            }
            let folder = output ?? (group as NSString).appendingPathComponent("templates")
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let files = members.map { (member: $0, path: (folder as NSString).appendingPathComponent(CanonicalCSV.templateFileName($0))) }
            // All or nothing: say every file that is in the way before writing any.
            let existing = files.filter { FileManager.default.fileExists(atPath: $0.path) }
            if !force && !existing.isEmpty {
                for file in existing {
                    terminal.error(lang == .ja ? "\(file.path): 既にあります（上書きするには --force）\n"
                                               : "\(file.path): exists (use --force to overwrite)\n")
                }
                throw ExitCode(1)
            }
            for file in files {
                do {
                    let data = try encoding.encode(CanonicalCSV.template(for: file.member, group: roster), path: file.path)
                    try AtomicFile.write(data, to: file.path, overwrite: force)
                    terminal.print(file.path + "\n")
                } catch {
                    terminal.error("\(error.path): \(error.message.text(lang))\n")
                    throw ExitCode(1)
                }
            }
        }
    }
}
