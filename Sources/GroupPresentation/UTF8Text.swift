/// Text gathered as UTF-8 bytes and made a String only when handed on. Appending to a String
/// checks every join for a grapheme break; for a large table's many short cells those appends were
/// about a fifth of a report's CSV (`CSVWriter` keeps bytes the same way) and a large part of its
/// HTML and Markdown.
struct UTF8Text {
    private var bytes: [UInt8] = []

    /// Bytes gathered since the last `take`.
    var count: Int { bytes.count }

    mutating func append(_ text: String) { bytes += text.utf8 }

    /// The text gathered, emptied for what comes next (its memory kept).
    mutating func take() -> String {
        defer { bytes.removeAll(keepingCapacity: true) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
