import ArgumentParser
import CMallocTuning
import GroupPresentation
import GroupProductivity

@main
struct Groupprod: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groupprod",
        abstract: "複数社連携IT導入枠の労働生産性を集計し、公表リスクを判定します / Group labour productivity for the IT導入補助金 multi-company frame.",
        discussion: HelpText.reflow(
            """
            例 / Examples:
              groupprod report SampleGroups/shotengai-clears-5
              groupprod report SampleGroups/onsen-cp932 --lang en
              groupprod check SampleGroups/onsen-cp932 --strict
              groupprod template my-group --encoding cp932
              groupprod collect my-group returned/*.csv
              groupprod export SampleGroups/onsen-cp932 --format xlsx -o onsen.xlsx
            """),
        version: "0.3.0",
        // Every command names itself: argument-parser otherwise derives the name from the type's
        // name, found by the runtime (String(describing:) on the type), at every start.
        subcommands: [
            Report.self, Check.self, PortfolioCommand.self, Export.self, Template.self, CollectFiles.self, WhatIf.self, Target.self, Explain.self,
            Catalogue.self,
        ]
    )

    /// Parses and runs as argument-parser does, but says usage errors in Japanese too (English
    /// with `--lang en`) and suggests the command a typo was meant to be.
    static func main() {
        #if os(Linux)
            // Large blocks (a large group's roster and figure columns) each in memory of their
            // own, given back to the system when freed. By default glibc raises this threshold
            // each time such a block is freed, up to 32 MiB, and blocks below it come from the
            // heap, which keeps what was freed: a 300,000-member report's peak was 187 MB without
            // this and 179 MB with it.
            mallopt(M_MMAP_THRESHOLD, 256 * 1024)
            // Freed memory at the top of a thread's heap is kept up to 4 MiB instead of glibc's
            // 128 KiB: a portfolio judges its groups on worker threads, and each group's blocks,
            // freed, went back to the system (1,139-2,164 madvise calls for the bench's 3,000 groups,
            // each interrupting the other core to flush its address cache) only to be faulted in
            // again, zeroed, for the next group.
            mallopt(M_TRIM_THRESHOLD, 4 << 20)
        #endif
        FileChangeGuard.install()
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            if exitCode(for: error) == .success {
                // Help is laid out by display width here: the parser counts characters, which
                // lets a Japanese line run to twice the terminal's width.
                let message = fullMessage(for: error, columns: 100_000)
                guard message.hasPrefix("OVERVIEW:") || message.hasPrefix("USAGE:") else { exit(withError: error) }
                Terminal().print(HelpText.fit(message, width: HelpText.screenWidth()) + "\n")
                exit(withError: ExitCode.success)
            }
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            let english = !arguments.contains("--lang=ja") && zip(arguments, arguments.dropFirst()).contains { $0 == "--lang" && $1 == "en" }
            let usage = UsageError(
                arguments: arguments, message: HelpText.fit(fullMessage(for: error, columns: 100_000), width: HelpText.screenWidth()),
                commands: configuration.subcommands.compactMap { $0.configuration.commandName ?? String(describing: $0).lowercased() })
            Terminal().error(usage.text(english: english))
            exit(withError: ExitCode.validationFailure)
        }
    }
}

/// A usage error in the user's language, with the command a typo was probably meant to be.
struct UsageError {
    var arguments: [String]
    var message: String
    var commands: [String]

    /// The subcommand closest to a first argument that is none, within two edits.
    var suggestion: String? {
        guard let first = arguments.first, !first.hasPrefix("-"), !commands.contains(first) else { return nil }
        let scored = commands.map { ($0, Self.distance(first.lowercased(), $0)) }.filter { $0.1 <= 2 }
        return scored.min { $0.1 < $1.1 }?.0
    }

    func text(english: Bool) -> String {
        var lines: [String] = []
        if let suggestion, let first = arguments.first {
            lines.append(
                english
                    ? "groupprod has no command \"\(first)\". Did you mean: groupprod \(suggestion)"
                    : "「\(first)」というコマンドはありません。もしかして: groupprod \(suggestion)")
        } else if !english && !message.unicodeScalars.contains(where: { (0x3040...0x9FFF).contains($0.value) }) {
            lines.append("使い方の誤り: " + Self.japanese(message))
        }
        lines.append(message)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The argument parser's commonest messages in Japanese; anything else is named as a usage error.
    static func japanese(_ message: String) -> String {
        let first = message.split(separator: "\n").first.map(String.init) ?? message
        if first.contains("Unknown option") { return "知らないオプションです（下の英文と --help を参照）" }
        if first.contains("Missing expected argument") { return "必要な引数がありません（グループのフォルダなど）" }
        if first.contains("unexpected argument") { return "余分な引数があります" }
        if first.contains("Missing value for") { return "オプションの値がありません" }
        if first.contains("The value") && first.contains("is invalid") { return "オプションの値が正しくありません" }
        return "下の英文を参照してください"
    }

    /// Levenshtein distance: small strings only.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}

extension Language: ExpressibleByArgument {}
extension GroupMethod: ExpressibleByArgument {}
extension OutputEncoding: ExpressibleByArgument {}

/// The group a command reads: a folder or a single CSV file.
struct GroupInput: ParsableArguments {
    @Argument(help: "グループのフォルダまたは CSV / group folder or CSV file.")
    var path: String

    /// Loads the group, with a progress bar on standard error while a large group is read and
    /// checked: `bar` when the command goes on with it (computing, writing), else one of its own.
    /// `recordInputs`: hash the files for the record block (only the JSON shows it).
    func load(language: Language, requireFigures: Bool = true, bar given: ProgressBar? = nil, recordInputs: Bool = false) -> LoadResult {
        let words = Words(language)
        let bar = given ?? ProgressBar(label: words.t("読み込み中", "reading"))
        defer { if given == nil { bar.finish() } }
        let labels = (reading: words.t("読み込み中", "reading"), checking: words.t("確認中", "checking"))
        return GroupLoader.load(
            path: path, requireFigures: requireFigures,
            progress: bar.callback.map { _ in
                { step, done, total in bar.update(step == .reading ? labels.reading : labels.checking, done, total) }
            }, recordInputs: recordInputs)
    }
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
        commandName: "catalogue",
        abstract: "入力エラー・警告の一覧を Markdown で表示 / Print the diagnostics catalogue as Markdown.")

    func run() throws {
        Terminal().print(DiagnosticCatalogue.markdown)
    }
}
