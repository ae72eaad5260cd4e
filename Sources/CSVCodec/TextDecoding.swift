import Foundation

/// The text encodings member files arrive in.
public enum TextEncoding: String, Sendable, Codable {
    /// UTF-8, with or without a byte-order mark ("CSV UTF-8" in Excel).
    case utf8
    /// Windows-31J / CP932, Excel's "CSV (コンマ区切り)" in Japan.
    case cp932

    /// Decodes one cell. Foundation's `.shiftJIS` decodes as CP932 on Linux and macOS (NEC and IBM
    /// extensions such as ①, ㈱ and 髙 included); glibc's iconv SHIFT_JIS does not, so it is not used.
    public func decode(_ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBytes { decode($0) }
    }

    /// `decode` on bytes in place (a cell lent by `CSVReader.forEachRecord`). `knownValid`: the
    /// bytes are a cell of a file found to be valid UTF-8 as a whole (`SniffedText.validUTF8`), so
    /// valid themselves (libcsv cuts, unquotes and trims at ASCII bytes only) and not checked again.
    public func decode(_ raw: UnsafeRawBufferPointer, knownValid: Bool = false) -> String? {
        let bytes = UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count)
        switch self {
        case .utf8 where knownValid:
            return String(decoding: bytes, as: UTF8.self)
        case .utf8:
            // `String(validating:as:)` instantiates generic metadata on every call (a tenth of a
            // large portfolio's time). Decoding with repair is specialised and fast, and the
            // bytes were valid exactly when the repaired text is the same bytes: any repair puts
            // U+FFFD (EF BF BD) where no such bytes were.
            let text = String(decoding: bytes, as: UTF8.self)
            return text.utf8.elementsEqual(bytes) ? text : nil
        case .cp932:
            if RecordRecoder.isASCII(raw) { return String(decoding: bytes, as: UTF8.self) }
            return String(data: Data(bytes), encoding: .shiftJIS)
        }
    }
}

/// What was found at the start of a file and how the rest should be read.
public struct SniffedText: Sendable {
    public var encoding: TextEncoding
    public var hadByteOrderMark: Bool
    /// The whole body is valid UTF-8 (when false, a file with a BOM is UTF-8 still, and its
    /// cells are checked one by one as they are decoded, each bad one reported where it is).
    public var validUTF8: Bool
    /// The bytes to hand to libcsv (without the BOM, which libcsv rejects before a quoted cell).
    public var body: ByteBuffer
    public var delimiter: CSVDelimiter
}

public enum TextSniffer {
    /// Picks the encoding: a UTF-8 BOM or a file that is valid UTF-8 throughout is UTF-8;
    /// anything else is taken as CP932 and decoded cell by cell, so that a bad byte can be
    /// reported at its line and column instead of failing the whole file.
    public static func sniff(_ bytes: [UInt8]) -> SniffedText { sniff(ByteBuffer(bytes)) }

    /// `sniff` on bytes in place; the validating pass gives back a mapped file's pages behind it.
    public static func sniff(_ bytes: ByteBuffer) -> SniffedText {
        let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        let body = bom ? bytes.dropping(first: 3) : bytes
        // Checked with a BOM too (Excel's "CSV UTF-8" always writes one): a valid body's cells
        // are then decoded without checking each again, and can be read in place (`RawRows`).
        let valid = isValidUTF8(body)
        let encoding: TextEncoding = bom || valid ? .utf8 : .cp932
        return SniffedText(
            encoding: encoding, hadByteOrderMark: bom, validUTF8: valid, body: body,
            delimiter: sniffDelimiter(body))
    }

    /// Well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF),
    /// checked in place: building a String to find out would copy the whole file.
    public static func isValidUTF8(_ bytes: [UInt8]) -> Bool { isValidUTF8(ByteBuffer(bytes)) }

