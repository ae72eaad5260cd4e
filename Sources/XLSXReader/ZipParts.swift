import CZlibInflate
import Foundation

/// The parts of a zip archive (an `.xlsx` workbook), found through its central directory and
/// each read within the bounds the directory gives: stored, or deflated (zlib, raw inflate), its
/// CRC-32 checked.
///
/// Written here rather than taken from ZIPFoundation, which the reader used before: its
/// extraction reads on past an entry's data to the end of the file and, when a deflate stream is
/// cut short, asks for more input forever (fuzzing found a workbook that made `check` spin until
/// killed; ZIPFoundation issue #191 is the same loop), and nothing outside it can bound that.
/// Here every read is bounded by the directory's sizes and the file's, and a stream that ends
/// before it is complete is malformed.
struct ZipParts {
    struct Part {
        let method: UInt16
        let flags: UInt16
        let crc32: UInt32
        let compressedSize: Int
        let uncompressedSize: Int
        let localHeader: Int
    }
    private let bytes: Data
    /// By path, as the central directory names them (the first, were a path listed twice).
    let parts: [String: Part]

    /// Reads the central directory of `bytes`; nil when it is not a zip archive this reader
    /// understands (no end record, a directory outside the file, more than `maxEntries` parts).
    init?(_ bytes: Data, maxEntries: Int) throws(XLSXReadError) {
        self.bytes = bytes
        let count = bytes.count
        guard count >= 22 else { return nil }
        // The end record: the last signature within the comment's reach of the end.
        var end: Int?
        var at = count - 22
        while at >= max(0, count - 22 - 0xFFFF) {
            if Self.u32(bytes, at) == 0x0605_4B50 {
                end = at
                break
            }
            at -= 1
        }
        guard let end else { return nil }
        var entries = Int(Self.u16(bytes, end + 10))
        var directorySize = Int(Self.u32(bytes, end + 12))
        var directory = Int(Self.u32(bytes, end + 16))
        if entries == 0xFFFF || directorySize == 0xFFFF_FFFF || directory == 0xFFFF_FFFF {
            // ZIP64: the locator just before the end record points at the ZIP64 end record.
            guard end >= 20, Self.u32(bytes, end - 20) == 0x0706_4B50,
                let record = Int(exactly: Self.u64(bytes, end - 12)), record >= 0, record + 56 <= count,
                Self.u32(bytes, record) == 0x0606_4B50,
                let e = Int(exactly: Self.u64(bytes, record + 32)), let s = Int(exactly: Self.u64(bytes, record + 40)),
                let d = Int(exactly: Self.u64(bytes, record + 48))
            else { return nil }
            (entries, directorySize, directory) = (e, s, d)
        }
        if entries > maxEntries { throw .tooLarge(entry: "(entries)", limit: maxEntries) }
        guard directory >= 0, directorySize >= 0, directory <= count, directorySize <= count - directory else { return nil }
        var parts: [String: Part] = [:]
        var p = directory
        for _ in 0..<entries {
            guard p + 46 <= directory + directorySize, Self.u32(bytes, p) == 0x0201_4B50 else { return nil }
            let nameLength = Int(Self.u16(bytes, p + 28))
            let extraLength = Int(Self.u16(bytes, p + 30))
            let commentLength = Int(Self.u16(bytes, p + 32))
            let next = p + 46 + nameLength + extraLength + commentLength
            guard next <= directory + directorySize else { return nil }
            var compressed = UInt64(Self.u32(bytes, p + 20))
            var uncompressed = UInt64(Self.u32(bytes, p + 24))
            var local = UInt64(Self.u32(bytes, p + 42))
            // A ZIP64 extra field gives, in this order, each size or offset the record left at 0xFFFFFFFF.
            var extra = p + 46 + nameLength
            while extra + 4 <= p + 46 + nameLength + extraLength {
                let (id, size) = (Self.u16(bytes, extra), Int(Self.u16(bytes, extra + 2)))
                guard extra + 4 + size <= p + 46 + nameLength + extraLength else { return nil }
                if id == 0x0001 {
                    var field = extra + 4
                    let fieldEnd = extra + 4 + size
                    func take(_ value: inout UInt64) -> Bool {
                        guard value == 0xFFFF_FFFF else { return true }
                        guard field + 8 <= fieldEnd else { return false }
                        value = Self.u64(bytes, field)
                        field += 8
                        return true
                    }
                    guard take(&uncompressed), take(&compressed), take(&local) else { return nil }
                }
                extra += 4 + size
            }
            let name = String(decoding: bytes[bytes.startIndex + p + 46..<bytes.startIndex + p + 46 + nameLength], as: UTF8.self)
            guard let c = Int(exactly: compressed), let u = Int(exactly: uncompressed), let l = Int(exactly: local) else { return nil }
            if parts[name] == nil {
                parts[name] = Part(
                    method: Self.u16(bytes, p + 10), flags: Self.u16(bytes, p + 8), crc32: Self.u32(bytes, p + 16),
                    compressedSize: c, uncompressedSize: u, localHeader: l)
            }
            p = next
        }
        self.parts = parts
    }

