import Foundation
import GroupPresentation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where output goes, and whether it may be coloured: only on a terminal and only when
/// `NO_COLOR` is unset or empty (https://no-color.org).
struct Terminal {
    let stdoutColor: Bool
    let stderrColor: Bool
    /// Columns a table may use: the terminal's width when standard output is one (or `COLUMNS`),
    /// never more than 80.
    let width: Int

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let allowed = (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
        stdoutColor = allowed && isatty(STDOUT_FILENO) == 1
        stderrColor = allowed && isatty(STDERR_FILENO) == 1
        var size = winsize()
        if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            width = min(80, Int(size.ws_col))
        } else if let columns = environment["COLUMNS"].flatMap(Int.init), columns > 0 {
            width = min(80, columns)
        } else {
            width = 80
        }
    }

    /// Every byte printed passes `TerminalText.printable`: control characters from the input are
    /// shown as `\u{1B}`, never sent to the terminal.
    func print(_ text: String) {
        FileHandle.standardOutput.write(Data(TerminalText.printable(text, colour: stdoutColor).utf8))
    }

    /// A data format (JSON, CSV, Markdown, HTML) on standard output: exact bytes into a pipe or a
    /// file; made printable only when standard output is a terminal.
    func printData(_ text: String) {
        let safe = isatty(STDOUT_FILENO) == 1 ? TerminalText.printable(text, colour: false) : text
        FileHandle.standardOutput.write(Data(safe.utf8))
    }

    func error(_ text: String) {
        FileHandle.standardError.write(Data(TerminalText.printable(text, colour: stderrColor).utf8))
    }
}
