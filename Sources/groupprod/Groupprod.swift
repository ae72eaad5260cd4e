import ArgumentParser
import GroupProductivity

@main
struct Groupprod: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groupprod",
        abstract: "複数社連携IT導入枠の労働生産性を集計し、公表リスクを判定します / Group labour productivity for the IT導入補助金 multi-company frame.",
        discussion: """
            例 / Examples:
              groupprod report SampleGroups/shotengai-clears-5
              groupprod report SampleGroups/onsen-cp932 --lang en
              groupprod report group-folder --format json --method geometric
            """,
        version: "0.1.0",
        subcommands: [Report.self]
    )
}

extension Language: ExpressibleByArgument {}
extension GroupMethod: ExpressibleByArgument {}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case json
}

/// Options every command that shows results takes.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "出力言語 / output language: ja (default) or en.")
    var lang: Language = .ja

    @Option(name: .long, help: "出力形式 / output format: table (default) or json.")
    var format: OutputFormat = .table
}
