import GroupProductivity

/// Lays out the table model for a terminal: columns padded by display width (East Asian Width),
/// numbers right-aligned, ASCII rules (box-drawing characters are ambiguous-width in CJK
/// terminals), verdicts coloured only when `color` is set, and every line within `width` columns:
/// when a table is too wide its text columns (names first, the widest first) are shortened with
/// "…"; numbers are never cut.
public struct TerminalRenderer {
    public var words: Words
    public var color: Bool
    public var width: Int
    /// The most rows whose texts a grid holds between its widths and its lines (see `grid`).
    var holdRowsUpTo = 1 << 16

    public init(words: Words, color: Bool = false, width: Int = 80) {
        self.words = words
        self.color = color
        self.width = max(40, width)
    }

    /// A whole document: the heading, then each table that has rows.
    public func render(_ document: ReportDocument) -> String {
        var out = wrap(TerminalText.oneLine(document.heading))
        for table in document.tables where !table.rows.isEmpty {
            out.append("")
            out += lines(table)
        }
        return out.joined(separator: "\n") + "\n"
    }

    func cellText(_ cell: Cell) -> String { TerminalText.oneLine(words.text(cell)) }

    func paintCell(_ cell: Cell, _ padded: String) -> String {
        guard color, case .verdict(let v) = cell, let v else { return padded }
        return TerminalText.paint(padded, v ? "32" : "31")
    }

    /// One table: its title, then a grid (or "label: value" lines for facts), then its notes.
    public func lines(_ table: ReportTable, title: Bool = true) -> [String] {
        var out: [String] = []
        lines(table, title: title) { out.append($0) }
        return out
    }

    /// The same lines, each given to `emit` as it is made.
    public func lines(_ table: ReportTable, title: Bool = true, _ emit: (String) -> Void) {
        if title { wrap(TerminalText.oneLine(table.title)).forEach(emit) }
        switch table.layout {
        case .facts:
            for row in table.rows where row.count >= 2 {
                emit(fit(cellText(row[0]) + words.t(": ", ": ") + cellText(row[1])))
            }
        case .grid:
            grid(table, emit)
        }
        table.notes.flatMap { wrap(TerminalText.oneLine($0)) }.forEach(emit)
    }

    /// Breaks a free line into lines of at most the width: after a space, or beside a wide
    /// (Japanese) character, which may end a line anywhere; a word longer than a line is cut.
    /// Continuation lines start with `indent` spaces (a list item's text hangs under its text).
    /// Colour marks (`TerminalText.paint`) take no room and are never split.
    public func wrap(_ line: String, indent: Int = 0) -> [String] {
        if line.isEmpty { return [""] }
        // A line that fits is kept as it is (counted whole, a colour mark and its code count for
        // more than nothing, so a painted line that fits so surely fits): taken a character at a
        // time, each table row of a 100,000-member report was a third of its time.
        if DisplayWidth.of(line) <= width { return [line] }
        return wrapping(line, indent: indent)
    }

    /// `wrap`, a character at a time.
    func wrapping(_ line: String, indent: Int) -> [String] {
        var out: [String] = []
        var current: [Character] = []
        var used = 0
        var breakAt: Int? = nil  // index in `current` where the next line may start
        var earlierBreak: Int? = nil
        let pad = Array(String(repeating: " ", count: indent))
        var chars = Array(line)[...]
        while let c = chars.first {
            chars = chars.dropFirst()
            if c.unicodeScalars.first == TerminalText.colourMark {
                // The mark and its SGR code up to "m", kept whole and counted as nothing.
                current.append(c)
                while let next = chars.first {
                    chars = chars.dropFirst()
                    current.append(next)
                    if next == "m" { break }
                }
                continue
            }
            let w = DisplayWidth.of(String(c))
            if used + w > width, current.count > pad.count || out.isEmpty {
                let start = out.isEmpty ? 0 : pad.count
                let allowed = Self.noLineStart.contains(c) && breakAt == current.count ? earlierBreak : breakAt
                let cut = allowed.map { $0 > start ? $0 : current.count } ?? current.count
                out.append(String(current[..<cut]).replacingTrailingSpaces())
                current = pad + Array(current[cut...].drop { $0 == " " })
                used = current.reduce(0) { $0 + DisplayWidth.of(String($1)) }
                breakAt = nil
                earlierBreak = nil
            }
            if c == " " && current.count == pad.count && !out.isEmpty { continue }
            // Japanese line breaking (禁則): no line starts with a closing bracket or a stop, none
            // ends with an opening bracket.
            if Self.noLineStart.contains(c) {
                if breakAt == current.count { breakAt = earlierBreak }
            } else if w == 2 && !current.isEmpty && !Self.noLineEnd.contains(current[current.count - 1]) {
                earlierBreak = breakAt
                breakAt = current.count
            }
            current.append(c)
            used += w
            if (c == " " || w == 2) && !Self.noLineEnd.contains(c) {
                earlierBreak = breakAt
                breakAt = current.count
            }
        }
        if current.count > (out.isEmpty ? 0 : pad.count) { out.append(String(current)) }
        return out
    }

