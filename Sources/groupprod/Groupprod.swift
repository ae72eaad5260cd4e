import ArgumentParser
import GroupPresentation
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
              groupprod check SampleGroups/onsen-cp932 --strict
              groupprod template my-group --encoding cp932
              groupprod collect my-group returned/*.csv
              groupprod export SampleGroups/onsen-cp932 --format xlsx -o onsen.xlsx
            """,
        version: "0.3.0",
        subcommands: [Report.self, Check.self, Export.self, Template.self, CollectFiles.self, WhatIf.self, Target.self, Explain.self, Catalogue.self]
    )
}

extension Language: ExpressibleByArgument {}
extension GroupMethod: ExpressibleByArgument {}
extension OutputEncoding: ExpressibleByArgument {}

/// The group a command reads: a folder or a single CSV file.
struct GroupInput: ParsableArguments {
    @Argument(help: "グループのフォルダまたは CSV / group folder or CSV file.")
    var path: String
}

/// The group method, for every command that computes the group's productivity.
struct MethodOption: ParsableArguments {
    @Option(name: .long, help: "グループの算出方法 / group method: mean (official, default), geometric, pooled.")
    var method: GroupMethod = .mean
}

/// The language option every command takes.
struct LanguageOption: ParsableArguments {
    @Option(name: .long, help: "出力言語 / output language: ja (default) or en.")
    var lang: Language = .ja
}

/// Prints input diagnostics on stderr with excerpts, in the chosen language.
func printDiagnostics(_ diagnostics: [Diagnostic], language: Language, terminal: Terminal) {
    guard !diagnostics.isEmpty else { return }
    let renderer = DiagnosticRenderer(language: language, color: terminal.stderrColor, sources: SourceLines())
    terminal.error(renderer.render(diagnostics))
}

/// Prints the diagnostics catalogue as Markdown (docs/diagnostics.md is its output).
struct Catalogue: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "入力エラー・警告の一覧を Markdown で表示 / Print the diagnostics catalogue as Markdown.")

    func run() throws {
        Terminal().print(DiagnosticCatalogue.markdown)
    }
}
