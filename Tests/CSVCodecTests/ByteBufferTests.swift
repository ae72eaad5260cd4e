import Foundation
import Testing

@testable import CSVCodec

/// Files are read through a read-only mapping whose pages are given back behind each pass; none of
/// that may change a byte of what is read.
@Suite("ByteBuffer: a mapped file reads exactly as its bytes")
struct ByteBufferTests {
    static func temporaryFile(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bytebuffer-\(UUID().uuidString).csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// About 20 MiB of CSV: more than two release strides, with quoted cells holding commas,
    /// line breaks and Japanese text, so pages are given back in the middle of quoted cells.
    static func largeCSV() -> [UInt8] {
        var text = "事業者ID,事業者名,営業利益\n"
        var i = 0
        while text.utf8.count < 20 << 20 {
            text += i % 7 == 0 ? "M\(i),\"山田\n商店, \(i)\",\"1,234\"\n" : "M\(i),会員\(i),\(i * 13)\n"
            i += 1
        }
        return Array(text.utf8)
    }

    @Test func aMappedFileParsesLikeItsBytesAndReleasingChangesNothing() throws {
        let bytes = Self.largeCSV()
        let path = try Self.temporaryFile(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let mapped = try #require(ByteBuffer.file(path))
        #expect(mapped.isMapped)
        #expect(mapped.count == bytes.count)
        #expect(mapped.elementsEqual(bytes))

        var fromMap: [CSVRecord] = []
        let parsed = CSVReader.forEachRecord(mapped, part: CSVReader.Part(mapped)) { fromMap.append($0.record) }
        let inMemory = CSVReader.read(bytes)
        #expect(fromMap == inMemory.records)
        #expect(parsed.document.errors == inMemory.errors)
        #expect(inMemory.records.count > 400_000)
        // Every page was given back behind the parser; reading again reads the file again.
        #expect(mapped.elementsEqual(bytes))
        mapped.release(0..<mapped.count)
        #expect(mapped.elementsEqual(bytes))

        let sniffed = TextSniffer.sniff(mapped)
        #expect(sniffed.encoding == .utf8)
        #expect(sniffed.body.elementsEqual(bytes))
        let cut = try #require(CSVReader.split(mapped, CSVReader.Part(mapped), minimumBytes: 0))
        let cutInMemory = try #require(CSVReader.split(bytes, CSVReader.Part(bytes), minimumBytes: 0))
        #expect(cut.0 == cutInMemory.0 && cut.1 == cutInMemory.1)
        #expect(cut.0.range.upperBound > bytes.count / 2)
    }

    @Test func anInvalidByteAfterTheFirstReleaseIsStillFound() throws {
        var bytes = Self.largeCSV()
        bytes[bytes.count - 10] = 0xFF  // past two release strides
        let path = try Self.temporaryFile(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let mapped = try #require(ByteBuffer.file(path))
        #expect(!TextSniffer.isValidUTF8(mapped))
        #expect(TextSniffer.sniff(mapped).encoding == .cp932)
        // A three-byte character cut by a stride boundary is still one valid character.
        let stride = ByteBuffer.releaseStride
        var straddling = [UInt8](repeating: 0x61, count: stride - 1) + Array("あ".utf8) + [0x0A]
        #expect(TextSniffer.isValidUTF8(ByteBuffer(straddling)))
        straddling[stride] = 0x41  // the character's second byte broken
        #expect(!TextSniffer.isValidUTF8(ByteBuffer(straddling)))
        // A large file is checked in two halves at once: a bad byte in the first half is found,
        // and a character across the middle is one valid character, or found broken.
        var early = Self.largeCSV()
        early[10] = 0xFF
        #expect(!TextSniffer.isValidUTF8(ByteBuffer(early)))
        for at in 0..<3 {
            var across = [UInt8](repeating: 0x61, count: 1 << 23)
            let start = across.count / 2 - at
            across.replaceSubrange(start..<start + 3, with: Array("あ".utf8))
            #expect(TextSniffer.isValidUTF8(ByteBuffer(across)), "starting \(at) before the middle")
            across[start + 2] = 0x41
            #expect(!TextSniffer.isValidUTF8(ByteBuffer(across)), "broken, starting \(at) before the middle")
            across[start + 2] = 0x81
            across[start] = 0x61  // now a stray continuation byte
            #expect(!TextSniffer.isValidUTF8(ByteBuffer(across)), "stray, starting \(at) before the middle")
        }
    }

    @Test func aByteOrderMarkIsDroppedWithoutCopying() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("id,x\n1,2\n".utf8)
        let path = try Self.temporaryFile(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sniffed = TextSniffer.sniff(try #require(ByteBuffer.file(path)))
        #expect(sniffed.hadByteOrderMark)
        #expect(sniffed.body.elementsEqual(bytes.dropFirst(3)))
        #expect(sniffed.body.first == 0x69)
        #expect(Array(sniffed.body[3..<5]) == Array("x\n".utf8))
    }

    /// A file under `mappedFrom` bytes is read into memory, one of that size or more is mapped;
    /// either way the bytes are the file's.
    @Test func smallFilesAreReadAndLargeOnesMapped() throws {
        let large = Self.largeCSV()
        for size in [1, 4_095, 27_000, ByteBuffer.mappedFrom - 1, ByteBuffer.mappedFrom, ByteBuffer.mappedFrom + 1] {
            let bytes = Array(large.prefix(size))
            let path = try Self.temporaryFile(bytes)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let buffer = try #require(ByteBuffer.file(path))
            #expect(buffer.isMapped == (size >= ByteBuffer.mappedFrom), "\(size) bytes")
            #expect(buffer.count == size && buffer.elementsEqual(bytes), "\(size) bytes")
            #expect(buffer.dropping(first: 3).elementsEqual(bytes.dropFirst(3)), "\(size) bytes")
        }
    }

    @Test func emptyFilesDevicesAndMissingFiles() throws {
        let path = try Self.temporaryFile([])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let empty = try #require(ByteBuffer.file(path))
        #expect(empty.isEmpty && !empty.isMapped)
        #expect(ByteBuffer.file(path + ".missing") == nil)
        #expect(PathKind(path) == .regularFile && PathKind(path + ".missing") == .missing)
    }

    /// A device or a named pipe is not read: /dev/zero would never end, and a pipe with nothing
    /// writing to it is opened without waiting (a plain open waits until a writer comes).
    @Test func devicesAndNamedPipesAreNotRead() throws {
        #expect(ByteBuffer.file("/dev/zero") == nil && ByteBuffer.file("/dev/null") == nil)
        #expect(PathKind("/dev/zero") == .special && PathKind("/tmp") == .directory)
        let pipe = FileManager.default.temporaryDirectory.appendingPathComponent("pipe-\(UUID().uuidString)").path
        try #require(mkfifo(pipe, 0o600) == 0)
        defer { try? FileManager.default.removeItem(atPath: pipe) }
        // Should the open wait, a writer comes after 20 seconds and goes at once, ending the read
        // (as an empty file) so that the test fails instead of hanging.
        let watchdog = DispatchWorkItem {
            for _ in 0..<100 {
                let fd = open(pipe, O_WRONLY | O_NONBLOCK)
                if fd >= 0 { close(fd) }
                usleep(100_000)
            }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + 20, execute: watchdog)
        defer { watchdog.cancel() }
        #expect(PathKind(pipe) == .special)
        #expect(ByteBuffer.file(pipe) == nil)
    }
}