    /// `isValidUTF8` on bytes held elsewhere (a workbook's XML part), in place and on this thread.
    public static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let b = bytes.bindMemory(to: UInt8.self)
        return b.isEmpty || validUTF8(b, from: 0, to: b.count) != nil
    }

    /// `isValidUTF8` in place, giving back the pages of a mapped file behind the check.
    ///
    /// Bytes of at least `halvesFrom` are checked in two halves at once on a machine with two
    /// cores (the check comes before the parse can start, so one core would otherwise wait). The
    /// second half starts at the first byte at or after the middle that is not a continuation byte
    /// (10xxxxxx): in valid text that byte starts a character, and a character of the first half
    /// that runs into it is found ill-formed there, so the halves are valid exactly when the whole is.
    public static func isValidUTF8(_ bytes: ByteBuffer, halvesFrom: Int = 1 << 22) -> Bool {
        bytes.withUnsafeBytes { b in
            var middle = b.count / 2
            while middle < b.count && b[middle] & 0xC0 == 0x80 { middle += 1 }
            guard b.count >= halvesFrom, middle < b.count, ProcessInfo.processInfo.activeProcessorCount > 1 else {
                return validUTF8(b, bytes, from: 0, to: b.count)
            }
            let secondHalf = Checked()
            let done = DispatchSemaphore(value: 0)
            // The buffer stays alive: this call waits for the second half before it returns.
            nonisolated(unsafe) let whole = b
            let split = middle
            // A thread of its own, not a dispatch worker: a caller that is itself a worker (a
            // portfolio's group) waiting here could otherwise wait for a worker that never comes.
            Thread {
                secondHalf.valid = validUTF8(whole, bytes, from: split, to: whole.count)
                done.signal()
            }.start()
            let firstHalf = validUTF8(b, bytes, from: 0, to: split)
            done.wait()
            return firstHalf && secondHalf.valid
        }
    }

    /// Whether the characters that start in `range` are well-formed UTF-8, `range` starting on a
    /// character (a record's first byte); gives back the mapped pages behind the check.
    public static func isValidUTF8(_ bytes: ByteBuffer, in range: Range<Int>) -> Bool {
        bytes.withUnsafeBytes { b in
            range.lowerBound >= 0 && range.upperBound <= b.count && validUTF8(b, bytes, from: range.lowerBound, to: range.upperBound)
        }
    }

    /// One half's answer, written by its thread before the semaphore is signalled.
    private final class Checked: @unchecked Sendable {
        var valid = false
    }

    /// Checks the characters that start in `from..<to`, giving back the mapped pages behind.
    private static func validUTF8(_ b: UnsafeBufferPointer<UInt8>, _ bytes: ByteBuffer, from start: Int, to end: Int) -> Bool {
        var i = start
        while i < end {
            let limit = min(end, i + ByteBuffer.releaseStride)
            guard let reached = validUTF8(b, from: i, to: limit) else { return false }
            bytes.release(start..<reached)
            i = reached
        }
        return true
    }

    /// Checks the characters that start in `from..<to` (the last may end a few bytes past `to`);
    /// the index after the last one, or nil at the first ill-formed byte.
    private static func validUTF8(_ b: UnsafeBufferPointer<UInt8>, from: Int, to limit: Int) -> Int? {
        var i = from
        let n = b.count
        let raw = UnsafeRawBufferPointer(b)
        while i < limit {
            // Eight bytes at a time: past them when all are ASCII (most of a CSV file: digits,
            // commas, IDs), else straight to the first that is not (in memory order, the lowest
            // byte of the little-endian word), not byte by byte.
            if i + 8 <= limit {
                let high = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) & 0x8080_8080_8080_8080
                if high == 0 {
                    i += 8
                    continue
                }
                i += high.trailingZeroBitCount >> 3
            } else if b[i] < 0x80 {
                i += 1
                continue
            }
            // Kana and most kanji, one after another: a lead E1–EC or EE–EF (whose second byte may
            // be any continuation byte) and two continuation bytes, told by one test of four bytes
            // (the fourth not looked at). Over the benchmark's portfolio file (39% of its bytes in
            // Japanese names and words), on one thread, in a harness of the old and new loops
            // compiled with -O (3 runs each), these two loops took the check from 41–48 to 26–27 ms.
            while i + 4 <= n {
                let w = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt32.self))
                guard w & 0x00C0_C0F0 == 0x0080_80E0, w & 0x0F != 0, w & 0xFF != 0xED else { break }
                i += 3
                if i >= limit { return i }
            }
            let lead = b[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            let width: Int
            let low: UInt8
            let high: UInt8  // the allowed range of the second byte
            switch lead {
            case 0xC2...0xDF: (width, low, high) = (2, 0x80, 0xBF)
            case 0xE0: (width, low, high) = (3, 0xA0, 0xBF)
            case 0xE1...0xEC, 0xEE...0xEF: (width, low, high) = (3, 0x80, 0xBF)
            case 0xED: (width, low, high) = (3, 0x80, 0x9F)
            case 0xF0: (width, low, high) = (4, 0x90, 0xBF)
            case 0xF1...0xF3: (width, low, high) = (4, 0x80, 0xBF)
            case 0xF4: (width, low, high) = (4, 0x80, 0x8F)
            default: return nil
            }
            guard i + width <= n, (low...high).contains(b[i + 1]) else { return nil }
            for k in 2..<width where !(0x80...0xBF).contains(b[i + k]) { return nil }
            i += width
        }
        return i
    }

    /// Tab when the first line has more tabs than commas outside quotes (accounting exports);
    /// comma otherwise. CP932 trail bytes are never `,` `"` TAB CR or LF, so counting bytes is safe.
    static func sniffDelimiter(_ bytes: some Sequence<UInt8>) -> CSVDelimiter {
        var commas = 0
        var tabs = 0
        var quoted = false
        for byte in bytes {
            if byte == 0x22 { quoted.toggle() }
            if quoted { continue }
            if byte == 0x0A || byte == 0x0D { if commas + tabs > 0 { break } else { continue } }
            if byte == 0x2C { commas += 1 }
            if byte == 0x09 { tabs += 1 }
        }
        return tabs > commas ? .tab : .comma
    }

    /// The 0-based index of the first byte that is not valid in `encoding`, for error messages.
    public static func firstInvalidByte(_ bytes: [UInt8], in encoding: TextEncoding) -> Int? {
        if encoding.decode(bytes) != nil { return nil }
        // Grow a prefix until decoding fails for a reason other than a cut-off character.
        var index = 0
        while index < bytes.count {
            let width: Int
            switch encoding {
            case .utf8:
                let lead = bytes[index]
                width = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
            case .cp932:
                let lead = bytes[index]
                width = (0x81...0x9F).contains(lead) || (0xE0...0xFC).contains(lead) ? 2 : 1
            }
            let end = min(index + width, bytes.count)
            if encoding.decode(Array(bytes[index..<end])) == nil { return index }
            index = end
        }
        return nil
    }
}

