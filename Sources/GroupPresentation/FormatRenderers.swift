import CSVCodec
import Foundation
import GroupProductivity

/// OWASP "CSV injection": a text cell that a spreadsheet would take for a formula (`=`, `+`, `-`,
/// `@`, tab, CR) gets a leading apostrophe, so `=HYPERLINK(…)` opens as text. Numbers are written
/// as numbers and never pass through here. The importer removes the apostrophe again
/// (`SourceTable`), so a neutralised name reads back as it was.
public enum FormulaInjection {
    static let triggers: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    public static func neutralise(_ text: String) -> String {
        // A text whose first byte is none of the triggers' (nearly every cell) is told from that
        // byte, without forming its first Character and hashing it for the set (a 300,000-member
        // report's CSV took 4.16 s with that, 3.36 s without). Any other is decided by the
        // Character, as before.
        switch text.utf8.first {
        case 0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D: break
        default: return text
        }
        guard let first = text.first, triggers.contains(first) else { return text }
        return "'" + text
    }
}

/// Markdown: the report's tables, ready to paste into an email or a wiki.
public struct MarkdownRenderer {
    public var words: Words
    public init(words: Words) { self.words = words }

    public func render(_ tables: [ReportTable], heading: String) -> String {
        var text = ""
        write(tables, heading: heading) { text += $0 }
        return text
    }

    /// The same text in pieces of at most 4,096 rows, each given to `piece` as it is made (a
    /// large group's tables are never held whole as text).
    public func write(_ tables: [ReportTable], heading: String, _ piece: (String) -> Void) {
        var out = UTF8Text()
        out.append("# \(escape(heading))\n")
        for table in tables where !table.rows.isEmpty {
            out.append("\n## \(escape(table.title))\n\n")
            out.append("| " + table.columns.map(escape).joined(separator: " | ") + " |\n")
            out.append("|" + table.numericColumns.map { $0 ? " ---: |" : " --- |" }.joined() + "\n")
            for (i, row) in table.rows.enumerated() {
                // Appended cell by cell (mapped and joined, each row made an array and a string).
                for (c, cell) in row.enumerated() {
                    out.append(c == 0 ? "| " : " | ")
                    out.append(escape(words.text(cell)))
                }
                out.append(row.isEmpty ? "|  |\n" : " |\n")
                if i % 4096 == 4095 { piece(out.take()) }
            }
        }
        piece(out.take())
    }

    func escape(_ text: String) -> String {
        let line = TerminalText.oneLine(text)
        // Most cells hold no bar: the replacement is skipped for them (it cost most of a large table's time).
        return line.anyUTF8Byte(where: { $0 == UInt8(ascii: "|") }) ? line.replacingOccurrences(of: "|", with: "\\|") : line
    }
}

/// CSV for Excel: plain numbers (`-1234`, no separators, no `△`), rates as fractions (0.054),
/// text cells guarded against formula injection, CRLF; written with libcsv's writer.
public struct CSVTableRenderer {
    public var words: Words
    public init(words: Words) { self.words = words }

    public func render(_ table: ReportTable) -> String {
        var text = ""
        write(table) { text += $0 }
        return text
    }

    /// The same text in pieces of 4,096 rows, each given to `piece` as it is made: a large
    /// group's table is never held whole as text (a 300,000-member group's members table is
    /// 119 MB of CSV).
    public func write(_ table: ReportTable, _ piece: (String) -> Void) {
        var writer = CSVWriter()
        writer.row(table.columns.map(FormulaInjection.neutralise))
        for (i, row) in table.rows.enumerated() {
            writer.row(row.map(plain))
            if i % 4096 == 4095 {
                piece(writer.text)
                writer = CSVWriter()
            }
        }
        piece(writer.text)
    }

    func plain(_ cell: Cell) -> String {
        switch cell {
        case .text(let s): FormulaInjection.neutralise(s)
        case .yen(let v), .quantity(let v): v.terminatingDecimal ?? v.decimalString(places: 6)
        case .productivity(let v): v.decimalString(places: 6)
        case .rate(let v), .rateToHundredths(let v), .rateMeeting(let v, _): v.terminatingDecimal ?? v.decimalString(places: 6)
        case .approximateProductivity(let d): NumberFormat.fixed(d, places: 6)
        case .ratio(let d), .approximateRate(let d), .logContribution(let d), .signedRate(let d): NumberFormat.fixed(d, places: 6)
        case .verdict(let v): words.met(v)
        case .empty: ""
        }
    }
}
