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
    /// A progress bar on standard error, wiped before anything is printed so that no output
    /// starts after a half-drawn bar.
    let progress: ProgressBar?

    init(environment: [String: String] = ProcessInfo.processInfo.environment, progress: ProgressBar? = nil) {
        self.progress = progress
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
        progress?.finish()
        FileHandle.standardOutput.write(Data(TerminalText.printable(text, colour: stdoutColor).utf8))
    }

    /// A data format (JSON, CSV, Markdown, HTML) on standard output: exact bytes into a pipe or a
    /// file; made printable only when standard output is a terminal.
    func printData(_ text: String) {
        let safe = isatty(STDOUT_FILENO) == 1 ? TerminalText.printable(text, colour: false) : text
        progress?.finish()
        FileHandle.standardOutput.write(Data(safe.utf8))
    }

    func error(_ text: String) {
        progress?.finish()
        FileHandle.standardError.write(Data(TerminalText.printable(text, colour: stderrColor).utf8))
    }
}

/// Input files are read through a read-only mapping (`ByteBuffer`). If another program cuts a file
/// short while it is read, touching a page past its new end raises SIGBUS; this turns that into an
/// error message and exit status 1 instead of a crash. Nothing was written by then: output files
/// are written whole and renamed into place only after reading has finished.
enum FileChangeGuard {
    static func install() {
        var action = sigaction()
        #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = onBusError
        #else
            action.__sigaction_u.__sa_handler = onBusError
        #endif
        sigemptyset(&action.sa_mask)
        sigaction(SIGBUS, &action, nil)
    }
}

/// Only async-signal-safe calls: write(2) of a message fixed at compile time, then _exit(2).
private func onBusError(_: Int32) {
    let message: StaticString =
        "groupprod: 入力ファイルが読み込み中に短くなりました。書き込みが終わってから実行し直してください。\ngroupprod: an input file was cut short while it was read; run again once it has been written.\n"
    _ = write(STDERR_FILENO, message.utf8Start, message.utf8CodeUnitCount)
    _exit(1)
}
