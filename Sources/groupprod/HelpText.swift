import Foundation
import GroupPresentation

/// Help text that fits 80 columns as a terminal counts them. swift-argument-parser wraps by
/// Character count, so a Japanese line of 50 characters (100 columns) passes it unwrapped, and an
/// English line hard-broken at 100 characters is broken again at 80, leaving ragged lines. This
/// joins each sentence's lines back into a paragraph and wraps it by display width (East Asian
/// Width) to 80 columns, which the parser then leaves alone. Example commands are kept whole.
enum HelpText {
    static let width = 80

    static func reflow(_ text: String) -> String {
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
    static func wrap(_ paragraph: String) -> [String] {
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
            if DisplayWidth.of(candidate.trimmingCharacters(in: .whitespaces)) > width, !line.isEmpty {
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