extension TextSniffer {
    /// UTF-16 text (after its byte-order mark) as UTF-8 bytes, so that it is read like any CSV;
    /// nil when a code unit is broken (a lone surrogate, an odd byte at the end). Line breaks are
    /// kept, so line numbers stay those of the file.
    public static func utf8(fromUTF16 bytes: [UInt8], bigEndian: Bool) -> [UInt8]? {
        let body = bytes.dropFirst(2)
        guard body.count % 2 == 0 else { return nil }
        var units: [UInt16] = []
        units.reserveCapacity(body.count / 2)
        var i = body.startIndex
        while i < body.endIndex {
            let a = UInt16(body[i])
            let b = UInt16(body[i + 1])
            units.append(bigEndian ? a << 8 | b : b << 8 | a)
            i += 2
        }
        var out: [UInt8] = []
        out.reserveCapacity(units.count * 2)
        // `transcode` returns true when it stopped on an error.
        let failed = transcode(units.makeIterator(), from: UTF16.self, to: UTF8.self, stoppingOnError: true) { out.append($0) }
        return failed ? nil : out
    }
}

/// CP932 decoded from a table, for the many cells of a large file: each character the decoder
/// (`TextEncoding.cp932`, Foundation's) gives for a single byte or a lead and trail byte alone,
/// asked once per character (about 11,000 calls, made once, on first use). A cell is
/// decoded from the table only when every character in it is in the table; any other byte (one
/// the decoder refuses, or a lead byte without a trail) sends the whole cell to the decoder. The
/// decoder keeps no state from one character to the next, so a cell decodes to its characters'
/// decodings one after another (`CP932TableTests` compares the two on random cells).
public final class CP932Table: Sendable {
    public static let shared = CP932Table()

