import CLibCSV

/// Writes CSV the way Excel in Japan reads it best: cells quoted by libcsv's `csv_write2` only when
/// they need it (a delimiter, quote, CR, LF or leading/trailing space), CRLF row ends.
public struct CSVWriter {
    public private(set) var text = ""
    public let delimiter: CSVDelimiter

    public init(delimiter: CSVDelimiter = .comma) { self.delimiter = delimiter }

    public mutating func row(_ cells: [String]) {
        text += cells.map { cell(String($0)) }.joined(separator: String(UnicodeScalar(delimiter.rawValue)))
        text += "\r\n"
    }

    /// One cell, quoted with doubled inner quotes when the content requires it.
    func cell(_ value: String) -> String {
        let bytes = Array(value.utf8)
        let special: Set<UInt8> = [delimiter.rawValue, 0x22, 0x0D, 0x0A]
        let needsQuotes =
            bytes.contains { special.contains($0) } || bytes.first == 0x20 || bytes.last == 0x20
            || bytes.first == 0x09 || bytes.last == 0x09
        guard needsQuotes else { return value }
        // csv_write2 needs at most 2n + 2 bytes: every byte doubled plus the two quotes.
        var out = [UInt8](repeating: 0, count: bytes.count * 2 + 2)
        let written = bytes.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                csv_write2(dst.baseAddress, dst.count, src.baseAddress, src.count, 0x22)
            }
        }
        return String(decoding: out.prefix(written), as: UTF8.self)
    }
}
