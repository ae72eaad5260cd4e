import Testing

@testable import CSVCodec

private func read(_ text: String, delimiter: CSVDelimiter = .comma) -> CSVDocument {
    CSVReader.read(Array(text.utf8), delimiter: delimiter)
}

private func texts(_ record: CSVRecord) -> [String?] {
    record.fields.map { $0.bytes.map { String(decoding: $0, as: UTF8.self) } }
}

@Suite("CSVReader: libcsv with line numbers")
struct CSVReaderTests {
    @Test func recordsCarryTheirLines() {
        let doc = read("a,b\r\n1,2\r\n3,4\r\n")
        #expect(doc.records.map(\.line) == [1, 2, 3])
        #expect(texts(doc.records[1]) == ["1", "2"])
        #expect(doc.errors.isEmpty)
        #expect(doc.lineCount == 3)
    }

    @Test func lastLineWithoutNewlineIsRead() {
        let doc = read("a,b\n1,2")
        #expect(doc.records.count == 2)
        #expect(texts(doc.records[1]) == ["1", "2"])
        #expect(doc.records[1].line == 2)
    }

    @Test func quotedCellsWithCommasAndLineBreaksSpanLines() {
        let doc = read("id,reason,x\n1,\"closed, typhoon\nfor two weeks\",9\n2,ok,8\n")
        #expect(doc.records.count == 3)
        #expect(texts(doc.records[1]) == ["1", "closed, typhoon\nfor two weeks", "9"])
        #expect(doc.records[1].line == 2)
        #expect(doc.records[1].endLine == 3)
        #expect(doc.records[1].fields.map(\.line) == [2, 2, 3])
        #expect(doc.records[2].line == 4)
    }

    /// A record's `startByte` is a place to start parsing again: from each record that has one,
    /// a new parser (given the record's line) reads the same records as the whole parse does
    /// from that record on, over quoted line breaks, blank lines, a misplaced quote, CRLF and CR
    /// line ends. A record that starts inside a line (after a lone CR in an LF file) has none.
    @Test(arguments: ["\n", "\r\n", "\r"])
    func aRecordsStartByteIsWhereParsingCanStartAgain(newline: String) {
        let lines = [
            "id,reason,x", "1,\"closed, typhoon", "for two weeks\",9", "", "2,ok,8", "3,b\"ad,7", "4,\"\"\"q\"\"\",6", "", "",
            "5,\"a", "", "b\",5", "6,last,4",
        ]
        let text = Array(lines.joined(separator: newline).utf8) + Array(newline.utf8)
        let whole = CSVReader.Part(text)
        var records: [(record: CSVRecord, start: Int)] = []
        _ = CSVReader.forEachRecord(text, part: whole) { records.append(($0.record, $0.startByte)) }
        #expect(records.map(\.record.line) == [1, 2, 5, 7, 10, 13])
        #expect(records.allSatisfy { $0.start >= 0 })
        for (index, (record, start)) in records.enumerated() {
            var again: [CSVRecord] = []
            let part = CSVReader.Part(range: start..<text.count, firstLine: record.line, terminator: whole.terminator)
            _ = CSVReader.forEachRecord(text, part: part) { again.append($0.record) }
            #expect(again == records[index...].map(\.record), "from record \(index) (newline \(Array(newline.utf8)))")
        }
        // LF lines with a lone CR inside one: the record after it starts inside the line.
        let mixed = Array("a,b\n1,2\r3,4\n5,6\n".utf8)
        var starts: [Int] = []
        _ = CSVReader.forEachRecord(mixed, part: CSVReader.Part(mixed)) { starts.append($0.startByte) }
        #expect(starts == [0, 4, -1, 12])
    }

