import GroupProductivity
/// A plain aligned table: columns padded by display width, columns from `rightFrom` right-aligned,
/// ASCII rules (box-drawing characters are ambiguous-width in CJK terminals).
struct TextTable {
    var header: [String]
    var rows: [[String]]
    var rightFrom: Int

    func render() -> [String] {
        var widths = header.map(DisplayWidth.of)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], DisplayWidth.of(cell)) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in DisplayWidth.pad(c, to: widths[i], right: i >= rightFrom) }
                .joined(separator: "  ").replacingTrailingSpaces()
        }
        return [line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")] + rows.map(line)
    }
}
