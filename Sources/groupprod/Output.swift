import ArgumentParser
import Foundation
import GroupPresentation
import GroupProductivity
import SafeFiles

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Every format a command's result can take.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, md, csv, html, xlsx
}

/// Options of every command that prints a result: language, format, and where it goes.
struct OutputOptions: ParsableArguments {
    @OptionGroup var language: LanguageOption
    var lang: Language { language.lang }

    @Option(name: .long, help: "出力形式 / output format: table (default), json, md, csv, html, xlsx.")
    var format: OutputFormat = .table

    @Option(name: [.short, .customLong("output")], help: "出力ファイル / output file (default: standard output; required for xlsx).")
    var output: String?

    @Option(name: .long, help: "CSV にする表 / the table --format csv writes (its id; the error lists them).")
    var table: String?

    @Option(name: .long, help: "CSV の文字コード / CSV encoding: utf8 (default, with BOM) or cp932.")
    var encoding: OutputEncoding = .utf8

    @Flag(name: .long, help: "既存のファイルを上書き / overwrite an existing output file.")
    var force = false

    func validate() throws {
        if format == .xlsx && output == nil {
            throw ValidationError("xlsx は -o でファイル名を指定してください / xlsx needs -o FILE")
        }
    }

    var emitter: Emitter { Emitter(format: format, output: output, table: table, encoding: encoding, force: force, lang: lang) }

    func emit(
        _ document: @autoclosure () -> ReportDocument, terminal: Terminal, defaultTable: String? = nil,
        table terminalText: (_ color: Bool, _ width: Int) -> String, json: () -> JSONOutput,
        html: ((_ piece: (String) -> Void) -> Void)? = nil, xlsx: (() throws -> XLSXFile)? = nil
    ) throws {
        try emitter.emit(document(), terminal: terminal, defaultTable: defaultTable, table: terminalText, json: json, html: html, xlsx: xlsx)
    }
}

/// Where a result goes and in which form: from `OutputOptions`, or from `export`'s own options.
struct Emitter {
    var format: OutputFormat
    var output: String?
    var table: String?
    var encoding: OutputEncoding
    var force: Bool
    var lang: Language

