import ArgumentParser
import GroupPresentation
import GroupProductivity

extension Groupprod {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "入力を検査してすべての誤りと警告を表示 / Check a group's files and list every error and warning.",
            discussion: HelpText.reflow(
                """
                各問題を「ファイル:行:列: エラー|警告: 内容」、該当行の抜粋と列の下の ^、直し方の順に表示します。
                Each problem is shown as file:line:column, the line with a caret under the cell, and how to fix it.
                終了コード / exit status: 0 clean, 1 errors (or warnings with --strict), 64 usage errors.

                例 / Examples:
                  groupprod check SampleGroups/onsen-cp932
                  groupprod check my-group --strict --lang en
                  groupprod check my-group --format json
                """)
        )

        @OptionGroup var input: GroupInput

        @Flag(name: .long, help: "警告も失敗扱い（終了コード 1）/ exit 1 on warnings too.")
        var strict = false

        @OptionGroup var language: LanguageOption

        @Option(name: .long, help: "出力形式 / output format: table (default) or json.")
        var format: CheckFormat = .table

        @OptionGroup var calendarOption: CalendarOption

        enum CheckFormat: String, ExpressibleByArgument, CaseIterable { case table, json }

        func run() throws {
            let terminal = Terminal()
            let lang = language.lang
            let loaded = input.load(language: lang)
            // Reports not sent count as warnings: they are the first cause of publication.
            var missing: [MissingReport] = []
            var names: [MemberID: String] = [:]
            if let group = loaded.group {
                // Which years are reported and who is missing are the same in a report of
                // verdicts only, which works out no member's growth or plan comparisons.
                let report = GroupReport(group: group, detail: .verdicts)
                missing = report.missingReports(calendar: calendarOption.calendar(settings: loaded.settings, report: report))
                // Names only of the members listed: all of a 300,000-member group's raised `check`'s
                // peak by about 31 MB (127,516-128,896 KiB against 96,928) to name none.
                let listed = Set(missing.map(\.member))
                if !listed.isEmpty {
                    names = Dictionary(
                        group.members.lazy.filter { listed.contains($0.id) }.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
                }
            }
            let errors = loaded.errors.count
            let warnings = loaded.warnings.count + missing.count
            let words = Words(lang)
            switch format {
            case .json:
                terminal.printData(DiagnosticJSON(language: lang).render(loaded.diagnostics, missingReports: missing))
            case .table:
                let renderer = DiagnosticRenderer(language: lang, color: terminal.stdoutColor, sources: SourceLines())
                terminal.print(renderer.render(loaded.diagnostics))
                if !missing.isEmpty {
                    terminal.print(words.t("未提出の報告（公表の最大の原因です）:", "Reports not sent (the first cause of publication):") + "\n")
                    for m in missing { terminal.print("  - " + words.missingReport(m, name: names[m.member] ?? "") + "\n") }
                }
                terminal.print(
                    lang == .ja
                        ? "エラー \(errors) 件、警告 \(warnings) 件\(errors + warnings == 0 ? "（問題なし）" : "")\n"
                        : "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\(errors + warnings == 0 ? " (clean)" : "")\n"
                )
            }
            if errors > 0 || (strict && warnings > 0) { throw ExitCode(1) }
        }
    }
}
