import CSVCodec
import Foundation
import GroupProductivity

/// The line a diagnostic points at, decoded as the importer decoded it, and where its cell starts
/// and ends in display columns, for an excerpt with a caret under the cell.
public struct SourceExcerpt: Sendable, Equatable {
    public var text: String
    /// Display columns before the cell, and the cell's display width (at least 1).
    public var caretOffset: Int
    public var caretWidth: Int
}

/// Reads lines of the user's files on demand, once per file.
public final class SourceLines {
    private var cache: [String: Indexed?] = [:]

    /// A file's text as the importer reads it and where each physical line starts, so that only
    /// the lines asked for are decoded: every line of a 100,000-member file decoded into a
    /// `String` raised a report's peak from 77,544 to 152,000 KiB to show one. The pages of a
    /// mapped file are given back as the index passes them (kept, the 30 MB file took a report
    /// with one warning from some 50 to 77 MB), and a line's start is 4 bytes (its end is found
    /// from the next line's start). Lines are found only as far as the furthest line asked for:
    /// an unsorted file's warning near its start no longer has every line of a 97 MB file found.
    private final class Indexed {
        let body: ByteBuffer
        let encoding: TextEncoding
        let delimiter: Character
        /// Each line's first byte, for the lines found so far.
        private var starts: [UInt32] = []
        /// Where the search for line ends stopped, the start of the line it is in, the pages
        /// given back, and whether it reached the end.
        private var (scanned, lineStart, released, finished) = (0, 0, 0, false)

        /// Nil for a text of 4 GiB or more (beyond the input limit), whose places 32 bits cannot hold.
        init?(_ sniffed: SniffedText) {
            guard sniffed.body.count < Int(UInt32.max) else { return nil }
            body = sniffed.body
            encoding = sniffed.encoding
            delimiter = Character(UnicodeScalar(sniffed.delimiter.rawValue))
        }

        /// Finds line starts until `count` are known or the text ends.
        private func find(_ count: Int) {
            guard !finished, starts.count < count else { return }
            body.withUnsafeBytes { b in
                // Physical lines end at LF, CRLF or a lone CR (old Mac files), as the CSV reader counts them.
                var (start, i) = (lineStart, scanned)
                while starts.count < count {
                    i = CSVReader.lineBreak(in: b, from: i)
                    guard i < b.count else { break }
                    starts.append(UInt32(start))
                    if b[i] == 0x0D && i + 1 < b.count && b[i + 1] == 0x0A { i += 1 }
                    i += 1
                    start = i
                    if start - released >= ByteBuffer.releaseStride {
                        body.release(released..<start)
                        released = start
                    }
                }
                if i >= b.count {
                    if start < b.count { starts.append(UInt32(start)) }
                    body.release(released..<b.count)
                    finished = true
                }
                (lineStart, scanned) = (start, i)
            }
        }

        /// Line `index` (0-based), decoded: from its start to the line break before the next
        /// line's start (LF, CRLF or CR), or to the end of the text, less a line break there;
        /// nil past the last line.
        func line(_ index: Int) -> String? {
            find(index + 2)
            guard index < starts.count else { return nil }
            return body.withUnsafeBytes { b in
                let start = Int(starts[index])
                var end = index + 1 < starts.count ? Int(starts[index + 1]) : b.count
                if end > start, b[end - 1] == 0x0A || b[end - 1] == 0x0D {
                    end -= 1
                    if b[end] == 0x0A, end > start, b[end - 1] == 0x0D { end -= 1 }
                }
                return SourceLines.decode(b[start..<end], encoding)
            }
        }
    }

    public init() {}

    public func excerpt(for location: SourceLocation) -> SourceExcerpt? {
        guard location.line > 0, let file = lines(location.file), let text = file.line(location.line - 1) else { return nil }
        guard let column = location.column else {
            let shown = TerminalText.visible(String(DisplayWidth.truncate(text, to: 120).map { $0 == "\t" ? " " : $0 }))
            return SourceExcerpt(text: shown, caretOffset: 0, caretWidth: max(1, DisplayWidth.of(shown)))
        }
        let (start, end) = SourceLines.cellSpan(text, cell: column, delimiter: file.delimiter)
        return SourceLines.window(
            prefix: String(text[..<start]), cell: String(text[start..<end]),
            rest: String(text[end...]))
    }

    /// Keeps a long line readable: a line over 120 columns shows at most 40 columns before the cell,
    /// 60 of the cell and 20 after it.
    static func window(prefix: String, cell: String, rest: String) -> SourceExcerpt {
        if DisplayWidth.of(prefix + cell + rest) <= 120 {
            let clean = { (s: String) in TerminalText.visible(String(s.map { $0 == "\t" ? " " : $0 })) }
            return SourceExcerpt(
                text: clean(prefix + cell + rest), caretOffset: DisplayWidth.of(clean(prefix)),
                caretWidth: max(1, DisplayWidth.of(clean(cell))))
        }
        func fromEnd(_ s: String, _ width: Int) -> String {
            guard DisplayWidth.of(s) > width else { return s }
            var out = ""
            var used = 0
            for c in s.reversed() {
                let w = DisplayWidth.of(String(c))
                if used + w > width - 1 { break }
                out = String(c) + out
                used += w
            }
            return "…" + out
        }
        let shownPrefix = fromEnd(prefix, 40)
        let shownCell = DisplayWidth.truncate(cell, to: 60)
        let shownRest = DisplayWidth.truncate(rest, to: 20)
        let clean = { (s: String) in TerminalText.visible(String(s.map { $0 == "\t" ? " " : $0 })) }
        return SourceExcerpt(
            text: clean(shownPrefix + shownCell + shownRest), caretOffset: DisplayWidth.of(clean(shownPrefix)),
            caretWidth: max(1, DisplayWidth.of(clean(shownCell))))
    }

    private func lines(_ path: String) -> Indexed? {
        if let cached = cache[path] { return cached }
        var result: Indexed?
        if let data = ByteBuffer.file(path), data.count <= InputLimits.maxFileBytes {
            result = Indexed(TextSniffer.sniff(data))
        }
        cache[path] = result
        return result
    }

    private static func decode(_ bytes: some Collection<UInt8>, _ encoding: TextEncoding) -> String {
        let b = Array(bytes)
        if let text = encoding.decode(b) { return text }
        // A line with a bad byte: show it with replacement characters rather than nothing.
        return String(decoding: b, as: UTF8.self)
    }

    /// The start and end of the `cell`-th (1-based) cell of a line, honouring quotes.
    static func cellSpan(_ line: String, cell: Int, delimiter: Character) -> (String.Index, String.Index) {
        var index = line.startIndex
        var current = 1
        var quoted = false
        var start = line.startIndex
        while index < line.endIndex {
            let c = line[index]
            if c == "\"" { quoted.toggle() }
            if c == delimiter && !quoted {
                if current == cell { return (start, index) }
                current += 1
                start = line.index(after: index)
            }
            index = line.index(after: index)
        }
        return current == cell ? (start, line.endIndex) : (line.endIndex, line.endIndex)
    }
}
