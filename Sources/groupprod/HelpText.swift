import Foundation
import GroupPresentation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Help text that fits 80 columns as a terminal counts them. swift-argument-parser wraps by
/// Character count, so a Japanese line of 50 characters (100 columns) passes it unwrapped, and an
/// English line hard-broken at 100 characters is broken again at 80, leaving ragged lines. This
/// joins each sentence's lines back into a paragraph and wraps it by display width (East Asian
/// Width) to 80 columns, which the parser then leaves alone. Example commands are kept whole.
enum HelpText {
    static let width = 80

    /// Whether this run may show a command's discussion: help asked for in any of the parser's
    /// ways (`-h`, `--help`, `help`, hidden help, the help dump).
    static let helpRequested = CommandLine.arguments.dropFirst().contains {
        ["-h", "--help", "help", "--help-hidden", "-help", "--experimental-dump-help"].contains($0)
    }

    /// The columns help may use: the terminal's width (wider than 80 too), else `COLUMNS`, else 80.
    static func screenWidth(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        var size = winsize()
        if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return max(40, Int(size.ws_col)) }
        return environment["COLUMNS"].flatMap(Int.init).map { max(40, $0) } ?? width
    }

    /// Lays the argument parser's help or usage message, rendered unwrapped, out in `width`
    /// display columns: option descriptions wrap under their own column, the usage line wraps
    /// between whole `[--option <value>]` groups, other lines wrap under their own indentation.
    static func fit(_ message: String, width: Int) -> String {
        message.split(separator: "\n", omittingEmptySubsequences: false).flatMap { raw -> [String] in
            let line = String(raw)
            guard DisplayWidth.of(line) > width else { return [line] }
            for prefix in ["USAGE: ", "Usage: "] where line.hasPrefix(prefix) {
                let units = line.dropFirst(prefix.count).matches(of: /\[[^\]]*\]|<[^>]*>|\S+/).map { String($0.output) }
                return pack(units, first: prefix, indent: String(repeating: " ", count: prefix.count + 2), width: width)
            }
            // "  --option <value>    description": continue under the description.
            if let match = line.firstMatch(of: /^(\s+\S+(?: <[^>]+>)?(?:, \S+(?: <[^>]+>)?)?\s{2,})(\S.*)$/),
                DisplayWidth.of(String(match.output.1)) <= width / 2
            {
                let indent = String(repeating: " ", count: DisplayWidth.of(String(match.output.1)))
                return hang(String(match.output.2), first: String(match.output.1), indent: indent, width: width)
            }
            let indent = String(line.prefix { $0 == " " })
            return hang(String(line.dropFirst(indent.count)), first: indent, indent: indent, width: width)
        }.joined(separator: "\n")
    }

    /// `text` wrapped by display width, its first line after `first` and the rest after `indent`.
    private static func hang(_ text: String, first: String, indent: String, width: Int) -> [String] {
        let lines = wrap(text, width: max(20, width - DisplayWidth.of(indent)))
        return lines.enumerated().map { i, l in (i == 0 ? first : indent) + l }
    }

    /// Whole units (never split) packed into lines of `width`, joined by spaces.
    private static func pack(_ units: [String], first: String, indent: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = first
        for unit in units {
            let start = line == first || line == indent
            if !start && DisplayWidth.of(line + " " + unit) > width {
                lines.append(line)
                line = indent + unit
            } else {
                line += (start ? "" : " ") + unit
            }
        }
        lines.append(line)
        return lines
    }

    static func reflow(_ text: String) -> String {
        // The parser builds every command's configuration at start-up, and the discussion is
        // shown only by help: reflowing on every run cost half of a small report's instructions.
        guard helpRequested else { return text }
        var out: [String] = []
        var paragraph = ""
        func flush() {
            if !paragraph.isEmpty { out += wrap(paragraph) }
            paragraph = ""
        }
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            // Blank lines, example commands and headings stay as they are.
            if line.isEmpty || raw.hasPrefix("  ") || line.hasSuffix(":") {
                flush()
                out.append(raw)
                continue
            }
            if paragraph.isEmpty {
                paragraph = line
            } else if continues(paragraph, with: line) {
                paragraph += isWide(paragraph.last) && isWide(line.first) ? line : " " + line
            } else {
                flush()
                paragraph = line
            }
        }
        flush()
        return out.joined(separator: "\n")
    }

    /// A line continues the paragraph when the paragraph stopped mid-sentence and both are in
    /// the same language (a Japanese line after an English one starts anew, and the reverse).
    static func continues(_ paragraph: String, with line: String) -> Bool {
        guard let last = paragraph.last, !line.isEmpty else { return false }
        if "。.".contains(last) { return false }
        return isJapanese(paragraph.suffix(20)) == isJapanese(line.prefix(20))
    }

    static func isWide(_ c: Character?) -> Bool { c.map { DisplayWidth.of(String($0)) == 2 } ?? false }
    static func isJapanese<S: StringProtocol>(_ s: S) -> Bool { s.contains { DisplayWidth.of(String($0)) == 2 } }

    /// Characters that never begin a line (Japanese line-breaking rules: closing brackets and
    /// punctuation stay with what they close).
    static let noLineStart: Set<Character> = ["、", "。", "）", "」", "』", "・", "ー", "，", "．", ")", ",", ".", ":", "：", "%", "％"]

    /// Breaks a paragraph into lines of at most `width` columns: between words in English, between
    /// characters in Japanese, never before closing punctuation.
    static func wrap(_ paragraph: String, width: Int = width) -> [String] {
        var units: [String] = []  // words with their following space, or single wide characters
        var word = ""
        for c in paragraph {
            if c == " " {
                units.append(word + " ")
                word = ""
            } else if isWide(c) {
                if !word.isEmpty {
                    units.append(word)
                    word = ""
                }
                units.append(String(c))
            } else {
                word.append(c)
            }
        }
        if !word.isEmpty { units.append(word) }
        var lines: [String] = []
        var line = ""
        for unit in units {
            let candidate = line + unit
            if DisplayWidth.of(candidate.trimmingCharacters(in: .whitespaces)) > width, !line.trimmingCharacters(in: .whitespaces).isEmpty {
                // Carry the last character over when this unit may not begin a line.
                if let first = unit.first, noLineStart.contains(first), isWide(line.last) {
                    let carried = String(line.removeLast())
                    lines.append(line.trimmingCharacters(in: .whitespaces))
                    line = carried + unit
                } else {
                    lines.append(line.trimmingCharacters(in: .whitespaces))
                    line = unit
                }
            } else {
                line = candidate
            }
        }
        if !line.trimmingCharacters(in: .whitespaces).isEmpty { lines.append(line.trimmingCharacters(in: .whitespaces)) }
        return lines
    }
}
