import Foundation
import SafeFiles
import Testing

@testable import GroupPresentation
@testable import GroupProductivity
@testable import GroupWorkflows

@Suite("Display width (UAX #11)")
struct DisplayWidthTests {
    @Test(arguments: [
        ("abc", 3), ("髙橋屋", 6), ("ｱｲｳ", 3), ("㈱", 2), ("①", 1), ("△", 1), ("e\u{301}", 1),
        ("🍣", 2), ("カフェ Bar", 10), ("", 0), ("１２", 4), ("－", 2),
    ])
    func widths(text: String, width: Int) {
        #expect(DisplayWidth.of(text) == width)
    }

    /// The kanji and kana told wide without a category lookup are each wide in the generated
    /// table, no mark (Mn, Me) and no zero-width character; the sound marks between are narrow
    /// zero-width marks, and the ranges' neighbours are not taken by the shortcut.
    @Test func commonWideScalarsAreWideAndNoMark() {
        var checked = 0
        for v in UInt32(0x3000)...UInt32(0xA000) where DisplayWidth.isCommonWide(v) {
            let scalar = Unicode.Scalar(v)!
            let category = scalar.properties.generalCategory
            #expect(DisplayWidth.isWide(v) && category != .nonspacingMark && category != .enclosingMark, "U+\(String(v, radix: 16))")
            #expect(!(0xFE00...0xFE0F).contains(v) && ![0x200B, 0x200C, 0x200D, 0xFEFF].contains(v))
            checked += 1
        }
        #expect(checked == (0x9FFF - 0x4E00 + 1) + (0x3096 - 0x3041 + 1) + (0x30FF - 0x30A0 + 1))
        #expect(DisplayWidth.of("\u{3099}") == 0 && DisplayWidth.of("\u{309A}") == 0 && !DisplayWidth.isCommonWide(0x3099))
        #expect(!DisplayWidth.isCommonWide(0x3040) && !DisplayWidth.isCommonWide(0x4DFF) && !DisplayWidth.isCommonWide(0xA000))
    }

    /// The code points the hand-written table had wrong: 11 wide ones it missed (U+16FF0–16FF1,
    /// U+18D00–18D08) and 8 ambiguous ones it counted as 2 (U+3248–324F, circled numbers on black
    /// squares); and the edges of ranges, found by binary search.
    @Test func generatedTableFixesTheHandWrittenOne() {
        for v: UInt32 in [0x16FF0, 0x16FF1] + Array(0x18D00...0x18D08) {
            #expect(DisplayWidth.of(Unicode.Scalar(v)!) == 2, "U+\(String(v, radix: 16))")
        }
        for v: UInt32 in Array(0x3248...0x324F) {
            #expect(DisplayWidth.of(Unicode.Scalar(v)!) == 1, "U+\(String(v, radix: 16))")
        }
        #expect(DisplayWidth.isWide(0x1100) && DisplayWidth.isWide(0x115F) && !DisplayWidth.isWide(0x1160))
        #expect(DisplayWidth.isWide(0x3FFFD) && !DisplayWidth.isWide(0x3FFFE) && !DisplayWidth.isWide(0x10FFFF))
        #expect(DisplayWidth.wideRanges == DisplayWidth.wideRanges.sorted { $0.lowerBound < $1.lowerBound })
        #expect(zip(DisplayWidth.wideRanges, DisplayWidth.wideRanges.dropFirst()).allSatisfy { $0.upperBound + 1 < $1.lowerBound })
    }

