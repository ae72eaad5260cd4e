import ArgumentParser
import Foundation
import GroupPresentation
import GroupProductivity
import SafeFiles

/// Every format of the report's table model.
enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
    case xlsx, csv, html, md, json
}

/// Tables `--format csv` can write.
enum ExportTable: String, ExpressibleByArgument, CaseIterable {
    case members, group, risks, plans, summary, calendar
}

extension Groupprod {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "レポートを Excel・CSV・HTML・Markdown・JSON で書き出す / Export the report as XLSX, CSV, HTML, Markdown or JSON.",
            discussion: HelpText.reflow(
                """
                xlsx: サマリー・構成員（申請マイページの順）・グループ算出（公式計算ツールと同じ式）・計画と実績・リスク。
                csv: Excel 用（UTF-8 BOM付き・CRLF、--encoding cp932 で Shift_JIS）。--table で members / group / risks / plans / summary / calendar。
                html: 1ファイルで完結（判定・リスク・表・グラフ、A4 で印刷可）。md: メールや Wiki に貼れる表。json: docs/report.schema.json。
                -o がなければ標準出力へ（xlsx は -o が必要）。既存のファイルは --force がなければ上書きしません。
                Writes are atomic and never follow a symbolic link at the output path.

                例 / Examples:
                  groupprod export SampleGroups/onsen-cp932 --format xlsx -o onsen.xlsx
                  groupprod export my-group --format csv --table members --encoding cp932 \\
                    -o 構成員.csv
                  groupprod export SampleGroups/shotengai-clears-5 --format html -o summary.html
                """)
        )

        @OptionGroup var input: GroupInput

        @Option(name: .long, help: "形式 / format: xlsx, csv, html, md, json.")
        var format: ExportFormat

        @Option(name: [.short, .customLong("output")], help: "出力ファイル / output file (default: standard output; required for xlsx).")
        var output: String?

        @Option(name: .long, help: "CSV の表 / CSV table: members (default), group, risks, plans, summary, calendar.")
        var table: ExportTable = .members

        @Option(name: .long, help: "CSV の文字コード / CSV encoding: utf8 (default, with BOM) or cp932.")
        var encoding: OutputEncoding = .utf8

        @OptionGroup var methodOption: MethodOption
        var method: GroupMethod { methodOption.method }

        @Flag(name: .long, help: "既存のファイルを上書き / overwrite an existing file.")
        var force = false

        @OptionGroup var language: LanguageOption
        @OptionGroup var calendarOption: CalendarOption

        func validate() throws {
            if format == .xlsx && output == nil {
                throw ValidationError("xlsx は -o でファイル名を指定してください / xlsx needs -o FILE")
            }
        }

        func run() throws {
            let bar = ProgressBar(label: Words(language.lang).t("読み込み中", "reading"))
            defer { bar.finish() }
            let terminal = Terminal(progress: bar)
            // Only the JSON's record block lists the files read with their SHA-256: other formats hash nothing.
            let loaded = input.load(language: language.lang, bar: bar, recordInputs: format == .json)
            printDiagnostics(loaded.diagnostics, language: language.lang, terminal: terminal)
            guard let group = loaded.group else { throw ExitCode(1) }
            let report = GroupReport(group: group, method: method, progress: bar.step(Words(language.lang).t("計算中", "computing")))
            let emitter = Emitter(
                format: OutputFormat(rawValue: format.rawValue) ?? .json, output: output, table: table.rawValue,
                encoding: encoding, force: force, lang: language.lang)
            try emitReport(
                loaded: loaded, group: group, report: report, calendar: calendarOption.calendar(settings: loaded.settings, report: report),
                output: emitter, terminal: terminal)
        }
    }
}