    /// Renders `document` in the chosen format and delivers it: standard output, or `-o FILE`
    /// through the one atomic, no-clobber writer. The terminal layout and JSON are the command's;
    /// the report passes its own HTML and XLSX (with charts and live formulas). The table model is
    /// built only for the formats made from it: a large group's JSON never holds it.
    func emit(
        _ document: @autoclosure () -> ReportDocument, terminal: Terminal, defaultTable: String? = nil,
        table terminalText: (_ color: Bool, _ width: Int) -> String, json: () -> JSONOutput,
        html: ((_ piece: (String) -> Void) -> Void)? = nil, xlsx: (() throws -> XLSXFile)? = nil,
        tableLines: ((_ color: Bool, _ width: Int, _ emit: (String) -> Void) -> Void)? = nil
    ) throws {
        let words = Words(lang)
        let data: Data
        do {
            switch format {
            case .table:
                if let tableLines {
                    // Made a line at a time and printed (or written) in pieces of about 64 KiB:
                    // a large group's layout is never held whole.
                    func pieces(_ color: Bool, _ width: Int, _ take: (String) -> Void) {
                        var piece = ""
                        tableLines(color, width) { line in
                            piece += line
                            if piece.utf8.count >= 1 << 16 {
                                take(piece)
                                piece = ""
                            }
                        }
                        take(piece)
                    }
                    guard output != nil else {
                        pieces(terminal.stdoutColor, terminal.width) { terminal.print($0) }
                        return
                    }
                    try deliver(
                        terminal: terminal, words: words, whole: { terminalText(false, 80) },
                        streaming: { write in
                            pieces(false, 80) { piece in
                                var piece = piece
                                piece.withUTF8 { write(UnsafeRawBufferPointer($0)) }
                            }
                        })
                    return
                }
                if output == nil {
                    terminal.print(terminalText(terminal.stdoutColor, terminal.width))
                    return
                }
                data = Data(terminalText(false, 80).utf8)
            case .json:
                try deliver(json(), terminal: terminal, words: words)
                return
            case .md:
                let document = document()
                let renderer = MarkdownRenderer(words: words)
                try deliver(
                    terminal: terminal, words: words, whole: { renderer.render(document.tables, heading: document.heading) },
                    streaming: { write in
                        renderer.write(document.tables, heading: document.heading) { piece in
                            var piece = piece
                            piece.withUTF8 { write(UnsafeRawBufferPointer($0)) }
                        }
                    })
                return
            case .html:
                // Written in pieces as it is made (the report's page has every member in its
                // charts and tables); whole only for a terminal.
                let write: ((String) -> Void) -> Void
                if let html {
                    write = html
                } else {
                    let document = document()
                    write = { HTMLRenderer(words: words).write(document, $0) }
                }
                try deliver(
                    terminal: terminal, words: words,
                    whole: {
                        var page = ""
                        write { page += $0 }
                        return page
                    },
                    streaming: { bytes in
                        write { piece in
                            var piece = piece
                            piece.withUTF8 { bytes(UnsafeRawBufferPointer($0)) }
                        }
                    })
                return
            case .xlsx:
                // Read from libxlsxwriter's file into the output in pieces, never held whole.
                let book = try xlsx?() ?? XLSXRenderer(words: words).workbook(document())
                try deliver(terminal: terminal, words: words, producingOrFailing: book.write)
                return
            case .csv:
                let document = document()
                let id = table ?? defaultTable ?? document.tables.first?.id ?? ""
                guard let chosen = document.table(id) else {
                    let ids = document.tables.map(\.id).joined(separator: ", ")
                    terminal.error(
                        words.t(
                            "表「\(id)」はありません。--table に指定できるのは: \(ids)",
                            "there is no table \"\(id)\"; --table takes one of: \(ids)") + "\n")
                    throw ExitCode(64)
                }
                let renderer = CSVTableRenderer(words: words)
                if encoding == .cp932 {
                    // Every piece is checked first, so that a character CP932 lacks is reported
                    // before anything is written (the first one, as converting the whole text
                    // names it), then converted as it is written: held whole, a 300,000-member
                    // table took 2,128,332 KiB in CP932.
                    var failure: UnencodableCharacter?
                    var fits = Set<Character>()
                    renderer.write(chosen) { piece in
                        guard failure == nil else { return }
                        do throws(UnencodableCharacter) { try encoding.check(piece, fits: &fits) } catch { failure = error }
                    }
                    if let failure { throw failure }
                }
                // UTF-8 after its BOM, or CP932 (checked above), as it is made. Checked, CP932
                // converts every piece; were one ever to fail, it is said, never left out silently.
                var lost: UnencodableCharacter?
                try deliver(
                    terminal: terminal, words: words, whole: { String(decoding: try encoding.encode(renderer.render(chosen)), as: UTF8.self) },
                    streaming: { write in
                        if encoding == .utf8 { [UInt8]([0xEF, 0xBB, 0xBF]).withUnsafeBytes(write) }
                        renderer.write(chosen) { piece in
                            if encoding == .utf8 {
                                var piece = piece
                                piece.withUTF8 { write(UnsafeRawBufferPointer($0)) }
                            } else if lost == nil {
                                do throws(UnencodableCharacter) {
                                    try encoding.encode(piece).withUnsafeBytes(write)
                                } catch {
                                    lost = error
                                }
                            }
                        }
                    })
                if let lost {
                    terminal.error(
                        words.t(
                            "\(output ?? "-"): 文字「\(lost.character)」を CP932 に変換できず、出力は途中で終わっています",
                            "\(output ?? "-"): the character \"\(lost.character)\" could not be converted to CP932; the output stops short")
                            + "\n")
                    throw ExitCode(1)
                }
                return
            }
        } catch let error as UnencodableCharacter {
            terminal.error(words.unencodable(error, path: output ?? "-") + "\n")
            throw ExitCode(1)
        } catch let error as WorkbookError {
            terminal.error(
                words.t(
                    "\(output ?? "-"): Excel ブックを作れませんでした（\(error.detail)）。何も書き込んでいません。CSV か JSON で書き出してください",
                    "\(output ?? "-"): could not make the Excel workbook (\(error.detail)); nothing was written. Export as CSV or JSON instead")
                    + "\n")
            throw ExitCode(1)
        }
        try deliver(data, terminal: terminal, words: words)
    }

