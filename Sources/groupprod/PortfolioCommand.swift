import ArgumentParser
import Foundation
import GroupPresentation
import GroupProductivity

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Groupprod {
    struct PortfolioCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "portfolio",
            abstract: "多数のグループを一覧で判定（公表リスクのあるものが先） / Judge many groups at once, at-risk first.",
            discussion: HelpText.reflow(
                """
                PATH はグループごとのフォルダを入れたフォルダか、グループID列（group_id）付きの1つの CSV です。
                CSV には名簿の列（事業者ID・事業者名・役割…）と数値の列を各行に入れます。公募年度・補助事業名の列は任意です。
                PATH is a folder of group folders, or one CSV with a group_id column beside the roster and
                figure columns on every row (optional edition and project_name columns).
                各グループは report と同じ処理で読み込み・判定します。エラーのあるグループも一覧に載せ、他は続けます。
                Each group is loaded and judged exactly as report does; a group with errors is listed and the others go on.

                終了コード / exit status: 0 every group read, 1 some group had input errors (all listed), 64 usage errors.

                例 / Examples:
                  groupprod portfolio SampleGroups
                  groupprod portfolio clients.csv --format csv -o portfolio.csv
                """)
        )

        @Argument(help: "グループのフォルダを入れたフォルダ、またはグループID列付きの CSV / a folder of group folders, or a combined CSV.")
        var path: String

        @OptionGroup var methodOption: MethodOption
        @OptionGroup var output: OutputOptions
        @OptionGroup var calendarOption: CalendarOption

        func run() throws {
            let terminal = Terminal()
            let words = Words(output.lang)
            let method = methodOption.method
            let day = calendarOption.day
            let reading = words.t("読み込み中", "reading")
            let bar = ProgressBar(label: reading)
            // A file not sorted by group fills the bar once, then again under a label that says why.
            var label = reading
            let again = words.t("グループ順でないため読み直し中", "reading again (not sorted by group)")
            // Only the JSON lists the files read with their SHA-256: other formats hash nothing.
            let result = Portfolio.read(
                path: path, method: method, asOf: day, progress: bar.callback.map { _ in { bar.update(label, $0, $1) } },
                readingAgain: { label = again }, recordInputs: output.format == .json)
            bar.finish()
            let diagnostics = result.diagnostics + result.groups.flatMap(\.diagnostics)
            printDiagnostics(diagnostics, language: output.lang, terminal: terminal)
            let rows = result.rows.sorted(by: PortfolioRow.atRiskFirst)
            let tables = PortfolioTables(rows: rows, asOf: day, method: method, words: words)
            let document = ReportDocument(heading: words.t("ポートフォリオ", "Portfolio") + ": " + path, tables: tables.all)
            try output.emit(
                document, terminal: terminal, defaultTable: "groups",
                table: { color, width in TerminalRenderer(words: words, color: color, width: width).render(document) },
                json: { PortfolioJSON().render(result, rows: rows, asOf: day, method: method) })
            let counts = PortfolioCounts(rows)
            terminal.error(
                words.t(
                    "\(counts.groups) グループ: 公表リスクあり \(counts.atRisk)、入力エラーあり \(counts.withErrors)\n",
                    "\(counts.groups) groups: \(counts.atRisk) at risk, \(counts.withErrors) with input errors\n"))
            if counts.withErrors > 0 || result.diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
        }
    }
}

/// A progress bar on standard error for work that takes more than a second, drawn only when
/// standard error is a terminal (never into a log or a pipe), and wiped when the work is done.
final class ProgressBar {
    private let label: String
    private let start = Date()
    private let enabled = isatty(STDERR_FILENO) == 1
    private var drawn = false
    private var lastPercent = -1
    private var lastLabel = ""

    init(label: String) { self.label = label }

    /// `update`, or nil when standard error is not a terminal: then no work is done to measure
    /// progress at all (counting a file's lines is a pass of its own).
    var callback: ((Int, Int) -> Void)? { enabled ? update : nil }

    func update(_ done: Int, _ total: Int) { update(label, done, total) }

    /// The bar under another label, for work done in steps (reading, then checking).
    func update(_ label: String, _ done: Int, _ total: Int) {
        guard enabled, total > 0, Date().timeIntervalSince(start) > 1 else { return }
        let percent = min(100, done * 100 / total)
        guard percent != lastPercent || label != lastLabel else { return }
        lastPercent = percent
        lastLabel = label
        let filled = percent * 30 / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: 30 - filled)
        FileHandle.standardError.write(Data("\r\u{1B}[K\(label) [\(bar)] \(percent)%".utf8))
        drawn = true
    }

    /// Wipes the bar, so that other output starts on a clean line; a later `update` draws it again.
    func finish() {
        guard drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        drawn = false
        lastPercent = -1
    }

    /// `update` under `label`, or nil when standard error is not a terminal.
    func step(_ label: String) -> ((Int, Int) -> Void)? {
        enabled ? { [self] done, total in update(label, done, total) } : nil
    }
}