    /// Parts parsed one after another by one parser (`forEachRecord(_:parts:…)`, as a pass over
    /// an unsorted file reads its scattered records) give exactly what parsing each part apart
    /// gives: the records with their lines, blank lines and errors, for every record on its own,
    /// every other record, runs of them, and a part cut inside a quoted cell (finished as an
    /// unterminated quote, the next part then read by a fresh parser). `accept` saying no stops
    /// before the part it refuses.
    @Test(arguments: ["\n", "\r\n", "\r"])
    func partsParsedWithOneParserAreReadAsApart(newline: String) throws {
        let lines = [
            "id,reason,x", "1,\"closed, typhoon", "for two weeks\",9", "", "2,ok,8", "3,b\"ad,7", "4,\"\"\"q\"\"\",6", "", "",
            "5,\"a", "", "b\",5", "6,last,4",
        ]
        let text = Array(lines.joined(separator: newline).utf8) + Array(newline.utf8)
        let bytes = ByteBuffer(text)
        let whole = CSVReader.Part(text)
        var records: [(line: Int, start: Int)] = []
        _ = CSVReader.forEachRecord(text, part: whole) { records.append(($0.line, $0.startByte)) }
        let parts = records.indices.map { index in
            CSVReader.Part(
                range: records[index].start..<(index + 1 < records.count ? records[index + 1].start : text.count),
                firstLine: records[index].line, terminator: whole.terminator)
        }
        // Record 1's part cut inside its quoted cell, then record 2's.
        let cut = CSVReader.Part(range: parts[1].range.lowerBound..<parts[1].range.lowerBound + 5, firstLine: 2, terminator: whole.terminator)
        let lists: [[CSVReader.Part]] = [
            parts, parts.enumerated().filter { $0.offset % 2 == 0 }.map(\.element), parts.enumerated().filter { $0.offset % 2 == 1 }.map(\.element),
            [CSVReader.Part(range: parts[0].range.lowerBound..<parts[2].range.upperBound, firstLine: 1, terminator: whole.terminator), parts[4]],
            [parts[0], cut, parts[2], parts[5]], [],
        ]
        for (l, list) in lists.enumerated() {
            var apart: [CSVRecord] = []
            var (blank, errors): ([Int], [CSVSyntaxError]) = ([], [])
            for part in list {
                let parsed = CSVReader.forEachRecord(bytes, part: part) { apart.append($0.record) }
                blank += parsed.document.blankLines
                errors += parsed.document.errors
            }
            var together: [CSVRecord] = []
            let parsed = try #require(CSVReader.forEachRecord(bytes, parts: list) { together.append($0.record) })
            let label = "list \(l) (newline \(Array(newline.utf8)))"
            #expect(together == apart, "\(label)")
            #expect(parsed.document.blankLines == blank && parsed.document.errors == errors, "\(label)")
            if l == 0 { #expect(together.map(\.line) == [1, 2, 5, 7, 10, 13]) }
            if l == 4 { #expect(errors.map(\.kind) == [.unterminatedQuote, .misplacedQuote] && together.map(\.line) == [1, 5, 13]) }
        }
        var asked = 0
        var read: [Int] = []
        let refused = CSVReader.forEachRecord(
            bytes, parts: parts,
            accept: { _ in
                asked += 1
                return asked < 4
            }, { read.append($0.line) })
        #expect(refused == nil && read == [1, 2, 5])
    }

    @Test func emptyCellsAreNilButQuotedEmptyIsNot() {
        let doc = read("a,,\"\"\n")
        #expect(doc.records[0].fields.map(\.bytes) == [[0x61], nil, []])
    }

    @Test func blankLinesAreListedNotLost() {
        let doc = read("a,b\n\n1,2\r\n\r\n3,4\n")
        #expect(doc.blankLines == [2, 4])
        #expect(doc.records.map(\.line) == [1, 3, 5])
    }

    @Test func misplacedQuoteIsReportedAndReadingResumes() {
        let doc = read("a,b\n1,\"x\"y\n2,3\n")
        #expect(doc.errors.count == 1)
        let error = doc.errors[0]
        #expect(error.kind == .misplacedQuote)
        #expect(error.line == 2)
        #expect(error.byteColumn == 6)  // the y after the closing quote
        #expect(error.skippedLines == 2...2)
        #expect(doc.records.map(\.line) == [1, 3])
        #expect(texts(doc.records[1]) == ["2", "3"])
    }

    @Test func unterminatedQuoteNamesTheLineWhereItOpened() {
        let doc = read("a,b\n1,2\n3,\"never closed\n4,5\n6,7\n")
        #expect(doc.errors.count == 1)
        #expect(doc.errors[0].kind == .unterminatedQuote)
        #expect(doc.errors[0].line == 3)
        #expect(doc.errors[0].skippedLines == 3...5)
        #expect(doc.records.map(\.line) == [1, 2])
    }

    @Test func unterminatedQuoteInFirstCell() {
        let doc = read("a,b\n\"open\n")
        #expect(doc.errors.map(\.line) == [2])
    }

    @Test func tabDelimitedKeepsEmptyCells() {
        let doc = read("a\tb\tc\n1\t\t3\n", delimiter: .tab)
        #expect(texts(doc.records[1]) == ["1", nil, "3"])
    }

    @Test func bareCarriageReturnLineEndings() {
        let doc = read("a,b\r1,2\r3,4\r")
        #expect(doc.records.map(\.line) == [1, 2, 3])
    }

    @Test func nulBytesAndHugeFieldsDoNotCrash() {
        var bytes = Array("a,b\n".utf8)
        bytes += [0x31, 0x00, 0x32, 0x2C, 0x33, 0x0A]
        bytes += Array(repeating: 0x39, count: 1_000_000) + [0x2C, 0x31, 0x0A]
        let doc = CSVReader.read(bytes)
        #expect(doc.records.count == 3)
        #expect(doc.records[1].fields[0].bytes == [0x31, 0x00, 0x32])
        #expect(doc.records[2].fields[0].bytes?.count == 1_000_000)
    }

    /// Cells of every length from 1 to 600 bytes, short ones copied byte by byte and long ones
    /// whole, in records that outgrow the record buffer more than once: every byte comes back.
    @Test func cellsOfEveryLengthComeBackWhole() {
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
        var cells: [[UInt8]] = []
        for length in 1...600 { cells.append((0..<length).map { letters[($0 * 7 + length) % letters.count] }) }
        var bytes: [UInt8] = []
        var expected: [[[UInt8]?]] = []
        for start in stride(from: 0, to: cells.count, by: 37) {
            let record = Array(cells[start..<min(start + 37, cells.count)].reversed())
            expected.append(record.map { $0 })
            bytes += Array(record.joined(separator: [0x2C])) + [0x0A]
        }
        let doc = CSVReader.read(bytes)
        #expect(doc.records.map { $0.fields.map(\.bytes) } == expected)
    }

    /// The eight-bytes-at-a-time count agrees with a byte-by-byte count on random words, and the cut
    /// it finds is the one a byte-by-byte walk finds (the first line end past the middle with an
    /// even number of quotes before it), on random text of quotes, commas and line ends.
    @Test func splitCountsQuotesEightBytesAtATime() throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<10_000 {
            let alphabet: [UInt8] = [0x22, 0x0A, 0x0D, 0x2C, 0x41, 0x00, 0x80, 0xA2, 0xFF]
            let bytes = (0..<8).map { _ in alphabet.randomElement(using: &rng)! }
            let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            for byte in alphabet { #expect(CSVReader.matches(word, byte) == bytes.filter { $0 == byte }.count) }
        }
        // Long inputs count in sixteen-byte blocks over more than 255 rounds; runs of nothing but
        // line ends or quotes fill every lane of the block counters on every round.
        let lengths = [0, 1, 7, 8, 9, 63, 64, 65, 200, 1_001, 9_000, 40_000]
        let runs: [[UInt8]] = [
            [UInt8](repeating: 0x0A, count: 20_000), [UInt8](repeating: 0x22, count: 20_000) + [0x0A, 0x41, 0x0A, 0x41],
            [UInt8](repeating: 0x22, count: 19_999) + [0x0A, 0x22, 0x0A, 0x41],
        ]
        for length in lengths.indices + runs.indices.map({ lengths.count + $0 }) {
            for _ in 0..<(length < lengths.count ? 20 : 1) {
                let bytes =
                    length < lengths.count
                    ? (0..<lengths[length]).map { _ in [UInt8(0x22), 0x0A, 0x2C, 0x41, 0x42].randomElement(using: &rng)! }
                    : runs[length - lengths.count]
                let part = CSVReader.Part(bytes)
                let middle = bytes.count / 2
                var expected: (Int, Int)?
                var quotes = 0
                var lines = 0
                for (i, byte) in bytes.enumerated() {
                    if byte == 0x22 { quotes += 1 }
                    if byte == 0x0A {
                        lines += 1
                        if i >= middle, quotes % 2 == 0 {
                            if i + 1 < bytes.count { expected = (i + 1, 1 + lines) }
                            break
                        }
                    }
                }
                let cut = CSVReader.split(bytes, part, minimumBytes: 0)
                #expect(cut?.0.range.upperBound == expected?.0 && cut?.1.firstLine == expected?.1, "\(bytes)")
            }
        }
    }

    /// The first line break (LF or CR) at or after a place, eight bytes at a time, is the one a
    /// byte-by-byte search finds: from every place of random texts of every length up to 40 (LF, CR,
    /// the bytes one bit from them, the high-bit bytes whose low bits match them), and in long
    /// texts with none, or one only in the last byte.
    @Test func lineBreaksAreFoundEightBytesAtATime() {
        var rng = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [0x0A, 0x0D, 0x0B, 0x0C, 0x0E, 0x8A, 0x8D, 0x2C, 0x41, 0x00, 0xFF, 0x09]
        var texts: [[UInt8]] = (0..<4_000).map { n in (0..<(n % 41)).map { _ in alphabet[Int.random(in: 2..<alphabet.count, using: &rng)] } }
        for t in texts.indices where t % 3 != 0 {
            for _ in 0..<(t % 3) where !texts[t].isEmpty {
                texts[t][Int.random(in: 0..<texts[t].count, using: &rng)] = [0x0A, 0x0D].randomElement(using: &rng)!
            }
        }
        texts += [[UInt8](repeating: 0x8A, count: 1_003), [UInt8](repeating: 0x41, count: 1_000) + [0x0D]]
        var found = 0
        for text in texts {
            text.withUnsafeBufferPointer { bytes in
                for start in 0...text.count {
                    let expected = text[start...].firstIndex { $0 == 0x0A || $0 == 0x0D } ?? text.count
                    #expect(CSVReader.lineBreak(in: bytes, from: start) == expected, "\(text) from \(start)")
                    if expected < text.count { found += 1 }
                }
            }
        }
        #expect(found > 10_000)
    }

    /// A short cell's copy writes exactly its bytes, at every length up to 16 and every offset in a
    /// word: the bytes around it (source and target) are left as they were.
    @Test func shortCopiesWriteExactlyTheirBytes() {
        let source: [UInt8] = (0..<40).map { UInt8(0x41 + $0) }
        for count in 0...16 {
            for offset in 0..<8 {
                var target = [UInt8](repeating: 0xEE, count: 40)
                source.withUnsafeBytes { from in
                    target.withUnsafeMutableBytes { to in
                        CSVReader.copyShort(to: to.baseAddress! + 8 + offset, from: from.baseAddress! + offset, count: count)
                    }
                }
                let expected =
                    [UInt8](repeating: 0xEE, count: 8 + offset) + source[offset..<offset + count]
                    + [UInt8](repeating: 0xEE, count: 32 - offset - count)
                #expect(target == expected, "count \(count), offset \(offset)")
            }
        }
    }

    @Test func emptyInput() {
        let doc = read("")
        #expect(doc.records.isEmpty)
        #expect(doc.errors.isEmpty)
        #expect(doc.lineCount == 0)
    }
}

@Suite("TextSniffer: encodings and delimiters")
struct TextSnifferTests {
    /// The in-place UTF-8 check decides as the standard library's validating decoder does: on every
    /// boundary case of RFC 3629 and on 100,000 random byte strings biased toward multi-byte leads
    /// (a fixed linear congruential sequence, so a failure repeats).
    @Test func utf8CheckAgreesWithTheStandardLibrary() {
        let cases: [[UInt8]] = [
            [], [0x41], [0xC2, 0x80], [0xC1, 0xBF], [0xE0, 0xA0, 0x80], [0xE0, 0x9F, 0xBF], [0xED, 0x9F, 0xBF],
            [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF0, 0x8F, 0xBF, 0xBF],
            [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xE3, 0x81], [0x80], [0xFF],
            Array("事業者ID,年度".utf8),
        ]
        for bytes in cases {
            #expect(TextSniffer.isValidUTF8(bytes) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
        }
        var state: UInt64 = 12345
        func next() -> UInt8 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        var valid = 0
        for _ in 0..<100_000 {
            let bytes = (0..<Int(next() % 8)).map { _ in
                let b = next()
                return b < 0x60 ? 0x80 | (b & 0x3F) : b < 0x90 ? 0xE0 | (b & 0x0F) : b  // plenty of leads and continuations
            }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            if expected { valid += 1 }
            #expect(TextSniffer.isValidUTF8(bytes) == expected, "\(bytes)")
        }
        #expect(valid > 1_000)
        // Runs of ASCII of every length around the eight bytes read at once, with a lead,
        // continuation or stray byte between them, so a bad byte falls at each place of a word.
        var validLong = 0
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(next() % 4) + 1 {
                bytes += (0..<Int(next() % 20)).map { _ in 0x20 + next() % 0x5F }
                let b = next()
                if b < 0x40 {
                    bytes += Array("名".utf8)
                } else if b < 0x50 {
                    bytes.append(0x80 | (b & 0x3F))
                } else if b < 0x60 {
                    bytes += [0xE3, 0x81]
                }
            }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            if expected { validLong += 1 }
            #expect(TextSniffer.isValidUTF8(bytes) == expected, "\(bytes)")
            // Checked in two halves at once, split wherever the middle falls.
            #expect(TextSniffer.isValidUTF8(ByteBuffer(bytes), halvesFrom: 0) == expected, "\(bytes)")
        }
        #expect(validLong > 1_000 && validLong < 19_000)
        // Runs of multi-byte characters (read a word at a time when they are kana or kanji) with the
        // leads whose second byte is narrower (E0, ED), two- and four-byte characters, a surrogate,
        // a cut character and a stray continuation byte among them, at every place of a run.
        let pieces: [[UInt8]] = [
            Array("名".utf8), Array("あ".utf8), Array("業".utf8), [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], Array("é".utf8),
            Array("😀".utf8), [0x41], [0x2C], [0xED, 0xA0, 0x80], [0xE0, 0x9F, 0xBF], [0xE3, 0x81], [0x80], [0xE3, 0x41, 0x81],
        ]
        var validRuns = 0
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(next() % 24) + 1 {
                let b = Int(next())
                // Mostly the valid pieces (the first nine), now and then a broken one.
                bytes += pieces[b < 240 ? b % 9 : 9 + b % 5]
            }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            if expected { validRuns += 1 }
            #expect(TextSniffer.isValidUTF8(bytes) == expected, "\(bytes)")
            #expect(TextSniffer.isValidUTF8(ByteBuffer(bytes), halvesFrom: 0) == expected, "\(bytes)")
        }
        #expect(validRuns > 1_000 && validRuns < 19_000)
    }