    /// Part `name`'s bytes, at most `limit` of them; nil when there is no such part.
    func extract(_ name: String, limit: Int) throws(XLSXReadError) -> Data? {
        guard let part = parts[name] else { return nil }
        let count = bytes.count
        let l = part.localHeader
        // Encrypted parts (flag bit 0) are not a workbook's.
        guard part.flags & 1 == 0, l >= 0, l + 30 <= count, Self.u32(bytes, l) == 0x0403_4B50 else { throw .malformed(part: name) }
        let start = l + 30 + Int(Self.u16(bytes, l + 26)) + Int(Self.u16(bytes, l + 28))
        guard start <= count, part.compressedSize <= count - start else { throw .malformed(part: name) }
        let input = bytes[bytes.startIndex + start..<bytes.startIndex + start + part.compressedSize]
        let out: Data
        switch part.method {
        case 0:
            guard part.compressedSize <= limit else { throw .tooLarge(entry: name, limit: limit) }
            out = Data(input)
        case 8:
            out = try Self.inflate(input, limit: limit, name: name)
        default:
            throw .malformed(part: name)
        }
        let crc = out.withUnsafeBytes { raw in
            crc32(0, raw.bindMemory(to: Bytef.self).baseAddress, uInt(raw.count))
        }
        guard UInt32(crc) == part.crc32, out.count == part.uncompressedSize else { throw .malformed(part: name) }
        return out
    }

    /// A raw deflate stream that must end within `input`; its output counted as it is produced.
    private static func inflate(_ input: Data, limit: Int, name: String) throws(XLSXReadError) -> Data {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .malformed(part: name)
        }
        defer { inflateEnd(&stream) }
        var out = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        /// Z_STREAM_END when the stream ended; nil when the output passed `limit`; else why it stopped.
        let result: Int32? = input.withUnsafeBytes { raw -> Int32? in
            stream.next_in = UnsafeMutablePointer(mutating: raw.bindMemory(to: Bytef.self).baseAddress)
            stream.avail_in = uInt(raw.count)
            while true {
                let status = buffer.withUnsafeMutableBufferPointer { b -> Int32 in
                    stream.next_out = b.baseAddress
                    stream.avail_out = uInt(b.count)
                    return CZlibInflate.inflate(&stream, Z_NO_FLUSH)
                }
                let produced = buffer.count - Int(stream.avail_out)
                guard out.count + produced <= limit else { return nil }
                out.append(contentsOf: buffer[0..<produced])
                if status == Z_STREAM_END || status != Z_OK { return status }
                // The input used up with the stream not ended: cut short.
                if produced == 0 && stream.avail_in == 0 { return Z_BUF_ERROR }
            }
        }
        guard let result else { throw .tooLarge(entry: name, limit: limit) }
        guard result == Z_STREAM_END else { throw .malformed(part: name) }
        return out
    }

    private static func u16(_ d: Data, _ at: Int) -> UInt16 {
        guard at >= 0, at + 2 <= d.count else { return 0 }
        let i = d.startIndex + at
        return UInt16(d[i]) | UInt16(d[i + 1]) << 8
    }
    private static func u32(_ d: Data, _ at: Int) -> UInt32 {
        guard at >= 0, at + 4 <= d.count else { return 0 }
        return UInt32(u16(d, at)) | UInt32(u16(d, at + 2)) << 16
    }
    private static func u64(_ d: Data, _ at: Int) -> UInt64 {
        guard at >= 0, at + 8 <= d.count else { return 0 }
        return UInt64(u32(d, at)) | UInt64(u32(d, at + 4)) << 32
    }
}
