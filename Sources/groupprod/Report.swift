import ArgumentParser
import Foundation
import GroupPresentation
import GroupProductivity

extension Groupprod {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "グループの労働生産性・年平均成長率・判定・公表リスクを表示 / Report productivity, growth, verdict and risks.",
            discussion: """
                PATH はグループのフォルダ（members.csv と数値の CSV）か、名簿列を含む1つの CSV です。
                PATH is a group folder (members.csv plus figure CSVs) or one CSV carrying the roster columns.

                終了コード / exit status: 0 report produced (at risk or not), 1 input errors (all listed),
                3 at risk with --fail-on-risk, 64 usage errors.

                例 / Examples:
                  groupprod report SampleGroups/shotengai-clears-5
                  groupprod report SampleGroups/supply-chain-prior-grant --format json
                  groupprod report SampleGroups/onsen-cp932 --lang en --fail-on-risk
                """
        )

        @OptionGroup var input: GroupInput

        @OptionGroup var methodOption: MethodOption
        var method: GroupMethod { methodOption.method }

        @Flag(name: .long, help: "公表リスクがあれば終了コード 3 / exit 3 when the group is at risk of publication.")
        var failOnRisk = false

        @OptionGroup var output: OutputOptions

        func run() throws {
            let terminal = Terminal()
            let loaded = GroupLoader.load(path: input.path)
            printDiagnostics(loaded.diagnostics, language: output.lang, terminal: terminal)
            guard let group = loaded.group else {
                let count = loaded.errors.count
                terminal.error(output.lang == .ja
                    ? "入力エラーが \(count) 件あるため、レポートを作成できません。\n"
                    : "\(count) input error\(count == 1 ? "" : "s"); no report was produced.\n")
                throw ExitCode(1)
            }
            let report = GroupReport(group: group, method: method)
            switch output.format {
            case .table:
                terminal.print(TableRenderer(language: output.lang, color: terminal.stdoutColor).render(report))
            case .json:
                terminal.printData(JSONRenderer(language: output.lang).render(report))
            }
            if failOnRisk && report.publicationRisk { throw ExitCode(3) }
        }
    }
}