    @Test func utf8ByteOrderMarkIsStripped() {
        let sniffed = TextSniffer.sniff([0xEF, 0xBB, 0xBF] + Array("\"id\",x\n".utf8))
        #expect(sniffed.encoding == .utf8)
        #expect(sniffed.hadByteOrderMark)
        #expect(sniffed.body.first == 0x22)
        // libcsv would reject the BOM before a quoted cell; without it the record reads cleanly.
        #expect(CSVReader.read(Array(sniffed.body)).errors.isEmpty)
    }

    @Test func cp932IsDetectedAndDecodedWithItsExtensions() {
        // "㈱髙橋①" in CP932: ㈱ 878A (NEC row 13), 髙 FBFC (IBM extension), 橋 8BB4, ① 8740
        let bytes: [UInt8] = [0x87, 0x8A, 0xFB, 0xFC, 0x8B, 0xB4, 0x87, 0x40]
        let sniffed = TextSniffer.sniff(bytes + [0x2C, 0x31, 0x0A])
        #expect(sniffed.encoding == .cp932)
        #expect(TextEncoding.cp932.decode(bytes) == "㈱髙橋①")
    }

    /// UTF-8 cells are accepted exactly when the standard library's validation accepts them:
    /// valid text (a real U+FFFD included) and every kind of malformed sequence.
    @Test func utf8CellsAreValidatedExactly() {
        let cases: [[UInt8]] = [
            Array("山田商店".utf8), Array("ok".utf8), [], [0xEF, 0xBF, 0xBD], Array("a\u{FFFD}b".utf8),
            [0xFF], [0x80], [0xE5, 0xB1], [0xE5, 0xB1, 0xB1, 0x80], [0xC0, 0x80], [0xED, 0xA0, 0x80],
            [0xF4, 0x90, 0x80, 0x80], [0xF0, 0x9F, 0x8D], [0x61, 0xEF, 0xBF], Array("株".utf8) + [0xE6],
        ]
        for bytes in cases {
            #expect(TextEncoding.utf8.decode(bytes) == String(validating: bytes, as: UTF8.self), "\(bytes)")
        }
        #expect(TextEncoding.utf8.decode([0xE5, 0xB1]) == nil)
        #expect(TextEncoding.utf8.decode([0xEF, 0xBF, 0xBD]) == "\u{FFFD}")
    }

    @Test func cp932MinusDecodesToFullWidthHyphenMinus() {
        #expect(TextEncoding.cp932.decode([0x81, 0x7C]) == "\u{FF0D}")
        #expect(TextEncoding.cp932.decode([0x81, 0xA2]) == "△")
    }

    @Test func firstInvalidByteIsFound() {
        #expect(TextSniffer.firstInvalidByte([0x41, 0x42, 0xFF, 0x43], in: .utf8) == 2)
        #expect(TextSniffer.firstInvalidByte([0x41, 0x82, 0xA0, 0x85, 0x40], in: .cp932) == 3)
        #expect(TextSniffer.firstInvalidByte([0x41], in: .cp932) == nil)
    }

    @Test(arguments: [
        ("a,b,c\n", CSVDelimiter.comma),
        ("a\tb\tc\n", .tab),
        ("\"x,y\"\tb\tc\n", .tab),
        ("\n\na\tb\n", .tab),
    ])
    func delimiterIsSniffedFromTheFirstLine(text: String, expected: CSVDelimiter) {
        #expect(TextSniffer.sniffDelimiter(Array(text.utf8)) == expected)
    }
}