    static let noLineStart: Set<Character> = ["）", "」", "』", "】", "、", "。", "，", "．", "・", "：", "；", "？", "！", "ー", ")", "]", ",", ".", ":", ";"]
    static let noLineEnd: Set<Character> = ["（", "「", "『", "【", "("]

    /// Cuts a free line to the width.
    func fit(_ line: String) -> String { DisplayWidth.truncate(line, to: width) }

    func grid(_ table: ReportTable, _ emit: (String) -> Void) {
        let n = table.columns.count
        let footerStart = table.footerStart ?? table.rows.count
        let span = max(1, min(table.labelSpan, n))
        let numeric = table.numericColumns
        // A table of up to 65,536 rows keeps its rows' texts from the widths to the lines; a
        // larger one (a large group's overview, made when read) makes them twice instead, so that
        // they are never all held (a 300,000-member report: 232 MB held, 96 MB made twice).
        let held = table.rows.count <= holdRowsUpTo ? table.rows.map { $0.map(cellText) } : nil
        func texts(_ r: Int, _ cells: [Cell]) -> [String] { held?[r] ?? cells.map(cellText) }
        var widths = table.columns.map { DisplayWidth.of(TerminalText.oneLine($0)) }
        var label = 0
        for (r, cells) in table.rows.enumerated() {
            let row = texts(r, cells)
            for (i, cell) in row.enumerated() where i < n && (r < footerStart || i >= span) {
                widths[i] = max(widths[i], DisplayWidth.of(cell))
            }
            if r >= footerStart { label = max(label, DisplayWidth.of(row.first ?? "")) }
        }
        // A footer label runs across the first `span` columns; widen the last of them if it needs more.
        func spanned() -> Int { widths[0..<span].reduce(0, +) + 2 * (span - 1) }
        if label > spanned(), let widest = (0..<span).max(by: { widths[$0] < widths[$1] }) { widths[widest] += label - spanned() }
        // Too wide: shorten text columns, the widest first, down to 6 columns each.
        while widths.reduce(0, +) + 2 * (n - 1) > width {
            guard let i = (0..<n).filter({ !numeric[$0] && widths[$0] > 6 }).max(by: { widths[$0] < widths[$1] }) else { break }
            widths[i] -= 1
        }
        func line(_ cells: [String], _ kinds: [Cell]?) -> String {
            cells.enumerated().map { i, c in
                let padded = DisplayWidth.pad(DisplayWidth.truncate(c, to: widths[i]), to: widths[i], right: numeric[i])
                return kinds.map { paintCell($0[i], padded) } ?? padded
            }.joined(separator: "  ").replacingTrailingSpaces()
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        emit(line(table.columns.map(TerminalText.oneLine), nil))
        emit(rule)
        for (r, cells) in table.rows.enumerated() {
            if r == footerStart { emit(rule) }
            let row = texts(r, cells)
            if r < footerStart {
                emit(line(row, cells))
            } else {
                let head = DisplayWidth.pad(DisplayWidth.truncate(row.first ?? "", to: spanned()), to: spanned())
                let rest = (span..<n).map { i in
                    paintCell(cells[i], DisplayWidth.pad(DisplayWidth.truncate(row[i], to: widths[i]), to: widths[i], right: true))
                }
                emit(([head] + rest).joined(separator: "  ").replacingTrailingSpaces())
            }
        }
    }
}
