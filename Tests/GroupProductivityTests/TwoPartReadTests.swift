import Foundation
import Testing

@testable import CSVCodec
@testable import GroupProductivity

/// A large file is parsed in two parts on two cores; these tests cut small files the same way
/// (`partBytes: 0`) and compare with one pass (`partBytes: .max`), with the middle of the file
/// falling in many places: inside quoted cells holding line breaks, inside a group, between groups.
@Suite("two-part reading gives exactly what one pass gives")
struct TwoPartReadTests {
    /// Where `split` cuts the file at `path`, and whether the first line break after the middle
    /// was inside a quoted cell (so the cut had to step past it).
    static func cut(_ path: String) throws -> (offset: Int, middleInQuotes: Bool) {
        var bytes = try #require(ByteBuffer.file(path).map { Array($0) })
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let (first, _) = try #require(CSVReader.split(bytes, CSVReader.Part(bytes), minimumBytes: 0))
        let middle = bytes.count / 2
        let next = bytes[middle...].firstIndex(of: first.terminator) ?? middle
        return (first.range.upperBound, bytes[..<next].filter { $0 == 0x22 }.count % 2 == 1)
    }

    /// A one-group file with names that hold quoted line breaks, blank lines, a `"1,234"` amount;
    /// `pad` shifts every byte after the first name so the middle lands somewhere else.
    static func groupFile(pad: Int, broken: Bool) -> String {
        var lines = ["事業者ID,事業者名,役割,年度,営業利益,人件費,減価償却費,従業員数,年間平均労働時間"]
        for m in 1...60 {
            let name = m == 1 ? "先頭" + String(repeating: "あ", count: pad) : m % 3 == 0 ? "\"山田\n商店\(m)\"" : "会員\(m)"
            for p in 0...2 {
                if m % 17 == 0 && p == 1 { lines.append("") }
                let amount = m % 5 == 0 ? "\"1,234,000\"" : "\(1_000_000 + p * 50_000)"
                let quote = broken && m == 20 && p == 0 ? "\"" : ""
                lines.append("M\(m),\(name),\(m == 1 ? "代表事業者" : "参画事業者"),\(p),\(amount)\(quote),5000000,100000,2,2000")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test(arguments: [false, true])
    func aGroupFileReadsInTwoPartsAsInOnePass(broken: Bool) throws {
        var middleInQuotes = 0
        var twoParts = 0
        for pad in 0..<40 {
            let group = TempGroup(utf8: ["g.csv": Self.groupFile(pad: pad, broken: broken)])
            let path = group.file("g.csv")
            var oneDiagnostics: [Diagnostic] = []
            var twoDiagnostics: [Diagnostic] = []
            let one = try #require(SourceTable.read(path: path, displayName: path, diagnostics: &oneDiagnostics, partBytes: .max))
            let two = try #require(SourceTable.read(path: path, displayName: path, diagnostics: &twoDiagnostics, partBytes: 0))
            #expect(two.rows == one.rows, "pad \(pad)")
            #expect(two.rows.count == 180 - (broken ? 1 : 0) || broken, "pad \(pad)")
            #expect(twoDiagnostics == oneDiagnostics, "pad \(pad)")
            #expect(oneDiagnostics.map(\.code).contains(.blankRowsSkipped))
            if try Self.cut(path).middleInQuotes { middleInQuotes += 1 }
            var ignored: [Diagnostic] = []
            let parts = SourceTable.eachRow(path: path, displayName: path, diagnostics: &ignored, partBytes: 0) { _ in SourceTable.RowCollector() }
            if parts?.consumers.count == 2 { twoParts += 1 }
        }
        #expect(middleInQuotes >= 5)
        // A valid file is always read in two parts; the broken one may fall back to one.
        if !broken { #expect(twoParts == 40) }
    }

    /// The combined sample's records (G04's hold quoted line breaks), repeated under new group
    /// IDs; dropping a few records at the front moves the cut through groups and quoted cells.
    static func combined(copies: Int, drop: Int) throws -> String {
        let text = try String(contentsOfFile: PortfolioTests.samples + "/portfolio-clients.csv", encoding: .utf8)
        let (header, records) = PortfolioTests.records(text, idPrefix: "G0")
        var out: [String] = []
        for copy in 0..<copies {
            for record in records {
                out.append("C\(copy)-" + record)
            }
        }
        return ([header] + out.dropFirst(drop)).joined(separator: "\r\n") + "\r\n"
    }

    /// `text` with a long shortfall reason, quoted over many lines, on the first record at or
    /// after the middle that has an empty reason: the new middle then falls inside that cell.
    static func longReasonAtMiddle(_ text: String) -> String {
        var lines = text.components(separatedBy: "\r\n")
        var offset = 0
        let middle = text.utf8.count / 2
        for i in lines.indices {
            offset += lines[i].utf8.count + 2
            if offset >= middle && lines[i].hasSuffix(",") && lines[i].hasPrefix("C") {
                let reason = (1...60).map { "理由の\($0)行目, 続き" }.joined(separator: "\r\n")
                lines[i] += "\"" + reason + "\""
                break
            }
        }
        return lines.joined(separator: "\r\n")
    }

    @Test(arguments: [1, 2, 10])
    func aCombinedFileInTwoPartsJudgesEveryGroupOnceInFileOrder(copies: Int) throws {
        var middleInQuotes = 0
        var cutInsideAGroup = 0
        for (drop, long) in stride(from: 0, to: 60, by: 6).flatMap({ [($0, false), ($0, true)] }) {
            let text = try Self.combined(copies: copies, drop: drop)
            let group = TempGroup(utf8: ["all.csv": long ? Self.longReasonAtMiddle(text) : text])
            let path = group.file("all.csv")
            let one = Portfolio.read(path: path, method: .mean, asOf: PortfolioTests.day, partBytes: .max)
            let two = Portfolio.read(path: path, method: .mean, asOf: PortfolioTests.day, partBytes: 0)
            #expect(!one.unsorted && !two.unsorted)
            #expect(two.rows == one.rows, "drop \(drop)")
            #expect(two.groups.map(\.diagnostics) == one.groups.map(\.diagnostics), "drop \(drop)")
            #expect(two.diagnostics == one.diagnostics)
            #expect(Set(one.rows.map(\.id)).count == one.rows.count)
            if try Self.cut(path).middleInQuotes { middleInQuotes += 1 }
            if try Self.cutFallsInsideAGroup(path) { cutInsideAGroup += 1 }
        }
        #expect(cutInsideAGroup > 0)
        #expect(middleInQuotes >= 10)
    }

    /// An unsorted file read in passes gives the same groups, rows and warnings whether each pass
    /// reads it in one part or in two at once: the parts' numberings and counts put together, and
    /// the first group that comes back found as one pass finds it, also when it comes back only in
    /// the second part and when the cut falls inside a group (which then goes on, not back).
    @Test func anUnsortedFileReadsInPassesInTwoPartsAsInOne() throws {
        var cutInsideAGroup = 0
        for drop in stride(from: 0, to: 60, by: 6) {
            var (header, records) = PortfolioTests.records(try Self.combined(copies: 10, drop: drop), idPrefix: "C")
            records.append(records.removeFirst())
            let group = TempGroup(utf8: ["mixed.csv": ([header] + records).joined(separator: "\r\n") + "\r\n"])
            let path = group.file("mixed.csv")
            for budget in [Int.max, 20_000] {
                let one = Portfolio.unsorted(path, method: .mean, asOf: PortfolioTests.day, progress: nil, budget: budget, partBytes: .max)
                let two = Portfolio.unsorted(path, method: .mean, asOf: PortfolioTests.day, progress: nil, budget: budget, partBytes: 0)
                #expect(one.unsorted && two.unsorted)
                #expect(two.rows == one.rows, "drop \(drop)")
                #expect(two.groups.map(\.diagnostics) == one.groups.map(\.diagnostics), "drop \(drop)")
                #expect(one.diagnostics.map(\.code) == [.portfolioUnsorted] && two.diagnostics.map(\.code) == [.portfolioUnsorted])
                #expect(two.diagnostics.first?.location == one.diagnostics.first?.location, "drop \(drop)")
                #expect(two.diagnostics.first?.rawValue == one.diagnostics.first?.rawValue, "drop \(drop)")
                // The moved record is the last: its group comes back on the file's last line.
                #expect(one.diagnostics.first?.location?.line == text(path).utf8.filter { $0 == 0x0A }.count)
                #expect(one.rows.count == Set(records.map { $0.prefix { $0 != "," } }).count)
            }
            if try Self.cutFallsInsideAGroup(path) { cutInsideAGroup += 1 }
        }
        #expect(cutInsideAGroup > 0)
    }

    private func text(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    /// Whether the records on both sides of where `split` cuts the file belong to one group.
    static func cutFallsInsideAGroup(_ path: String) throws -> Bool {
        let cut = try Self.cut(path)
        var bytes = try #require(ByteBuffer.file(path).map { Array($0) })
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let before = bytes.prefix(cut.offset).split(separator: 0x0A).last.map { String(decoding: $0, as: UTF8.self) } ?? ""
        let after = String(decoding: bytes.dropFirst(cut.offset).prefix(40), as: UTF8.self)
        return before.split(separator: ",").first == after.split(separator: ",").first
    }
}

@Suite("CSVReader: a file cut in two parts reads as the whole")
struct CSVSplitTests {
    /// Records, blank lines and errors of `bytes` read in the two parts, with whether the first
    /// part ended between records.
    private func inParts(_ bytes: [UInt8], _ first: CSVReader.Part, _ second: CSVReader.Part)
        -> (records: [CSVRecord], blank: [Int], errors: [CSVSyntaxError], lines: Int, proven: Bool)
    {
        var records: [CSVRecord] = []
        let a = CSVReader.forEachRecord(bytes, part: first) { records.append($0.record) }
        let b = CSVReader.forEachRecord(bytes, part: second) { records.append($0.record) }
        return (
            records, a.document.blankLines + b.document.blankLines, a.document.errors + b.document.errors,
            b.document.lineCount, a.endsBetweenRecords
        )
    }

    /// A random strict CSV: plain and quoted cells, quoted line breaks and doubled quotes, blank
    /// lines, empty cells, LF or CRLF; with `broken`, now and then a misplaced or unclosed quote.
    private func randomFile(_ rng: inout SeededRandom, broken: Bool) -> [UInt8] {
        let newline = Bool.random(using: &rng) ? "\r\n" : "\n"
        var text = "id,name,reason,amount" + newline
        for row in 0..<Int.random(in: 20...120, using: &rng) {
            if Int.random(in: 0..<15, using: &rng) == 0 { text += newline }
            var cells = ["\(row)"]
            for _ in 0..<3 {
                switch Int.random(in: 0..<7, using: &rng) {
                case 0: cells.append("")
                case 1: cells.append("\"山田\(newline)商店\"")
                case 2: cells.append("\"say \"\"hi\"\"\(newline)\(newline)twice\"")
                case 3: cells.append("\"1,234,000\"")
                case 4 where broken: cells.append(Bool.random(using: &rng) ? "ab\"c" : "\"open")
                default: cells.append(String(Int.random(in: -9999...99999, using: &rng)))
                }
            }
            text += cells.joined(separator: ",") + newline
        }
        return Array(text.utf8)
    }

    /// Every cut `split` makes in valid CSV falls between records, and the two parts give exactly
    /// the records (cells, lines), blank lines and line count of one pass; often the middle of
    /// the file was inside a quoted cell with line breaks, which the cut stepped over.
    @Test func everyCutOfValidCSVIsBetweenRecords() throws {
        var rng = SeededRandom(state: 2026)
        var middleInsideQuotes = 0
        for _ in 0..<400 {
            let bytes = randomFile(&rng, broken: false)
            let whole = CSVReader.read(bytes)
            let (first, second) = try #require(CSVReader.split(bytes, CSVReader.Part(bytes), minimumBytes: 0))
            let parts = inParts(bytes, first, second)
            #expect(parts.proven)
            #expect(parts.records == whole.records)
            #expect(parts.blank == whole.blankLines && parts.errors == whole.errors && parts.lines == whole.lineCount)
            #expect(second.firstLine == 1 + bytes[..<second.range.lowerBound].filter { $0 == first.terminator }.count)
            // Was the first line break after the middle inside a quoted cell?
            let middle = bytes.count / 2
            if let next = bytes[middle...].firstIndex(of: first.terminator),
                bytes[..<next].filter({ $0 == 0x22 }).count % 2 == 1
            {
                middleInsideQuotes += 1
                #expect(first.range.upperBound > next + 1)
            }
        }
        #expect(middleInsideQuotes > 50)
    }

    /// With syntax errors the quote count can mislead the cut. Whenever the first part ends
    /// between records, the parts still equal one pass; when it does not, the caller must read in
    /// one part, and both cases occur here.
    @Test func aCutIsUsedOnlyWhenTheFirstPartEndsBetweenRecords() throws {
        var rng = SeededRandom(state: 7)
        var refused = 0
        var used = 0
        for _ in 0..<400 {
            let bytes = randomFile(&rng, broken: true)
            let whole = CSVReader.read(bytes)
            guard let (first, second) = CSVReader.split(bytes, CSVReader.Part(bytes), minimumBytes: 0) else { continue }
            let parts = inParts(bytes, first, second)
            if parts.proven {
                used += 1
                #expect(parts.records == whole.records)
                #expect(parts.blank == whole.blankLines && parts.errors == whole.errors)
            } else {
                refused += 1
            }
        }
        #expect(used > 100 && refused > 0)
    }

    /// A cut forced inside a quoted cell: the first part does not end between records.
    @Test func aCutInsideAQuotedCellIsCaught() {
        let bytes = Array("a,b\n1,\"two\nlines\"\n2,x\n".utf8)
        let inside = bytes.firstIndex(of: 0x0A, after: 8)
        let first = CSVReader.Part(range: 0..<inside, firstLine: 1, terminator: 0x0A)
        let parsed = CSVReader.forEachRecord(bytes, part: first) { _ in }
        #expect(!parsed.endsBetweenRecords)
        // The same file cut where `split` would: after "lines"\n.
        let proper = CSVReader.Part(range: 0..<18, firstLine: 1, terminator: 0x0A)
        #expect(CSVReader.forEachRecord(bytes, part: proper) { _ in }.endsBetweenRecords)
    }

    @Test func smallFilesAreNotCut() {
        let bytes = Array("a,b\n1,2\n".utf8)
        #expect(CSVReader.split(bytes, CSVReader.Part(bytes)) == nil)
    }
}

extension Array where Element == UInt8 {
    /// The index just past the first `byte` at or after `start`.
    fileprivate func firstIndex(of byte: UInt8, after start: Int) -> Int {
        (self[start...].firstIndex(of: byte) ?? count - 1) + 1
    }
}