    /// Where each character's UTF-8 lies in `bytes`, as offset × 16 + length (0: not in the table);
    /// single bytes at their value, pairs at 256 + (lead − 0x80) × 256 + trail. Flat, so that a
    /// lookup copies no array (an array per character was retained and released at every use).
    private let characters: [UInt32]
    private let bytes: [UInt8]

    private init() {
        var table = [[UInt8]?](repeating: nil, count: 256 + 128 * 256)
        func decode(_ bytes: [UInt8]) -> [UInt8]? {
            guard let text = String(data: Data(bytes), encoding: .shiftJIS), !text.isEmpty else { return nil }
            return Array(text.utf8)
        }
        // ASCII bytes as the decoder maps them beside another character (alone, it passes them
        // through; beside one, DEL becomes SUB): each asked with あ (82 A0) after it.
        let a: [UInt8] = [0xE3, 0x81, 0x82]
        for byte in 0..<0x80 {
            if let both = decode([UInt8(byte), 0x82, 0xA0]), both.count > a.count, Array(both.suffix(a.count)) == a {
                table[byte] = Array(both.dropLast(a.count))
            }
        }
        for byte in 0x80..<256 { table[byte] = decode([UInt8(byte)]) }
        for lead in 0x81...0xFC where CP932Table.isLead(UInt8(lead)) {
            for trail in 0x40...0xFC where trail != 0x7F {
                table[256 + (lead - 0x80) * 256 + trail] = decode([UInt8(lead), UInt8(trail)])
            }
        }
        var characters = [UInt32](repeating: 0, count: table.count)
        var bytes: [UInt8] = []
        for (index, character) in table.enumerated() {
            guard let character, (1...15).contains(character.count) else { continue }
            characters[index] = UInt32(bytes.count) << 4 | UInt32(character.count)
            bytes += character
        }
        self.characters = characters
        self.bytes = bytes
    }

    static func isLead(_ byte: UInt8) -> Bool { (0x81...0x9F).contains(byte) || (0xE0...0xFC).contains(byte) }

    /// The cell's UTF-8 as `TextEncoding.cp932.decode` gives it, when every character in it is in
    /// the table; nil otherwise (ask the decoder).
    public func utf8(_ cell: UnsafeRawBufferPointer) -> [UInt8]? {
        // An ASCII cell is taken as it is, as `decode` takes it.
        if RecordRecoder.isASCII(cell) { return Array(cell) }
        var out: [UInt8] = []
        out.reserveCapacity(cell.count * 3 / 2 + 1)
        let found = characters.withUnsafeBufferPointer { characters in
            bytes.withUnsafeBufferPointer { bytes in
                var i = 0
                while i < cell.count {
                    let byte = cell[i]
                    let index: Int
                    if CP932Table.isLead(byte) {
                        guard i + 1 < cell.count else { return false }
                        index = 256 + (Int(byte) - 0x80) * 256 + Int(cell[i + 1])
                        i += 2
                    } else {
                        index = Int(byte)
                        i += 1
                    }
                    let entry = Int(characters[index])
                    guard entry != 0 else { return false }
                    let start = entry >> 4
                    for k in start..<start + (entry & 15) { out.append(bytes[k]) }
                }
                return true
            }
        }
        return found ? out : nil
    }
}

extension String {
    /// Whether any of the text's UTF-8 bytes satisfies `predicate`, read in place: a native
    /// string's bytes are contiguous, and `utf8.contains(where:)` went through the view's
    /// index-by-index iteration (two such scans were 8.7% of a 10,000-member report's Markdown). The
    /// CSV writer's quoting check and the presentation's scans of table text use it.
    /// Inlinable, so that each caller's predicate is compiled into the loop.
    @inlinable public func anyUTF8Byte(where predicate: (UInt8) -> Bool) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.contains(where: predicate) } ?? utf8.contains(where: predicate)
    }
}
