import Testing

@testable import CSVCodec

@Suite("CSVWriter: cells quoted exactly when they must be")
struct CSVWriterTests {
    /// The rule written out plainly (RFC 4180, and Excel's reading of a cell with a leading or
    /// trailing space or tab), with the quoting done by hand rather than by libcsv.
    static func expected(_ value: String, delimiter: UInt8) -> String {
        let bytes = Array(value.utf8)
        let quoted =
            bytes.contains { [delimiter, 0x22, 0x0D, 0x0A].contains($0) }
            || [0x20, 0x09].contains(bytes.first ?? 0) || [0x20, 0x09].contains(bytes.last ?? 0)
        guard quoted else { return value }
        var doubled = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            doubled.append(scalar)
            if scalar == "\"" { doubled.append(scalar) }
        }
        return "\"" + String(doubled) + "\""
    }

    /// 90,000 cells (rows of three) of 0 to 8 pieces drawn from the bytes that matter and text around them
    /// (Japanese, a combining mark, CRLF, a non-breaking and an ideographic space), with each
    /// delimiter: every cell as the rule says, and a row as its cells joined.
    @Test func randomCellsAreQuotedAsTheRuleSays() {
        let pieces = [",", "\t", "\"", "\r", "\n", "\r\n", " ", "a", "12,345", "髙橋", "ｶﾌｪ", "e\u{301}", "\u{A0}", "\u{3000}", ";", "'", "="]
        var state: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var quotedCount = 0
        for delimiter in [CSVDelimiter.comma, .tab, .semicolon] {
            for _ in 0..<10_000 {
                let cells = (0..<3).map { _ in (0..<next(9)).map { _ in pieces[next(pieces.count)] }.joined() }
                var writer = CSVWriter(delimiter: delimiter)
                writer.row(cells)
                let each = cells.map { Self.expected($0, delimiter: delimiter.rawValue) }
                quotedCount += each.filter { $0.hasPrefix("\"") }.count
                for (cell, want) in zip(cells, each) { #expect(writer.cell(cell) == want, "\(Array(cell.utf8))") }
                let separator = String(UnicodeScalar(delimiter.rawValue))
                #expect(writer.text == each.joined(separator: separator) + "\r\n")
            }
        }
        // Both kinds occur often enough for the comparison to mean something.
        #expect(quotedCount > 15_000 && quotedCount < 75_000)
    }
}
