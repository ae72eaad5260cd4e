import ArgumentParser
import Foundation
import GroupPresentation
import GroupProductivity

extension Groupprod {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "グループの労働生産性・年平均成長率・判定・公表リスクを表示 / Report productivity, growth, verdict and risks.",
            discussion: HelpText.reflow(
                """
                PATH はグループのフォルダ（members.csv と数値の CSV）か、名簿列を含む1つの CSV です。
                PATH is a group folder (members.csv plus figure CSVs) or one CSV carrying the roster columns.

                終了コード / exit status: 0 report produced (at risk or not), 1 input errors (all listed),
                3 at risk with --fail-on-risk, 64 usage errors.

                例 / Examples:
                  groupprod report SampleGroups/shotengai-clears-5
                  groupprod report SampleGroups/supply-chain-prior-grant --format json
                  groupprod report SampleGroups/onsen-cp932 --lang en --fail-on-risk
                """)
        )

        @OptionGroup var input: GroupInput

        @OptionGroup var methodOption: MethodOption
        var method: GroupMethod { methodOption.method }

        @Flag(name: .long, help: "公表リスクがあれば終了コード 3 / exit 3 when the group is at risk of publication.")
        var failOnRisk = false

        @OptionGroup var output: OutputOptions
        @OptionGroup var calendarOption: CalendarOption

        func run() throws {
            let bar = ProgressBar(label: Words(output.lang).t("読み込み中", "reading"))
            defer { bar.finish() }
            let terminal = Terminal(progress: bar)
            // Only the JSON's record block lists the files read with their SHA-256: other formats hash nothing.
            let loaded = input.load(language: output.lang, bar: bar, recordInputs: output.format == .json)
            printDiagnostics(loaded.diagnostics, language: output.lang, terminal: terminal)
            guard let group = loaded.group else {
                let count = loaded.errors.count
                terminal.error(
                    output.lang == .ja
                        ? "入力エラーが \(count) 件あるため、レポートを作成できません。\n"
                        : "\(count) input error\(count == 1 ? "" : "s"); no report was produced.\n")
                throw ExitCode(1)
            }
            let report = GroupReport(group: group, method: method, progress: bar.step(Words(output.lang).t("計算中", "computing")))
            let calendar = calendarOption.calendar(settings: loaded.settings, report: report)
            try emitReport(loaded: loaded, group: group, report: report, calendar: calendar, output: output.emitter, terminal: terminal)
            if failOnRisk && report.publicationRisk(calendar: calendar) { throw ExitCode(3) }
        }
    }
}

/// The report in any format: the terminal layout, JSON (schema v2 with the record block), and the
/// table model's Markdown, CSV, HTML (with charts) and XLSX (with live formulas and a chart).
func emitReport(
    loaded: LoadResult, group: Group, report: GroupReport, calendar: ReportCalendar?, output: Emitter,
    terminal: Terminal, defaultTable: String = "members"
) throws {
    let words = Words(output.lang)
    // Built only for the formats made from the table model (each closure below runs at most once).
    // A large group's tables take seconds to write (HTML, XLSX, CSV, Markdown): a bar meanwhile.
    let writing = terminal.progress?.step(words.t("書き出し中", "writing")).map(RowProgress.init)
    let tables = { ReportTables(report: report, settings: loaded.settings, calendar: calendar, words: words, progress: writing) }
    let heading = loaded.settings?.projectName ?? report.groupName
    let record = ExportRecord(
        toolVersion: Groupprod.configuration.version, generatedAt: Date(), inputs: loaded.inputs,
        settings: loaded.settings, warnings: loaded.warnings)
    try output.emit(
        ReportDocument(heading: heading, tables: tables().all), terminal: terminal, defaultTable: defaultTable,
        table: { color, width in
            TableRenderer(language: output.lang, color: color, width: width)
                .render(report, settings: loaded.settings, calendar: calendar, warnings: loaded.warnings.count)
        },
        json: {
            var renderer = JSONRenderer(language: output.lang, record: record)
            renderer.progress = terminal.progress?.step(words.t("書き出し中", "writing"))
            return renderer.render(report, calendar: calendar)
        },
        html: { piece in
            HTMLRenderer(words: words).write(report, tables: tables(), heading: heading, attribution: Attribution(group: group, method: report.method), piece)
        },
        xlsx: { try XLSXRenderer(words: words).workbook(report, tables: tables()) },
        tableLines: { color, width, emit in
            TableRenderer(language: output.lang, color: color, width: width)
                .write(report, settings: loaded.settings, calendar: calendar, warnings: loaded.warnings.count, emit)
        })
}
