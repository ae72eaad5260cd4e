import Foundation
import GroupProductivity
import Testing

@testable import GroupPresentation

@Suite("JSON written from Codable types")
struct JSONStreamEncoderTests {
    struct Inner: Encodable {
        var memberID: String
        var usesITTool: Bool
    }
    struct Row: Encodable, JSONInline {
        var id: String
        var risks: [String]
        var cagrOfficialYear1: JSONNumber?
    }
    struct Outer: Encodable {
        var zeta = 1
        var alpha: String
        var exact: JSONNumber?
        var repeating: JSONNumber?
        var missing: Double?
        var notFinite = Double.infinity
        var nothing: [Int] = []
        var nested: Inner
        var list: [Inner]
        var rows: [Row]
        var matrix: [[JSONNumber?]]
    }

    /// Declared order kept (not sorted, not hashed), snake_case keys, nil as null, exact decimals
    /// as written, a repeating decimal as the nearest Double, one-line rows, and empty containers.
    /// Worked out by hand in the house style (two spaces, `"key": value`).
    @Test func wholeDocumentInDeclaredOrder() {
        let value = Outer(
            alpha: "a", exact: JSONNumber(Rational(56, 1000)), repeating: JSONNumber(Rational(1, 3)), nested: Inner(memberID: "M1", usesITTool: true),
            list: [Inner(memberID: "M2", usesITTool: false)],
            rows: [
                Row(id: "G1", risks: ["missing_report", "cagr_below_threshold"], cagrOfficialYear1: nil),
                Row(id: "G2", risks: [], cagrOfficialYear1: JSONNumber(Rational(14_500_000))),
            ],
            matrix: [[JSONNumber(Rational(5, 100)), nil], []])
        let expected = """
            {
              "zeta": 1,
              "alpha": "a",
              "exact": 0.056,
              "repeating": 0.3333333333333333,
              "missing": null,
              "not_finite": null,
              "nothing": [],
              "nested": {
                "member_id": "M1",
                "uses_it_tool": true
              },
              "list": [
                {
                  "member_id": "M2",
                  "uses_it_tool": false
                }
              ],
              "rows": [
                {"id": "G1", "risks": ["missing_report", "cagr_below_threshold"], "cagr_official_year1": null},
                {"id": "G2", "risks": [], "cagr_official_year1": 14500000}
              ],
              "matrix": [
                [
                  0.05,
                  null
                ],
                []
              ]
            }

            """
        #expect(JSONStreamEncoder.encode(value) == expected)
        // Python's json (like any parser) reads it back: Foundation's parser here.
        let parsed = try? JSONSerialization.jsonObject(with: Data(JSONStreamEncoder.encode(value).utf8)) as? [String: Any]
        #expect((parsed?["rows"] as? [[String: Any]])?.count == 2)
    }

    /// A document of several hundred KiB goes out in several chunks, and the chunks together are
    /// byte for byte the text written at once (escapes and multi-byte names across chunk ends).
    @Test func chunksTogetherAreTheWholeText() {
        let rows = (0..<6_000).map { i in
            Row(id: "G\(i) 山田\"商店\"\n", risks: i % 3 == 0 ? ["missing_report"] : [], cagrOfficialYear1: JSONNumber(Rational(i, 1000)))
        }
        let document = Outer(alpha: "α", nested: Inner(memberID: "M1", usesITTool: true), list: [], rows: rows, matrix: [])
        var chunks: [[UInt8]] = []
        JSONStreamEncoder.encode(document) { chunks.append($0) }
        #expect(chunks.count > 3)
        #expect(chunks.dropLast().allSatisfy { $0.count >= 1 << 16 })
        #expect(String(decoding: chunks.joined(), as: UTF8.self) == JSONStreamEncoder.encode(document))
        #expect(JSONOutput(document).text == JSONStreamEncoder.encode(document))
    }

