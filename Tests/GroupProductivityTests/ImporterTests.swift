import Crypto
import Foundation
import SafeFiles
import Testing

@testable import GroupPresentation
@testable import GroupProductivity
@testable import GroupWorkflows

private struct Place: Hashable, CustomStringConvertible {
    var code: DiagnosticCode
    var line: Int
    var column: Int?
    var description: String { "\(code.rawValue)@\(line):\(column.map(String.init) ?? "-")" }
}

private func places(_ diagnostics: [Diagnostic], severity: Severity = .error) -> Set<Place> {
    Set(diagnostics.filter { $0.severity == severity }.map { Place(code: $0.code, line: $0.location?.line ?? 0, column: $0.location?.column) })
}

@Suite("Importer: every error at its place")
struct ImporterErrorTests {
    /// A member's rows that repeat the row before are not read again when that row was clean; one
    /// that repeats a row with an error is, so each row reports its own error, and a row that
    /// differs is compared with the member's first row as ever.
    @Test func repeatedMemberRowsReportTheirOwnErrors() {
        var lines = ["事業者ID,事業者名,役割,年度,営業利益,人件費,減価償却費,従業員数,年間平均労働時間"]
        for i in 1...10 {
            let name = i == 1 ? "甲\u{1B}商店" : "店\(i)"
            for year in 0...2 {
                let role = i == 1 ? "代表事業者" : (i == 2 && year == 2 ? "代表事業者" : "参画事業者")
                lines.append("M\(i),\(name),\(role),\(year),100,5000000,0,1,2000")
            }
        }
        // M3's year 1 row has a cell too few (no hours): reported even though its member cells repeat.
        lines[8] = "M3,店3,参画事業者,1,100,5000000,0,1"
        let loaded = TempGroup(utf8: ["group.csv": lines.joined(separator: "\n")]).load()
        #expect(
            places(loaded.diagnostics) == [
                Place(code: .controlCharacter, line: 2, column: 2), Place(code: .controlCharacter, line: 3, column: 2),
                Place(code: .controlCharacter, line: 4, column: 2), Place(code: .conflictingMemberDetails, line: 7, column: 1),
                Place(code: .tooFewCells, line: 9, column: nil), Place(code: .missingValue, line: 9, column: 9),
                // M1 never joined the roster, so its figures name no member and the group has no representative.
                Place(code: .unknownMember, line: 2, column: 1), Place(code: .unknownMember, line: 3, column: 1),
                Place(code: .unknownMember, line: 4, column: 1), Place(code: .representativeCount, line: 0, column: nil),
            ])
    }

    @Test func badCellsAreAllReportedAtTheirPositions() {
        let loaded = GroupLoader.load(path: Fixtures.path("bad-cells"))
        #expect(loaded.group == nil)
        let expected: Set<Place> = [
            Place(code: .notANumber, line: 3, column: 4),  // 12x00
            Place(code: .negativeValue, line: 4, column: 5),  // labour cost -5
            Place(code: .notPositive, line: 5, column: 7),  // headcount 0
            Place(code: .hoursOverYear, line: 6, column: 8),  // 9000 h
            Place(code: .unknownMember, line: 8, column: 1),  // Z
            Place(code: .duplicateFigures, line: 9, column: nil),  // B year 2 again
            Place(code: .unknownValue, line: 10, column: 2),  // period 3
            Place(code: .notANumber, line: 11, column: 4),  // "1,23"
            Place(code: .tooFewCells, line: 12, column: nil),  // 7 cells
            Place(code: .notANumber, line: 12, column: 4),  // 1.23457E+11
            Place(code: .missingValue, line: 12, column: 8),  // no hours cell
        ]
        #expect(places(loaded.diagnostics) == expected)
    }

    @Test func messagesCarryTheRawValueAndBothLanguages() throws {
        let loaded = GroupLoader.load(path: Fixtures.path("bad-cells"))
        let d = try #require(loaded.errors.first { $0.location?.line == 3 })
        #expect(d.rawValue == "12x00")
        #expect(d.columnName == "operating_profit")
        #expect(d.message.ja.contains("12x00") && d.message.ja.contains("「x」"))
        #expect(d.message.en.contains("12x00"))
        #expect(d.hint != nil)
        let rendered = DiagnosticRenderer(language: .en).render(d)
        #expect(rendered.hasPrefix(Fixtures.path("bad-cells/figures.csv") + ":3:4: error: "))
        #expect(rendered.contains("column: operating_profit (D)"))
    }

    @Test func csvSyntaxErrorsAndReadingGoesOn() {
        let loaded = GroupLoader.load(path: Fixtures.path("syntax-errors"))
        #expect(
            places(loaded.diagnostics) == [
                Place(code: .csvBadQuote, line: 3, column: 3),  // A,1,"1"x: the 3rd cell …
                Place(code: .csvUnterminatedQuote, line: 5, column: nil),
            ])
        #expect(loaded.errors.first { $0.code == .csvBadQuote }?.message.en.contains("(character 8 of the line)") == true)  // … the x
        let unterminated = loaded.errors.first { $0.code == .csvUnterminatedQuote }
        #expect(unterminated?.message.en.contains("lines 5–6") == true)
    }

    @Test func missingColumnsAreNamed() {
        let temp = TempGroup(utf8: [
            "members.csv": roster(10),
            "figures.csv": "member_id,period,operating_profit,labour_cost,headcount\nM01,0,1,2,3\n",
        ])
        let missing = temp.load().errors.filter { $0.code == .missingColumn }
        #expect(
            missing.map(\.message.en).sorted() == [
                "the required column depreciation (減価償却費) is missing",
                "the required column hours_per_employee (年間平均労働時間) is missing",
            ])
        #expect(missing.allSatisfy { $0.location?.line == 1 })
    }

    @Test func rosterRules() {
        let temp = TempGroup(utf8: [
            "members.csv": "事業者ID,事業者名,役割\nA,甲,代表事業者\nB,乙,代表\nA,丙,参画事業者\nC,丁,オーナー\n",
            "figures.csv": figureHeader + "\n" + figureLine("A", 0, op: "1"),
        ])
        let loaded = temp.load()
        #expect(
            places(loaded.diagnostics) == [
                Place(code: .duplicateMember, line: 4, column: 1),
                Place(code: .unknownValue, line: 5, column: 3),
                Place(code: .representativeCount, line: 3, column: 1),
            ])
        #expect(places(loaded.diagnostics, severity: .warning).contains(Place(code: .fewerThanTenMembers, line: 0, column: nil)))
    }

    @Test func figureFileNamesMustMatchTheRoster() {
        let temp = TempGroup(utf8: [
            "members.csv": roster(10),
            "M02.csv": "事業者ID,事業者名,年度,営業利益,人件費,減価償却費,従業員数,年間平均労働時間\nM02,会員二,0,1,2,3,4,5\n",
        ])
        #expect(places(temp.load().diagnostics) == [Place(code: .conflictingMemberName, line: 2, column: 2)])
    }

    @Test func undecodableBytesInACP932FileAreLocated() throws {
        var bytes = Array("事業者ID,事業者名,役割\r\nA,".data(using: .shiftJIS)!)
        bytes += [0x82, 0xA0, 0x85, 0x40]  // あ, then a byte pair CP932 does not define
        bytes += Array(",代表事業者\r\n".data(using: .shiftJIS)!)
        let temp = TempGroup(["members.csv": bytes, "f.csv": Array((figureHeader + "\nA,0,actual,1,1,1,1,1\n").utf8)])
        let d = try #require(temp.load().errors.first { $0.code == .undecodableBytes })
        #expect(d.location == SourceLocation(file: temp.file("members.csv"), line: 2, column: 2))
        #expect(d.rawValue == "85 40")
        #expect(d.message.en.contains("Shift_JIS (CP932)"))
        #expect(d.message.en.contains("byte 3 of the cell"))
    }

    /// A cell after a quoted line break starts on the next physical line and is reported there;
    /// cells before the break stay on the record's first line.
    @Test func aCellAfterAQuotedLineBreakIsReportedOnItsOwnLine() {
        let temp = TempGroup(utf8: [
            "members.csv": roster(10),
            "f.csv": "member_id,shortfall_reason,period,kind,operating_profit,labour_cost,depreciation,headcount,hours_per_employee\n"
                + "M01,,0,actual,1x,2,3,4,1800\n"
                + "M01,\"台風で休業、\n客足回復に1か月\",1,actual,2y,2,3,4,1800\n",
        ])
        #expect(
            places(temp.load().diagnostics) == [
                Place(code: .notANumber, line: 2, column: 5), Place(code: .notANumber, line: 4, column: 5),
            ])
    }

    /// A file with a BOM is not checked as a whole (only files without one are), so its cells are
    /// checked as they are decoded: a broken byte is still found at its cell.
    @Test func brokenUTF8AfterAByteOrderMarkIsLocated() throws {
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("事業者ID,事業者名,役割\nA,あ".utf8)
        bytes += [0xE3, 0x81]  // the first two bytes of another kana, cut short
        bytes += Array(",代表事業者\n".utf8)
        let temp = TempGroup(["members.csv": bytes, "f.csv": Array((figureHeader + "\nA,0,actual,1,1,1,1,1\n").utf8)])
        let d = try #require(temp.load().errors.first { $0.code == .undecodableBytes })
        #expect(d.location == SourceLocation(file: temp.file("members.csv"), line: 2, column: 2))
        #expect(d.rawValue == "E3 81")
        #expect(d.message.en.contains("UTF-8"))
    }

    /// Every word of each list is read as itself (found by its bytes), and other spellings of it
    /// by folding: full-width, upper case, spaced inside.
    @Test func vocabulariesReadEveryWordAndItsOtherSpellings() {
        for (word, value) in Vocabularies.role.words { #expect(Vocabularies.role.parse(word) == value) }
        for (word, value) in Vocabularies.yesNo.words { #expect(Vocabularies.yesNo.parse(word) == value) }
        for (word, value) in Vocabularies.period.words { #expect(Vocabularies.period.parse(word) == value) }
        for (word, value) in Vocabularies.kind.words { #expect(Vocabularies.kind.parse(word) == value) }
        #expect(Vocabularies.yesNo.parse("ＹＥＳ") == true)
        #expect(Vocabularies.yesNo.parse("No") == false)
        #expect(Vocabularies.role.parse("代 表") == .representative)
        #expect(Vocabularies.role.parse("Participant") == .participant)
        #expect(Vocabularies.period.parse("２年度目") == .year2)
        #expect(Vocabularies.kind.parse("ＴＡＲＧＥＴ") == .target)
        #expect(Vocabularies.yesNo.parse("maybe") == nil)
        #expect(Vocabularies.role.parse("代表事業") == nil)
    }

    @Test func unknownUnitIsAnError() {
        let temp = TempGroup(utf8: [
            "members.csv": roster(10),
            "f.csv": "事業者ID,年度,営業利益(ドル),人件費,減価償却費,従業員数,年間平均労働時間\nM01,0,1,2,3,4,5\n",
        ])
        #expect(places(temp.load().diagnostics) == [Place(code: .unknownUnit, line: 1, column: 3)])
    }

    @Test func noRosterAndNoFigures() {
        let onlyFigures = TempGroup(utf8: ["f.csv": figureHeader + "\n" + figureLine("A", 0, op: "1")])
        #expect(onlyFigures.load().errors.map(\.code).contains(.noRoster))
        let onlyRoster = TempGroup(utf8: ["members.csv": roster(10)])
        #expect(onlyRoster.load().errors.map(\.code) == [.noFigureFiles])
        #expect(GroupLoader.load(path: "/nonexistent/group").errors.map(\.code) == [.pathNotFound])
    }

    @Test func everyDataLineIsUsedOrReported() throws {
        // 12 data lines: 5 good, 4 bad, 1 blank, 1 empty-figures row, 1 title row above the header.
        let text = """
            みどり通り 効果報告
            member_id,period,kind,operating_profit,labour_cost,depreciation,headcount,hours_per_employee
            M01,0,actual,100,200,300,1,2000
            M01,1,actual,abc,200,300,1,2000
            M02,0,actual,100,200,300,1,2000

            M02,1,actual,100,200,300,0,2000
            M03,0,actual,100,200,300,1,2000
            M03,1,target,,,,,
            M04,0,actual,100,200,300,1,2000,extra
            M05,0,actual,100,200,300,1,2000
            M99,0,actual,100,200,300,1,2000
            """
        let temp = TempGroup(utf8: ["members.csv": roster(10), "f.csv": text])
        #expect(temp.load().group == nil)
        // Lines the importer used: figures carry their source line.
        var builder = GroupBuilder()
        var ignored: [Diagnostic] = []
        builder.readRoster(
            try #require(SourceTable.read(path: temp.file("members.csv"), displayName: "m", diagnostics: &ignored)),
            isRosterFile: true, diagnostics: &ignored)
        var diagnostics: [Diagnostic] = []
        var table = try #require(SourceTable.read(path: temp.file("f.csv"), displayName: "f.csv", diagnostics: &diagnostics))
        // The pass that lets each row go once read finds the same, and leaves no rows behind.
        var kept = table
        var keeping = builder
        var keptDiagnostics = diagnostics
        keeping.readFigures(&kept, diagnostics: &keptDiagnostics)
        builder.readFigures(&table, releasingRows: true, diagnostics: &diagnostics)
        #expect(table.rows.isEmpty && kept.rows.count == 9)
        #expect(diagnostics == keptDiagnostics)
        #expect(builder.figures == keeping.figures)
        let usedLines = Set(builder.figures.values.map(\.source.line))
        let reportedLines = Set(diagnostics.compactMap { $0.location?.line })
        #expect(usedLines == [3, 5, 8, 11])
        #expect(reportedLines == [1, 4, 6, 7, 9, 10, 12])
        // Together with the header (line 2) they cover every line of the file.
        #expect(usedLines.union(reportedLines).union([2]) == Set(1...12))
    }
}

@Suite("Importer: files as users have them")
struct ImporterFormatTests {
    @Test func cp932JapaneseHeadersThousandYenAndTriangleNegatives() throws {
        let text =
            "事業者ID,事業者名,役割,過去交付決定,ITツール利用,年度,種別,営業利益（千円）,人件費(千円),減価償却費(百万円),従業員数,就業時間,未達理由\r\n"
            + "Ｋ０１,㈱髙橋屋,代表事業者,なし,あり,事業実施前,実績,\"△1,234\",\"5,000\",\"1.5\",３,\"1,850.5\",\r\n"
            + "K01,㈱髙橋屋,代表事業者,なし,あり,1年度目,目標,▲12,5000,2,3,1850,\"台風で休業、\r\n客足回復に1か月\"\r\n"
        let temp = TempGroup(["group.csv": Array(text.data(using: .shiftJIS)!)])
        let loaded = temp.load()
        #expect(loaded.errors.isEmpty)
        let group = try #require(loaded.group)
        #expect(group.members.map(\.id) == ["K01"])
        #expect(group.members[0].name == "㈱髙橋屋")
        let base = try #require(group.figures("K01", .base))
        #expect(base.operatingProfit == Rational(-1_234_000))
        #expect(base.labourCost == Rational(5_000_000))
        #expect(base.depreciation == Rational(1_500_000))
        #expect(base.headcount == Rational(3))
        #expect(base.hoursPerEmployee == Rational(3701, 2))
        let target = try #require(group.figures("K01", .year1, .target))
        #expect(target.operatingProfit == Rational(-12_000))
        #expect(target.shortfallReason == "台風で休業、\r\n客足回復に1か月")
    }

    /// A CP932 cell's last byte may be a trail byte in the ASCII range: the full-width space is
    /// 81 40, whose "@" made a name starting with ASCII look as if it had nothing to trim.
    @Test func cp932FullWidthSpaceAfterAnASCIIStartIsTrimmed() throws {
        let text =
            "事業者ID,事業者名,役割,年度,種別,営業利益,人件費,減価償却費,従業員数,年間平均労働時間\r\n"
            + "K01,ABC商店　,代表事業者,0,実績,1000,5000,2,3,1850\r\n"
        let temp = TempGroup(["group.csv": Array(text.data(using: .shiftJIS)!)])
        let group = try #require(temp.load().group)
        #expect(group.members.map(\.name) == ["ABC商店"])
    }

    @Test func utf8WithBOMQuotedHeaderAndTabs() throws {
        let text =
            "\u{FEFF}\"member_id\"\t\"name\"\t\"role\"\tperiod\toperating_profit\tlabour_cost\tdepreciation\theadcount\thours_per_employee\n"
            + "A\tA社\trepresentative\t0\t100\t200\t\t1\t2000\n"
        let temp = TempGroup(utf8: ["g.tsv": text])
        let loaded = temp.load()
        // The empty depreciation cell is an error, not a zero.
        #expect(places(loaded.diagnostics) == [Place(code: .missingValue, line: 2, column: 7)])
    }

    /// Excel's cell idioms, each read as what it means. Values worked out by hand: 9,000千円 is
    /// 9,000 × 1,000 = 9,000,000 yen; 1.2万 is 1.2 × 10,000 = 12,000; 35百万円 is 35,000,000.
    @Test func unitsInCellsAgreeingWithTheHeaderAndDashesAsZero() throws {
        let text =
            "事業者ID,事業者名,役割,年度,営業利益,人件費(千円),減価償却費,従業員数,年間平均労働時間\n"
            + "A,甲,代表事業者,0,1.2万,\"9,000千円\",-,1,2000\n"
            + "A,甲,代表事業者,1,35百万円,9000,－,1,2000\n"
        let temp = TempGroup(utf8: ["g.csv": text])
        let loaded = temp.load()
        #expect(loaded.errors.isEmpty, "\(loaded.errors.map(\.message.en))")
        let group = try #require(loaded.group)
        let base = try #require(group.figures("A", .base))
        #expect(base.operatingProfit == Rational(12_000))
        #expect(base.labourCost == Rational(9_000_000))
        #expect(base.depreciation == .zero)
        #expect(group.figures("A", .year1)?.operatingProfit == Rational(35_000_000))
        #expect(
            Set(places(loaded.diagnostics, severity: .warning).filter { $0.code == .dashAsZero }) == [
                Place(code: .dashAsZero, line: 2, column: 7), Place(code: .dashAsZero, line: 3, column: 7),
            ])
    }

    /// A unit in the cell that says otherwise than the header is an error, never a guess; so is
    /// any unit on headcount or hours, and 円 in a 千円 column.
    @Test func unitsInCellsThatContradictAreErrors() {
        let text =
            "事業者ID,事業者名,役割,年度,営業利益(円),人件費(千円),減価償却費(千円),従業員数,年間平均労働時間\n"
            + "A,甲,代表事業者,0,900万円,1000円,5千円,3人,1800円\n"
        let loaded = TempGroup(utf8: ["g.csv": text]).load()
        #expect(
            places(loaded.diagnostics) == [
                Place(code: .unitContradictsColumn, line: 2, column: 5),
                Place(code: .unitContradictsColumn, line: 2, column: 6),
                Place(code: .notANumber, line: 2, column: 8),
                Place(code: .notANumber, line: 2, column: 9),
            ])
        let hours = loaded.errors.first { $0.location?.column == 9 }
        #expect(hours?.message.ja == "「年間平均労働時間」の「1800円」は数値として読めません: セルに単位「円」が書かれています")
    }

    @Test func titleRowUnitAppliesWithAWarning() throws {
        let text =
            "令和7年度 効果報告（単位：千円）\n"
            + "事業者ID,事業者名,役割,年度,営業利益,人件費,減価償却費,従業員数,年間平均労働時間\n"
            + "A,甲,代表事業者,0,10,20,30,1,2000\n"
        let temp = TempGroup(utf8: ["g.csv": text])
        let loaded = temp.load()
        let group = try #require(loaded.group)
        #expect(group.figures("A", .base)?.operatingProfit == Rational(10_000))
        #expect(group.figures("A", .base)?.depreciation == Rational(30_000))
        let warnings = places(loaded.diagnostics, severity: .warning)
        #expect(warnings.contains(Place(code: .titleRowsSkipped, line: 1, column: nil)))
        #expect(warnings.contains(Place(code: .unitFromTitle, line: 2, column: 5)))
    }

    @Test func unknownColumnsAndExcelFilesAreWarnings() throws {
        let temp = TempGroup(utf8: [
            "members.csv": roster(10),
            "f.csv": figureHeader + ",備考\n" + figureLine("M01", 0, op: "1") + ",メモ\n",
            "returned.xls": "\u{D0}",
        ])
        let loaded = temp.load()
        #expect(loaded.errors.isEmpty)
        let warnings = places(loaded.diagnostics, severity: .warning)
        #expect(warnings.contains(Place(code: .unknownColumn, line: 1, column: 9)))
        #expect(warnings.contains(Place(code: .excelFileNotRead, line: 0, column: nil)))
    }

    @Test func singleFileGroupMustAgreeOnMemberDetails() {
        let text =
            "事業者ID,事業者名,役割,年度,営業利益,人件費,減価償却費,従業員数,年間平均労働時間\n"
            + "A,甲,代表事業者,0,1,2,3,1,2000\n"
            + "A,甲商店,代表事業者,1,1,2,3,1,2000\n"
        let temp = TempGroup(utf8: ["g.csv": text])
        #expect(places(temp.load().diagnostics) == [Place(code: .conflictingMemberDetails, line: 3, column: 1)])
    }

    @Test func representativeWithoutTheToolIsLeftOut() throws {
        var lines = ["事業者ID,事業者名,役割,過去交付決定,ITツール利用"]
        lines.append("R,組合,代表事業者,なし,なし")
        for i in 1...9 { lines.append("P\(i),店\(i),参画事業者,,") }
        var figures = [figureHeader]
        for id in ["R"] + (1...9).map({ "P\($0)" }) {
            figures.append(figureLine(id, 0, op: id == "R" ? "9000000" : "1000000"))
            figures.append(figureLine(id, 1, op: id == "R" ? "1" : "1100000"))
        }
        let temp = TempGroup(utf8: ["members.csv": lines.joined(separator: "\n"), "f.csv": figures.joined(separator: "\n")])
        let report = GroupReport(group: try #require(temp.load().group))
        #expect(report.members[0].inCalculation == false)
        #expect(report.period(.year1).membersInCalculation.count == 9)
        #expect(report.period(.year1).cagrOfficial == Rational(100, 1000))  // every participant +10%
        #expect(report.notes.count == 1)
    }
}

/// A large group's load tells its progress: lines read of the file's lines, then rows checked of
/// all the rows the checks walk (the roster pass and the figures pass each walk the file's rows).
@Suite("Importer: progress of a large load")
struct LoadProgressTests {
    @Test func readingThenCheckingEachCountUpToItsTotal() throws {
        var lines = ["事業者ID,事業者名,役割,年度,営業利益,人件費,減価償却費,従業員数,年間平均労働時間"]
        for m in 0..<3_000 {
            for p in 0...2 {
                lines.append("M\(m),会員\(m),\(m == 0 ? "代表事業者" : "参画事業者"),\(p),\(1_000_000 + p * 60_000),8000000,300000,4,1800")
            }
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("progress-\(UUID().uuidString).csv").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Read as parsed (the default for a plain file), the checks go along with the reading.
        var streamed: [(LoadStep, Int, Int)] = []
        let lean = GroupLoader.load(path: path) { streamed.append(($0, $1, $2)) }
        #expect(lean.errors.isEmpty && lean.group?.members.count == 3_000)
        #expect(streamed.map(\.1) == [4_096, 8_192, 9_002] && streamed.allSatisfy { $0.0 == .reading && $0.2 == 9_002 })

        // By the full passes: reading, then checking.
        var events: [(LoadStep, Int, Int)] = []
        let loaded = GroupLoader.load(path: path, requireFigures: true, progress: { events.append(($0, $1, $2)) }, lean: false)
        #expect(loaded.errors.isEmpty)
        #expect(loaded.group?.members.count == 3_000)
        let reading = events.filter { $0.0 == .reading }
        let checking = events.filter { $0.0 == .checking }
        // 9,001 records: one report at record 4,096, one at 8,192 and one at the end, each with the file's 9,002 lines.
        #expect(reading.map(\.1) == [4_096, 8_192, 9_002])
        #expect(reading.allSatisfy { $0.2 == 9_002 })
        // 9,000 data rows walked twice: a report every 4,096 rows.
        #expect(checking.map(\.1) == [4_096, 8_192, 12_288, 16_384])
        #expect(checking.allSatisfy { $0.2 == 18_000 })
        // Reading comes first.
        #expect(events.firstIndex { $0.0 == .checking }! > events.lastIndex { $0.0 == .reading }!)
        #expect(GroupLoader.load(path: path).group?.members.count == 3_000)
    }

    /// After the load, computing the report and writing its JSON tell members done of all members,
    /// every 4,096 members, and what is written is the same as without a listener.
    @Test func computingAndWritingCountMembers() throws {
        var lines = ["事業者ID,事業者名,役割,年度,営業利益,人件費,減価償却費,従業員数,年間平均労働時間"]
        for m in 0..<9_000 {
            lines.append("M\(m),会員\(m),\(m == 0 ? "代表事業者" : "参画事業者"),0,1000000,8000000,300000,4,1800")
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("progress-\(UUID().uuidString).csv").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let group = try #require(GroupLoader.load(path: path).group)
        var computed: [(Int, Int)] = []
        let report = GroupReport(group: group) { computed.append(($0, $1)) }
        #expect(computed.map(\.0) == [0, 4_096, 8_192])
        #expect(computed.allSatisfy { $0.1 == 9_000 })
        var renderer = JSONRenderer()
        var written: [(Int, Int)] = []
        renderer.progress = { written.append(($0, $1)) }
        let text = renderer.render(report).text
        #expect(written.map(\.0) == [0, 4_096, 8_192])
        #expect(written.allSatisfy { $0.1 == 9_000 })
        #expect(text == JSONRenderer().render(GroupReport(group: group)).text)
    }
}

extension ImporterFormatTests {
    /// Warnings come member by member in ID order, then kind and period, however the members'
    /// figures are held: thirty members, every one with unusual hours in two periods.
    @Test func warningsComeInMemberOrder() {
        var lines = ["member_id,period,operating_profit,labour_cost,depreciation,headcount,hours_per_employee"]
        for m in (1...30).reversed() {
            let id = "M\(m < 10 ? "0" : "")\(m)"
            lines += ["\(id),2,100,3000000,0,10,500", "\(id),0,100,3000000,0,10,2000", "\(id),1,100,3000000,0,10,4000"]
        }
        let folder = TempGroup(utf8: ["members.csv": roster(30), "f.csv": lines.joined(separator: "\n")])
        let unusual = folder.load().diagnostics.filter { $0.code == .hoursUnusual }
        // Member m's rows start on line 2 + 3 × (30 − m): year 2, the base, year 1.
        var expected: [Int] = []
        for m in 1...30 {
            let first = 2 + 3 * (30 - m)
            expected += [first + 2, first]
        }
        #expect(unusual.map { $0.location?.line ?? 0 } == expected)
    }
}

@Suite("Importer: the record of an input")
struct InputRecordTests {
    /// A file read in several 1 MiB pieces (and one that is not a whole number of them) is hashed
    /// as one SHA-256 of all its bytes at once gives, and its size is every byte.
    @Test func aLargeFileHashesAsItsBytesInOneGo() throws {
        var state: UInt64 = 7
        let bytes = (0..<(2 << 20) + 12_345).map { _ -> UInt8 in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        let group = TempGroup(["large.csv": bytes, "empty.csv": []])
        let record = try #require(GroupLoader.record(group.file("large.csv")))
        #expect(record.bytes == bytes.count)
        #expect(record.sha256 == SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined())
        let empty = try #require(GroupLoader.record(group.file("empty.csv")))
        #expect(empty.bytes == 0)
        #expect(empty.sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(GroupLoader.record(group.file("missing.csv")) == nil)
    }
}

@Suite("Importer: header cells")
struct HeaderCellTests {
    /// A header cell is worked out once and remembered (`HeaderCell.init`): asked again, or asked
    /// for a canonically equivalent text, it says what working the cell out says; texts past the
    /// memo's limit are worked out each time. The texts are every alias of every column, with
    /// units in each kind of bracket, unit suffixes, spaces, full-width letters and decomposed
    /// kana, and 2,000 random mixes of their pieces.
    @Test func aRememberedHeaderCellIsTheCellWorkedOut() {
        func same(_ a: HeaderCell, _ b: HeaderCell) -> Bool {
            a.column == b.column && a.unit == b.unit && a.unknownUnit == b.unknownUnit
        }
        let units = ["", "（千円）", "(円)", "[百万円]", "【万円】", "<人>", "(時間)", "(ドル)", "_thousand_yen", "_jpy", "kjpy"]
        var texts: [String] = []
        for column in Column.allCases {
            for alias in column.aliases + [column.japaneseName] {
                for unit in units {
                    texts += [alias + unit, " " + alias.uppercased() + unit + " ", alias.applyingTransform(.fullwidthToHalfwidth, reverse: true)! + unit]
                }
            }
        }
        // Decomposed kana (ガ as カ and a combining mark): equal as Swift strings to the composed
        // forms, and so one entry of the memo.
        texts += ["グループID", "ボーナス（万円）", "従業員数（人）"].map { $0.decomposedStringWithCanonicalMapping }
        var rng = SeededRandom(state: 11)
        let pieces = ["事業者", "ID", "名", "営業", "利益", "人件費", "（", "）", "千円", "_", "・", " ", "年度", "ｶﾞ", "x"]
        for _ in 0..<2_000 {
            texts.append((0..<Int.random(in: 1...5, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined())
        }
        var mismatches: [String] = []
        for round in 0..<2 {
            for text in texts where !same(HeaderCell(text), HeaderCell(workingOut: text)) {
                mismatches.append("round \(round): \(text.debugDescription)")
            }
        }
        let (count, firstFew) = (mismatches.count, mismatches.prefix(5))
        #expect(count == 0, "\(firstFew)")
        // The composed and decomposed forms name the same column.
        #expect(HeaderCell("グループID".decomposedStringWithCanonicalMapping).column == .groupID)
        #expect(HeaderCell("減価償却費（千円）").unit == .thousandYen)
    }
}

@Suite("Importer: the size limit")
struct FileSizeLimitTests {
    /// A file over `InputLimits.maxFileBytes` is not read, with `file_too_large` at the file, also
    /// when the group's file is a symbolic link to it (the limit is on what would be read; the
    /// link's own size is a few bytes). A file at the limit is read (and, empty of data, says so).
    @Test func aFileOverTheLimitIsNotReadEvenThroughALink() throws {
        let group = TempGroup(utf8: [:])
        let large = group.file("large.csv")
        let header = Array("事業者ID,事業者名,役割,年度,営業利益,人件費,減価償却費,従業員数,年間平均労働時間\n".utf8)
        #expect(FileManager.default.createFile(atPath: large, contents: Data(header)))
        // Sparse: the length is set, no bytes are written.
        #expect(truncate(large, off_t(InputLimits.maxFileBytes + 1)) == 0)
        let linked = TempGroup(utf8: [:])
        try FileManager.default.createSymbolicLink(atPath: linked.file("group.csv"), withDestinationPath: large)
        for path in [large, linked.file("group.csv")] {
            let loaded = GroupLoader.load(path: path)
            let found = loaded.errors.filter { $0.code == .fileTooLarge }
            #expect(found.count == 1 && found.first?.location?.file == path, "\(path): \(loaded.errors.map(\.code))")
            #expect(loaded.group == nil)
        }
        #expect(truncate(large, off_t(InputLimits.maxFileBytes)) == 0)
        #expect(!GroupLoader.load(path: large).errors.contains { $0.code == .fileTooLarge })
    }
}