    /// The shortcuts give the scalar-by-scalar answer: no code point below U+0300 is a mark (so its
    /// category need not be looked up), and a printable ASCII string is a column a byte.
    @Test func shortcutsAgreeWithTheFullRule() {
        for v: UInt32 in 0..<0x300 {
            let category = Unicode.Scalar(v)!.properties.generalCategory
            #expect(category != .nonspacingMark && category != .enclosingMark, "U+\(String(v, radix: 16))")
        }
        var rng = SeededRandom(state: 11)
        let pieces = ["a", "Z", " ", "~", "1", "髙", "ｱ", "e\u{301}", "\u{1B}", "\u{7F}", "\u{85}", "🍣", "\u{200B}", "\t", "－"]
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...8, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            #expect(DisplayWidth.of(text) == text.unicodeScalars.reduce(0) { $0 + DisplayWidth.of($1) }, "\(text.debugDescription)")
        }
    }

    /// A line that fits is wrapped as the character-by-character way wraps it: kept whole.
    @Test func aLineThatFitsIsKeptWhole() {
        var rng = SeededRandom(state: 12)
        let pieces = ["a", " ", "髙橋", "）", "（", "。", "12,345", TerminalText.paint("赤", "31"), "e\u{301}", "-"]
        for width in [40, 60, 80] {
            let renderer = TerminalRenderer(words: Words(.ja), width: width)
            for _ in 0..<1_000 {
                let line = (0..<Int.random(in: 1...40, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
                let indent = Int.random(in: 0...3, using: &rng)
                #expect(renderer.wrap(line, indent: indent) == renderer.wrapping(line, indent: indent), "\(line.debugDescription)")
            }
        }
    }

    /// A grid whose rows' texts are made twice (a large table's way) lays out as one that holds
    /// them, footer, long names, colour and narrow widths included.
    @Test func aGridMadeTwiceIsTheGridHeld() {
        var rng = SeededRandom(state: 13)
        let names = ["髙橋商店", "a", "みどり通り商店街振興組合の非常に長い名前の事業者", "e\u{301}x", ""]
        let rows: [[Cell]] = (0..<300).map { i in
            [
                .text("M\(i)"), .text(names.randomElement(using: &rng)!), .productivity(Rational(Int.random(in: -9_999...99_999, using: &rng))),
                .verdict([true, false, nil].randomElement(using: &rng)!),
            ]
        }
        let table = ReportTable(
            id: "t", title: "表", columns: ["ID", "名前", "生産性", "判定"], rows: rows, footerStart: 297, labelSpan: 2, notes: ["注"])
        for (width, color) in [(40, false), (80, true), (120, false)] {
            var twice = TerminalRenderer(words: Words(.ja), color: color, width: width)
            twice.holdRowsUpTo = 0
            #expect(twice.lines(table) == TerminalRenderer(words: Words(.ja), color: color, width: width).lines(table))
        }
    }

    /// A large group's member-per-row tables tell how far they have been read, every 4,096th
    /// row, of all their rows (what the writing bar shows); the rows read are the rows made
    /// without it.
    @Test func tablesReadTellTheirProgress() throws {
        var lines = [figureHeader]
        for i in 1...5_000 {
            lines.append(figureLine("M\(i)", 0, op: "\(1_000_000 + i)"))
            lines.append(figureLine("M\(i)", 2, op: "\(1_100_000 + i)"))
        }
        var roster = ["member_id,name,role,prior_grant,uses_it_tool"]
        for i in 1...5_000 { roster.append("M\(i),会員\(i),\(i == 1 ? "representative" : "participant"),no,yes") }
        let temp = TempGroup(utf8: ["members.csv": roster.joined(separator: "\n"), "f.csv": lines.joined(separator: "\n")])
        let report = GroupReport(group: try #require(temp.load().group))
        var told: [(Int, Int)] = []
        let tables = ReportTables(report: report, words: Words(.ja), progress: RowProgress { told.append(($0, $1)) })
        let plain = ReportTables(report: report, words: Words(.ja))
        #expect(Array(tables.members.rows) == Array(plain.members.rows))
        #expect(told.map(\.0) == [0, 4096, 8192] && told.allSatisfy { $0.1 == 10_000 })
        told = []
        #expect(Array(tables.overview.rows) == Array(plain.overview.rows))
        #expect(told.map(\.0) == [0, 4096] && told.allSatisfy { $0.1 == tables.overview.rows.count })
    }

    /// Checking a text for CP932 piece by piece finds what converting it whole finds: the same
    /// first character it cannot hold, or none.
    @Test func cp932CheckFindsWhatEncodingFinds() {
        var rng = SeededRandom(state: 14)
        let pieces = ["a", ",", "\r\n", "髙橋", "〜", "−", "—", "¥", "🍣", "é", "𠮷", "ｱ", "①", "e\u{301}", "－"]
        var fits = Set<Character>()
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...6, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            var encoded: UnencodableCharacter?
            do { _ = try OutputEncoding.cp932.encode(text) } catch { encoded = error }
            var checked: UnencodableCharacter?
            do { try OutputEncoding.cp932.check(text, fits: &fits) } catch { checked = error }
            #expect(checked == encoded, "\(text.debugDescription)")
        }
        #expect(fits.contains("髙") && !fits.contains("🍣"))
    }

    /// A cell's line breaks become spaces, whether or not it has any.
    @Test func oneLineKeepsACellOnOneLine() {
        #expect(TerminalText.oneLine("a\r\nb\nc\rd") == "a b c d")
        #expect(TerminalText.oneLine("髙橋 商店") == "髙橋 商店")
        #expect(TerminalText.oneLine("x\u{1B}]0;y") == "x\\u{1B}]0;y")
    }

    @Test func padAndTruncate() {
        #expect(DisplayWidth.pad("髙橋", to: 6) == "髙橋  ")
        #expect(DisplayWidth.pad("12", to: 5, right: true) == "   12")
        #expect(DisplayWidth.truncate("みどり通り商店街振興組合", to: 10) == "みどり通…")
        #expect(DisplayWidth.truncate("abc", to: 10) == "abc")
    }
}

@Suite("Renderers")
struct RenderTests {
    /// Lines are found only as far as the furthest asked for (`SourceLines`), in any order: each
    /// line of a file with LF, CRLF and lone-CR line ends, a blank line and a last line without
    /// an end is the same asked forwards, backwards or jumping about, and a line past the end
    /// has no excerpt.
    @Test func sourceLinesGiveEachLineAskedInAnyOrder() throws {
        let expected = ["a,b", "c,d", "e,f", "g,h", "", "i,j"]
        let group = TempGroup(utf8: ["t.csv": "a,b\nc,d\r\ne,f\rg,h\n\ni,j"])
        for order in [[1, 2, 3, 4, 5, 6, 7], [7, 6, 5, 4, 3, 2, 1], [6, 1, 3, 7, 2, 5, 4]] {
            let sources = SourceLines()
            for line in order {
                let excerpt = sources.excerpt(for: SourceLocation(file: group.file("t.csv"), line: line))
                #expect(excerpt?.text == (line <= expected.count ? expected[line - 1] : nil), "order \(order), line \(line)")
            }
        }
    }

    static func sample(_ name: String) throws -> GroupReport {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("SampleGroups/\(name)").path
        let loaded = GroupLoader.load(path: path)
        return GroupReport(group: try #require(loaded.group))
    }

    @Test(arguments: [Language.ja, .en])
    func memberRowsAlignByDisplayWidth(language: Language) throws {
        let text = TableRenderer(language: language).render(try Self.sample("onsen-cp932"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex { $0.hasPrefix("ID") })
        let block = Array(lines[start..<(start + 13)])  // header, rule, 10 members, rule
        let widths = Set(block.map(DisplayWidth.of))
        #expect(widths.count == 1, "rows of unequal width: \(block)")
        // Every member's productivity cells end in the same display column as the header's.
        #expect(block.contains { $0.hasPrefix("K03") && $0.contains(language == .ja ? "未提出" : "missing") })
    }

    @Test func noEscapeCodesUnlessColourIsAsked() throws {
        let report = try Self.sample("supply-chain-prior-grant")
        #expect(!TableRenderer(color: false).render(report).contains("\u{1B}"))
        #expect(TerminalText.printable(TableRenderer(color: true).render(report), colour: true).contains("\u{1B}[31m"))
    }

    @Test func jsonCarriesTheSchema() throws {
        let report = try Self.sample("supply-chain-prior-grant")
        let text = JSONRenderer(language: .en).render(report).text
        let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(root["schema_version"] as? Int == 2)
        let group = try #require(root["group"] as? [String: Any])
        #expect(group["method"] as? String == "mean")
        #expect(group["threshold"] as? Double == 0.06)
        #expect(group["publication_risk"] as? Bool == true)
        #expect((group["threshold_reason"] as? String)?.contains("M04") == true)
        let periods = try #require(group["periods"] as? [[String: Any]])
        #expect(periods.map { $0["period"] as? Int } == [0, 1, 2])
        #expect(periods[2]["cagr_official"] as? Double == 0.054)
        #expect(periods[2]["meets_threshold"] as? Bool == false)
        #expect((periods[2]["members_in_calculation"] as? [String])?.count == 11)
        #expect(periods[0]["improvement_ratio"] is NSNull)
        let risks = try #require(group["risks"] as? [[String: Any]])
        #expect(risks.map { $0["code"] as? String } == ["cagr_below_threshold"])
        #expect(risks[0]["period"] as? Int == 2)
        let members = try #require(root["members"] as? [[String: Any]])
        #expect(members.count == 11)
        let m01 = try #require(members[0]["periods"] as? [[String: Any]])
        // M01 base: 8,500,000 + 48,000,000 + 3,200,000 = 59,700,000 yen over 20 × 1,960 h.
        #expect(m01[0]["value_added"] as? Int == 59_700_000)
        #expect(m01[0]["labour_hours"] as? Int == 39_200)
        #expect(abs((m01[0]["productivity"] as? Double ?? 0) - 59_700_000.0 / 39_200) < 1e-9)
        #expect(m01[0]["yoy_growth"] is NSNull)
        for key in ["id", "name", "role", "prior_grant", "in_calculation"] { #expect(members[0][key] != nil) }
        for key in ["operating_profit", "labour_cost", "depreciation", "headcount", "hours_per_employee", "cagr"] {
            #expect(m01[0][key] != nil)
        }
    }
}

@Suite("Formula injection")
struct FormulaInjectionTests {
    /// 20,000 texts opening with a trigger, a trigger followed by a combining mark or a line feed
    /// (one Character that is no trigger), a full-width look-alike, or ordinary text: each gets
    /// the apostrophe exactly when its first Character is one of = + - @ tab CR.
    @Test func anApostropheExactlyWhenTheFirstCharacterIsATrigger() {
        let openings = ["=", "+", "-", "@", "\t", "\r", "=\u{301}", "-\u{20DD}", "\r\n", "＝", "＋", "－", "＠", "'", " ", "a", "髙", "1", ""]
        let rests = ["", "SUM(A1)", "1", "HYPERLINK(\"x\")", "商店", "\u{301}", "\n", " "]
        let triggers: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]
        var rng = SeededRandom(state: 0xF0_4D_1A)
        var neutralised = 0
        for _ in 0..<20_000 {
            let text = openings.randomElement(using: &rng)! + rests.randomElement(using: &rng)!
            let expected = text.first.map(triggers.contains) == true ? "'" + text : text
            #expect(FormulaInjection.neutralise(text) == expected, "\(Array(text.unicodeScalars))")
            if expected != text { neutralised += 1 }
        }
        #expect(neutralised > 4_000 && neutralised < 10_000)
    }
}

@Suite("Fixed-point text of doubles")
struct FixedPointTests {
    /// `NumberFormat.fixed` against Foundation's `String(format:)` (what it replaced) on 65,000
    /// doubles: random bit patterns (subnormals, huge values, NaN and infinities among them),
    /// ties at every place count (x.5, x.25, x.125: printf rounds a tie to even), values that
    /// round to zero with either sign, and -0.0; with 0 to 12 places, with and without a sign.
    @Test func fixedIsWhatStringFormatGives() {
        var rng = SeededRandom(state: 0xF1_8ED)
        var values: [Double] = [
            0, -0.0, .nan, .infinity, -.infinity, .greatestFiniteMagnitude, -.leastNonzeroMagnitude, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 1e22, 123_456.5,
        ]
        for _ in 0..<20_000 { values.append(Double(bitPattern: rng.next())) }
        for _ in 0..<20_000 {
            let places = Int.random(in: 0...6, using: &rng)
            let k = Int.random(in: -2_000_000...2_000_000, using: &rng)
            values.append((Double(k) + 0.5) / pow(10, Double(places)))  // a tie, or the double nearest it
            values.append(Double(k) / Double(1 << Int.random(in: 1...12, using: &rng)))  // exact binary ties
        }
        for _ in 0..<5_000 { values.append(Double.random(in: -0.0049...0.0049, using: &rng)) }
        var checked = 0
        for value in values {
            let places = Int.random(in: 0...12, using: &rng)
            let sign = Bool.random(using: &rng)
            let expected = String(format: sign ? "%+.\(places)f" : "%.\(places)f", value)
            #expect(NumberFormat.fixed(value, places: places, sign: sign) == expected, "\(value.bitPattern) \(places) \(sign)")
            checked += 1
        }
        #expect(checked == values.count && checked > 60_000)
        #expect(NumberFormat.fixed(2.5, places: 0) == "2" && NumberFormat.fixed(-0.0, places: 1) == "-0.0")
        #expect(NumberFormat.fixed(0.125, places: 2, sign: true) == "+0.12" && NumberFormat.fixed(1234.5, places: 0) == "1234")
    }
}

@Suite("HTML escaping")
struct HTMLEscapingTests {
    /// Every & < > " is escaped, also when a combining mark follows it (one Character with it,
    /// which a Character-by-Character escape let through: harmless in element text, where `esc`
    /// is used today, but a quote so marked would end an attribute value); controls are shown as
    /// \u{…}; other text is kept byte for byte. 5,000 random texts are checked against a table of
    /// the four entities applied scalar by scalar.
    @Test func everySpecialScalarIsEscaped() {
        let html = HTMLRenderer(words: Words(.ja))
        #expect(html.esc("\"\u{301} onmouseover=x <\u{301}b>&\u{301}") == "&quot;\u{301} onmouseover=x &lt;\u{301}b&gt;&amp;\u{301}")
        #expect(html.esc("髙橋①商店") == "髙橋①商店" && html.esc("a\u{1B}[31m") == "a\\u{1B}[31m")
        let pieces = ["&", "<", ">", "\"", "'", "\u{301}", "\u{1B}", "\u{202E}", "髙", "a", " ", "&amp;"]
        let entities: [Unicode.Scalar: String] = ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;"]
        var rng = SeededRandom(state: 0xE5C)
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...8, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let expected = TerminalText.visible(text).unicodeScalars.map { entities[$0] ?? String($0) }.joined()
            #expect(html.esc(text) == expected, "\(Array(text.unicodeScalars))")
        }
    }
}

@Suite("Controls made visible")
struct VisibleControlsTests {
    /// `TerminalText.visible` skips text none of whose bytes can start a control; on 5,000 random
    /// texts of controls (C0, DEL, C1, the bidirectional marks) and their byte-neighbours that are
    /// not controls (¥ and NBSP after 0xC2, → … and U+2065 after 0xE2), it equals the scalar-by-
    /// scalar rule written out here.
    @Test func visibleIsTheScalarRule() {
        let pieces = [
            "\u{0}", "\u{1F}", "\u{7F}", "\u{80}", "\u{85}", "\u{9F}", "\u{A0}", "¥", "\u{202A}", "\u{202E}", "\u{202F}", "\u{2066}", "\u{2069}", "\u{2065}",
            "→", "…", "髙", "a", "\t", "\n",
        ]
        var rng = SeededRandom(state: 0x715)
        var changed = 0
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...6, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            var expected = ""
            for scalar in text.unicodeScalars {
                let v = scalar.value
                if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) {
                    expected += "\\u{" + String(v, radix: 16, uppercase: true) + "}"
                } else {
                    expected.unicodeScalars.append(scalar)
                }
            }
            #expect(TerminalText.visible(text) == expected, "\(Array(text.unicodeScalars))")
            if expected != text { changed += 1 }
        }
        #expect(changed > 2_000 && changed < 5_000)
    }
}