    /// The report's members and periods written straight to the sink are byte for byte what
    /// their `encode(to:)` writes: random members (names with quotes, line breaks, controls and
    /// U+2028; numbers present or null; non-finite doubles; empty lists), inside an object, in an
    /// inline row and in a list made as it is read, as a report holds them.
    @Test func membersWrittenDirectlyAreWhatTheirEncodeWrites() {
        var rng = SeededRandom(state: 20_261_122)
        let texts = ["山田商店", "a\"b\\c", "line\nbreak\r\t", "\u{1B}[31m", "\u{2028}x\u{2029}", "", "ok"]
        func text() -> String { texts[Int(rng.next() % UInt64(texts.count))] }
        func number() -> JSONNumber? {
            rng.next() % 4 == 0 ? nil : JSONNumber(Rational(Int(rng.next() % 2_000_000) - 1_000_000) / Rational(1 + Int(rng.next() % 8)))
        }
        func double() -> Double? {
            switch rng.next() % 6 {
            case 0: nil
            case 1: .nan
            case 2: -.infinity
            default: Double(Int(rng.next() % 1_000_000)) / 997
            }
        }
        func period() -> JSONDocuments.Report.MemberPeriod {
            JSONDocuments.Report.MemberPeriod(
                period: Int(rng.next() % 3), operatingProfit: number(), labourCost: number(), depreciation: number(),
                headcount: number(), hoursPerEmployee: number(), valueAdded: number(), labourHours: number(),
                productivity: double(), yoyGrowth: double(), cagr: double(), shortfallReason: rng.next() % 2 == 0 ? nil : text())
        }
        let members = (0..<300).map { _ in
            JSONDocuments.Report.Member(
                id: text(), name: text(), role: text(), priorGrant: rng.next() % 2 == 0, usesITTool: rng.next() % 2 == 0,
                inCalculation: rng.next() % 2 == 0, periods: (0..<Int(rng.next() % 4)).map { _ in period() },
                targets: (0..<Int(rng.next() % 3)).map { _ in period() })
        }
        struct Holder: Encodable {
            var before: String
            var members: [JSONDocuments.Report.Member]
            var made: JSONDocuments.EachOf<JSONDocuments.Report.Member>
            var row: InlineMembers
            var after: Int
        }
        struct InlineMembers: Encodable, JSONInline {
            var members: [JSONDocuments.Report.Member]
        }
        let holder = Holder(
            before: "x", members: members, made: JSONDocuments.EachOf(members) { $0 }, row: InlineMembers(members: Array(members.prefix(5))),
            after: 1)
        let direct = JSONStreamEncoder.encode(holder, direct: true)
        #expect(direct == JSONStreamEncoder.encode(holder, direct: false))
        #expect(direct == JSONStreamEncoder.encode(holder))
        #expect(direct.utf8.count > 100_000)
        #expect((try? JSONSerialization.jsonObject(with: Data(direct.utf8))) != nil)
    }

    /// A string longer than a chunk, plain or with escapes, is written whole (the sink grows).
    @Test func aStringLongerThanAChunkIsWrittenWhole() {
        let plain = String(repeating: "日本語の名前", count: 20_000)
        #expect(JSONStreamEncoder.encode([plain, "x"]) == "[\n  \"\(plain)\",\n  \"x\"\n]\n")
        let escaped = String(repeating: "a\"b", count: 40_000)
        let expected = String(repeating: "a\\\"b", count: 40_000)
        var chunks: [[UInt8]] = []
        JSONStreamEncoder.encode([escaped, plain]) { chunks.append($0) }
        #expect(String(decoding: chunks.joined(), as: UTF8.self) == "[\n  \"\(expected)\",\n  \"\(plain)\"\n]\n")
    }

    @Test func textIsEscapedAsJSONRequires() {
        #expect(JSONStreamEncoder.encode("a\"b\\c\nd\u{1}\u{1B}[2J\u{7F}\u{2028}日本") == "\"a\\\"b\\\\c\\nd\\u0001\\u001b[2J\\u007f\\u2028日本\"\n")
    }

    @Test func keysBecomeSnakeCase() {
        #expect(JSONStreamEncoder.snakeCase("usesITTool") == "uses_it_tool")
        #expect(JSONStreamEncoder.snakeCase("memberID") == "member_id")
        #expect(JSONStreamEncoder.snakeCase("missingMemberIds") == "missing_member_ids")
        #expect(JSONStreamEncoder.snakeCase("cagrOfficialYear1") == "cagr_official_year1")
        #expect(JSONStreamEncoder.snakeCase("sha256") == "sha256")
        #expect(JSONStreamEncoder.snakeCase("1") == "1")
    }
}