    /// Standard output (bytes as they are into a pipe; made printable on a terminal), or the file.
    func deliver(_ data: Data, terminal: Terminal, words: Words) throws {
        guard output != nil else {
            terminal.printData(String(decoding: data, as: UTF8.self))
            return
        }
        try deliver(terminal: terminal, words: words) { write in data.withUnsafeBytes(write) }
    }

    /// JSON as it is encoded: into a pipe or the file chunk by chunk, never held whole; to a
    /// terminal whole, made printable first.
    func deliver(_ json: JSONOutput, terminal: Terminal, words: Words) throws {
        try deliver(
            terminal: terminal, words: words, whole: { json.text },
            streaming: { write in withoutActuallyEscaping(write) { write in json.write { chunk in chunk.withUnsafeBytes(write) } } })
    }

    /// A document made in pieces: into a pipe or the file piece by piece, never held whole; to a
    /// terminal whole (`whole`), made printable first.
    func deliver(
        terminal: Terminal, words: Words, whole: () throws -> String, streaming stream: (_ write: (UnsafeRawBufferPointer) -> Void) -> Void
    ) throws {
        guard output != nil else {
            if isatty(STDOUT_FILENO) == 1 {
                terminal.printData(try whole())
            } else {
                // A closed pipe ends the process (SIGPIPE), as any other output to it would; a
                // full disk behind `> file` is an error, never a silently cut document.
                var failure: Int32 = 0
                stream { chunk in if failure == 0 { failure = OutputFile.writeAll(STDOUT_FILENO, chunk) } }
                if failure != 0 {
                    terminal.error(words.writeError(WriteError(path: "-", cause: WriteError.Cause(errno: failure))) + "\n")
                    throw ExitCode(1)
                }
            }
            return
        }
        try deliver(terminal: terminal, words: words, producing: stream)
    }

    /// Writes the file `-o` names, atomically and without overwriting unless `--force`.
    private func deliver(
        terminal: Terminal, words: Words, producing produce: (_ write: (UnsafeRawBufferPointer) -> Void) -> Void
    ) throws {
        try withoutActuallyEscaping(produce) { produce in
            try deliver(terminal: terminal, words: words) { write in
                produce(write)
                return 0
            }
        }
    }

    /// As above, for content that can fail to be produced (0, or its errno): nothing is placed then.
    private func deliver(
        terminal: Terminal, words: Words, producingOrFailing produce: (_ write: (UnsafeRawBufferPointer) -> Void) -> Int32
    ) throws {
        guard let output else { return }
        do {
            let folder = (output as NSString).deletingLastPathComponent
            reportStaleTemporaries(in: folder.isEmpty ? "." : folder, words: words, terminal: terminal)
            try OutputFile.write(to: output, overwrite: force, producingOrFailing: produce)
        } catch {
            terminal.error(words.writeError(error) + "\n")
            throw ExitCode(1)
        }
        terminal.error(words.t("書き込み: ", "written: ") + output + "\n")
    }
}

/// `--as-of YYYY-MM-DD`: the day the report calendar is reckoned from (default: today).
struct CalendarOption: ParsableArguments {
    @Option(name: .customLong("as-of"), help: "報告期限を数える基準日 / the day deadlines are counted from: YYYY-MM-DD (default: today).")
    var asOf: String?

    func validate() throws {
        if let asOf, CivilDate(iso: asOf) == nil {
            throw ValidationError("--as-of「\(asOf)」は YYYY-MM-DD の日付ではありません / --as-of \"\(asOf)\" is not a YYYY-MM-DD date")
        }
    }

    /// The chosen day, or today in the local time zone.
    var day: CivilDate {
        if let asOf, let day = CivilDate(iso: asOf) { return day }
        let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return CivilDate(year: parts.year ?? 2000, month: parts.month ?? 1, day: parts.day ?? 1) ?? CivilDate(year: 2000, month: 1, day: 1)!
    }

    /// The group's report calendar, when its files give the edition.
    func calendar(settings: GroupSettings?, report: GroupReport) -> ReportCalendar? {
        settings?.edition.flatMap { ReportCalendar(edition: $0, asOf: day, report: report) }
    }
}
