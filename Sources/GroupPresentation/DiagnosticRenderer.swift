import GroupProductivity

/// Renders diagnostics as `file:line:column: error: message`, then the raw value and a hint.
public struct DiagnosticRenderer {
    public var language: Language
    public var color: Bool
    /// When given, each diagnostic shows its line with a caret under the cell.
    public var sources: SourceLines?

    public init(language: Language = .ja, color: Bool = false, sources: SourceLines? = nil) {
        self.language = language
        self.color = color
        self.sources = sources
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        var place = ""
        if let location = diagnostic.location {
            place = location.file
            if let sheet = location.sheet {
                // The form Excel users know: 実績!D5, or the sheet and row when no cell is meant.
                place += ":" + TerminalText.visible(sheet)
                if location.line > 0 { place += "!" }
                if let column = location.column {
                    place += ExcelColumn.name(column) + "\(location.line)"
                } else if location.line > 0 {
                    place += language == .ja ? "\(location.line)行目" : "row \(location.line)"
                }
            } else {
                if location.line > 0 { place += ":\(location.line)" }
                if let column = location.column { place += ":\(column)" }
            }
            place += ": "
        }
        let severity =
            diagnostic.severity == .error
            ? (language == .ja ? "エラー" : "error") : (language == .ja ? "警告" : "warning")
        let painted = color ? TerminalText.paint(severity, diagnostic.severity == .error ? "31" : "33") : severity
        var lines = ["\(place)\(painted): \(diagnostic.message.text(language)) [\(diagnostic.code.rawValue)]"]
        if let location = diagnostic.location, location.sheet == nil, let excerpt = sources?.excerpt(for: location) {
            let number = String(location.line)
            let gutter = String(repeating: " ", count: number.count)
            lines.append(" \(number) | \(excerpt.text)")
            let caret = String(repeating: "^", count: excerpt.caretWidth)
            lines.append(
                " \(gutter) | " + String(repeating: " ", count: excerpt.caretOffset)
                    + (color ? TerminalText.paint(caret, "1") : caret))
        }
        if let column = diagnostic.columnName, diagnostic.location?.column != nil {
            lines.append(
                (language == .ja ? "  列: " : "  column: ") + column
                    + (diagnostic.location?.column.map { " (\(ExcelColumn.name($0)))" } ?? ""))
        }
        if let hint = diagnostic.hint {
            lines.append((language == .ja ? "  対処: " : "  fix: ") + hint.text(language))
        }
        return lines.joined(separator: "\n")
    }

    /// How many diagnostics of one code in one file are shown in full; the rest are counted.
    public static let shownPerCodeAndFile = 5

    /// Every diagnostic, but at most `shownPerCodeAndFile` of one code in one file in full: a file
    /// with 100,000 bad lines gives five excerpts and "and 99,995 more on lines 7–100,001", not
    /// megabytes of the same message. (`--format json` keeps every one.)
    public func render(_ diagnostics: [Diagnostic]) -> String {
        var shown: [String: Int] = [:]
        var rest: [String: (first: Diagnostic, count: Int, lines: [Int])] = [:]
        var order: [String] = []
        var out: [String] = []
        for d in diagnostics {
            let key = (d.location?.file ?? "") + "\u{0}" + d.code.rawValue
            let n = shown[key, default: 0]
            if n < Self.shownPerCodeAndFile {
                shown[key] = n + 1
                out.append(render(d))
            } else {
                if rest[key] == nil {
                    order.append(key)
                    rest[key] = (d, 0, [])
                }
                rest[key]?.count += 1
                if let line = d.location?.line, line > 0 { rest[key]?.lines.append(line) }
            }
        }
        for key in order {
            guard let (first, count, lines) = rest[key] else { continue }
            let file = first.location?.file ?? ""
            let ranges = LineRanges.text(lines, language: language)
            out.append(
                language == .ja
                    ? "\(file): 同じ種類 [\(first.code.rawValue)] があと \(count) 件あります\(ranges.isEmpty ? "" : "（\(ranges)行目）")。すべて見るには --format json"
                    : "\(file): \(count) more [\(first.code.rawValue)]\(ranges.isEmpty ? "" : " on lines \(ranges)"); --format json lists every one")
        }
        return out.joined(separator: "\n") + (out.isEmpty ? "" : "\n")
    }
}

/// Spreadsheet column letters: 1 → A, 27 → AA.
public enum ExcelColumn {
    public static func name(_ number: Int) -> String {
        var n = number
        var out = ""
        while n > 0 {
            let r = (n - 1) % 26
            out = String(UnicodeScalar(UInt8(65 + r))) + out
            n = (n - 1) / 26
        }
        return out
    }
}
