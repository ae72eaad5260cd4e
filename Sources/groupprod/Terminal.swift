import Foundation

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

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let allowed = (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
        stdoutColor = allowed && isatty(STDOUT_FILENO) == 1
        stderrColor = allowed && isatty(STDERR_FILENO) == 1
    }

    func print(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    func error(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
