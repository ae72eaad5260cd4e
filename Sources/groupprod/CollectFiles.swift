import ArgumentParser
import Foundation
import GroupPresentation
import GroupProductivity
import GroupWorkflows
import SafeFiles

extension Groupprod {
    struct CollectFiles: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "collect",
            abstract: "返送された構成員のファイルをグループに取り込む / Bring returned member files into a group.",
            discussion: HelpText.reflow(
                """
                各ファイルを検査し、誤りのあるファイルは（すべての誤りを示して）取り込みません。正しい行はグループの
                collected.csv に追加します。既にある値と違う値は「旧 → 新」で示し、--replace がなければ変更しません。
                書き込みは一時ファイルと rename で行うため、中断してもグループは元のままです。
                Each file is checked; files with errors are refused (all errors listed); good rows are merged into
                the group's collected.csv. A value that differs from the one held is shown old → new and changes
                only with --replace. Writes are atomic. Exit status: 0 all taken, 1 refusals or conflicts left.

                例 / Examples:
                  groupprod collect my-group returned/S01.csv returned/S02.csv
                  groupprod collect my-group returned/S03.csv --replace
                """)
        )

        @Argument(help: "グループのフォルダ / group folder.")
        var group: String

        @Argument(help: "返送されたファイル / returned files.")
        var files: [String]

        @Flag(name: .long, help: "既存の値と違う値で置き換える / replace values that differ from those held.")
        var replace = false

        @Flag(name: .long, help: "collected.csv に手で加えた列・行を捨てて書き直す / rewrite collected.csv even if it drops columns or rows a person added.")
        var force = false

        @OptionGroup var language: LanguageOption

        func validate() throws {
            if files.isEmpty { throw ValidationError("取り込むファイルを指定してください / name at least one file to collect") }
        }

        func run() throws {
            let terminal = Terminal()
            let lang = language.lang
            let t = { (ja: String, en: String) in lang == .ja ? ja : en }
            let words = Words(lang)
            let lock: GroupLock
            do {
                lock = try GroupLock(folder: group) {
                    terminal.error(
                        t(
                            "別の groupprod がこのグループに書き込み中です。終わるまで待ちます…\n",
                            "another groupprod run is writing into this group; waiting for it to finish…\n"))
                }
            } catch {
                terminal.error(words.writeError(error) + "\n")
                throw ExitCode(1)
            }
            defer { withExtendedLifetime(lock) {} }
            reportStaleTemporaries(in: group, words: words, terminal: terminal)
            switch Collect.run(group: group, files: files, replace: replace, force: force) {
            case .failure(.wouldDropAdditions(let found)):
                printDiagnostics(found, language: lang, terminal: terminal)
                terminal.error(
                    t(
                        "collected.csv には手で加えた内容（上記）があり、書き直すと失われます。別のファイルに移すか、--force で捨てて書き直してください。何も変更していません。\n",
                        "collected.csv holds what a person added (above), which a rewrite would drop; move it to another file, or use --force to drop it. Nothing was changed.\n"
                    ))
                throw ExitCode(1)
            case .failure(.group(let errors)):
                printDiagnostics(errors, language: lang, terminal: terminal)
                terminal.error(
                    t(
                        "グループ自体に誤りがあるため取り込めません。先に直してください。\n",
                        "the group itself has errors; fix them before collecting.\n"))
                throw ExitCode(1)
            case .failure(.write(let error)):
                terminal.error(words.writeError(error) + "\n")
                throw ExitCode(1)
            case .success(let outcome):
                for refused in outcome.refused {
                    printDiagnostics(refused.errors, language: lang, terminal: terminal)
                    terminal.error(
                        t(
                            "\(refused.file): 誤りが \(refused.errors.count) 件あるため取り込みませんでした\n",
                            "\(refused.file): refused, \(refused.errors.count) error(s)\n"))
                }
                printDiagnostics(outcome.warnings, language: lang, terminal: terminal)
                for conflict in outcome.conflicts {
                    terminal.error(
                        ConflictText.describe(conflict, language: lang)
                            + t("  （--replace で新しい値に置き換えます）\n", "  (use --replace to take the new value)\n"))
                }
                for conflict in outcome.blocked {
                    terminal.error(
                        ConflictText.describe(conflict, language: lang)
                            + t(
                                "  旧い値は \(conflict.old.source.file):\(conflict.old.source.line) にあり、ツールが管理するファイルではないため置き換えられません。そのファイルを直すか、グループのフォルダから外してください\n",
                                "  the old value is in \(conflict.old.source.file):\(conflict.old.source.line), a file the tool does not manage; edit it or move it out of the group folder\n"
                            ))
                }
                for conflict in outcome.replaced {
                    terminal.print(t("置換: ", "replaced: ") + ConflictText.describe(conflict, language: lang))
                }
                terminal.print(
                    t(
                        "追加 \(outcome.added.count) 行、同じ値 \(outcome.unchanged.count) 行、置換 \(outcome.replaced.count) 行、未解決の相違 \(outcome.conflicts.count + outcome.blocked.count) 行、取込拒否 \(outcome.refused.count) ファイル\n",
                        "added \(outcome.added.count) rows, unchanged \(outcome.unchanged.count), replaced \(outcome.replaced.count), unresolved differences \(outcome.conflicts.count + outcome.blocked.count), refused \(outcome.refused.count) file(s)\n"
                    ))
                if let written = outcome.written { terminal.print(t("書き込み: ", "written: ") + written + "\n") }
                if !outcome.clean { throw ExitCode(1) }
            }
        }
    }
}

enum ConflictText {
    /// `M01 1年度目 実績: 営業利益 2,250,000 → 2,300,000 (旧 a.csv:3 / 新 b.csv:4)`, changed fields only.
    static func describe(_ c: Conflict, language: Language) -> String {
        let fields: [(Column, Rational, Rational)] = [
            (.operatingProfit, c.old.operatingProfit, c.new.operatingProfit), (.labourCost, c.old.labourCost, c.new.labourCost),
            (.depreciation, c.old.depreciation, c.new.depreciation), (.headcount, c.old.headcount, c.new.headcount),
            (.hoursPerEmployee, c.old.hoursPerEmployee, c.new.hoursPerEmployee),
        ]
        var changes = fields.filter { $0.1 != $0.2 }.map { "\($0.0.displayName(language)) \(NumberFormat.exact($0.1)) → \(NumberFormat.exact($0.2))" }
        if c.old.shortfallReason != c.new.shortfallReason {
            changes.append("\(Column.shortfallReason.displayName(language)) 「\(c.old.shortfallReason ?? "")」 → 「\(c.new.shortfallReason ?? "")」")
        }
        let kind = language == .ja ? (c.key.kind == .actual ? "実績" : "目標") : c.key.kind.rawValue
        let from = "\((c.old.source.file as NSString).lastPathComponent):\(c.old.source.line)"
        let to = "\((c.new.source.file as NSString).lastPathComponent):\(c.new.source.line)"
        return "\(c.key.member) \(PeriodText.name(c.key.period, language)) \(kind): " + changes.joined(separator: ", ")
            + (language == .ja ? "（旧 \(from) / 新 \(to)）\n" : " (old \(from) / new \(to))\n")
    }
}
