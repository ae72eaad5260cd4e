import Foundation
import SafeFiles
import Testing

@testable import GroupPresentation
@testable import GroupProductivity
@testable import GroupWorkflows

@Suite("collect and template")
struct CollectTests {
    static func returned(_ temp: TempGroup, _ name: String, _ rows: [String]) -> String {
        let path = temp.file(name)
        _ = FileManager.default.createFile(atPath: path, contents: Data((figureHeader + "\n" + rows.joined(separator: "\n") + "\n").utf8))
        return path
    }

    static func newGroup() -> (TempGroup, String) {
        let temp = TempGroup(utf8: ["g/members.csv": ""])
        let group = temp.file("g")
        try? FileManager.default.createDirectory(atPath: group, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: group + "/members.csv", contents: Data(roster(10).utf8))
        return (temp, group)
    }

    @Test func addsGoodFilesAndRefusesBadOnes() throws {
        let (temp, group) = Self.newGroup()
        let good = Self.returned(
            temp, "m01.csv",
            [
                figureLine("M01", 0, op: "100000", labour: "8000000"),
                figureLine("M01", 1, op: "200000", labour: "8000000"),
            ])
        let bad = Self.returned(
            temp, "m02.csv",
            [
                figureLine("M02", 0, op: "1O0", labour: "8000000"),
                figureLine("M02", 1, op: "100", labour: "-1"),
            ])
        let outcome = try Collect.run(group: group, files: [good, bad], replace: false).get()
        #expect(outcome.added.map(\.member) == ["M01", "M01"])
        #expect(outcome.refused.count == 1)
        #expect(outcome.refused[0].file == bad)
        #expect(outcome.refused[0].errors.map(\.code.rawValue).sorted() == ["negative_value", "not_a_number"])
        #expect(outcome.written == group + "/collected.csv")
        let reloaded = try #require(GroupLoader.load(path: group).group)
        #expect(reloaded.figures("M01", .year1)?.operatingProfit == Rational(200_000))
        #expect(reloaded.figures("M01", .year1)?.origin == "m01.csv:3")
        #expect(reloaded.figures("M02", .base) == nil)
    }

    @Test func aDifferingValueChangesOnlyWithReplace() throws {
        let (temp, group) = Self.newGroup()
        let first = Self.returned(temp, "a.csv", [figureLine("M03", 0, op: "100000", labour: "8000000")])
        _ = try Collect.run(group: group, files: [first], replace: false).get()
        let before = try Data(contentsOf: URL(fileURLWithPath: group + "/collected.csv"))

        let again = try Collect.run(group: group, files: [first], replace: false).get()
        #expect(again.unchanged.count == 1)
        #expect(again.written == nil)

        let corrected = Self.returned(temp, "b.csv", [figureLine("M03", 0, op: "150000", labour: "8000000")])
        let held = try Collect.run(group: group, files: [corrected], replace: false).get()
        #expect(held.conflicts.count == 1)
        #expect(held.conflicts[0].old.operatingProfit == Rational(100_000))
        #expect(held.conflicts[0].new.operatingProfit == Rational(150_000))
        #expect(held.written == nil)
        #expect(try Data(contentsOf: URL(fileURLWithPath: group + "/collected.csv")) == before)

        let taken = try Collect.run(group: group, files: [corrected], replace: true).get()
        #expect(taken.replaced.count == 1)
        #expect(try #require(GroupLoader.load(path: group, requireFigures: false).group).figures("M03", .base)?.operatingProfit == Rational(150_000))
    }

    @Test func replaceDoesNotRewriteTheUsersOwnFiles() throws {
        let (temp, group) = Self.newGroup()
        let own = group + "/handmade.csv"
        _ = FileManager.default.createFile(atPath: own, contents: Data((figureHeader + "\n" + figureLine("M04", 0, op: "1", labour: "8000000") + "\n").utf8))
        let incoming = Self.returned(temp, "c.csv", [figureLine("M04", 0, op: "2", labour: "8000000")])
        let outcome = try Collect.run(group: group, files: [incoming], replace: true).get()
        #expect(outcome.blocked.count == 1)
        #expect(outcome.blocked[0].old.source.file == own)
        #expect(outcome.written == nil)
        #expect(!FileManager.default.fileExists(atPath: group + "/collected.csv"))
    }

    @Test func aBrokenGroupIsNotTouched() {
        let temp = TempGroup(utf8: ["members.csv": "member_id,name\nA,甲\n"])
        let incoming = Self.returned(temp, "x.csv", [figureLine("A", 0, op: "1")])
        guard case .failure(.group(let errors)) = Collect.run(group: temp.path, files: [incoming], replace: false) else {
            Issue.record("expected the group's own errors")
            return
        }
        #expect(errors.map(\.code) == [.missingColumn])
    }

    @Test func templateIsPrefilledAndReadsBackWithoutErrors() throws {
        let group = try #require(GroupLoader.load(path: Fixtures.path("worked-example")).group)
        let member = group.members[1]
        let text = CanonicalCSV.template(for: member, group: group)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines[0].hasPrefix("※"))
        #expect(lines[1] == "事業者ID,事業者名,年度,種別,営業利益(円),人件費(円),減価償却費(円),従業員数,年間平均労働時間,未達理由")
        #expect(lines[2] == "B,B食堂,事業実施前,実績,-500000,8000000,300000,4,2000,")
        #expect(lines[5] == "B,B食堂,1年度目,目標,,,,,,")
        #expect(lines.count == 8)  // note, header, 5 rows, and the empty string after the last CRLF
        #expect(Templates.fileName(member) == "B_B食堂.csv")

        for encoding in OutputEncoding.allCases {
            let temp = TempGroup([
                "members.csv": Array(CanonicalCSV.roster(group).utf8),
                "B.csv": [UInt8](try encoding.encode(text)),
            ])
            let loaded = temp.load()
            #expect(loaded.errors.isEmpty, "\(encoding): \(loaded.errors.map(\.code))")
            #expect(loaded.warnings.filter { $0.code == .emptyFiguresRow }.count == 2)
            #expect(!loaded.warnings.contains { $0.code == .titleRowsSkipped || $0.code == .unitFromTitle })
            #expect(loaded.group?.figures("B", .base)?.operatingProfit == Rational(-500_000))
        }
    }

    /// The workbook form reads back to the figures it was prefilled with, exactly, in either unit
    /// (8,001,234 yen is 8001.234 thousand yen in the cell), with the same two empty target rows
    /// the CSV form has and nothing else to say.
    @Test(arguments: [MoneyUnit.yen, .thousandYen])
    func workbookFormReadsBackExactly(unit: MoneyUnit) throws {
        var group = try #require(GroupLoader.load(path: Fixtures.path("worked-example")).group)
        let member = group.members[1]
        var base = try #require(group.figures(member.id, .base, .actual))
        base.labourCost = Rational(8_001_234)
        base.hoursPerEmployee = Rational(20_005, 10)
        base.shortfallReason = nil
        group.figures[FigureKey(member: member.id, period: .base, kind: .actual)] = base
        let data = try XLSXForm.workbook(for: member, group: group, unit: unit)
        #expect(Templates.fileName(member, extension: "xlsx") == "B_B食堂.xlsx")
        let temp = TempGroup(["members.csv": Array(CanonicalCSV.roster(group).utf8), "B.xlsx": [UInt8](data)])
        let loaded = temp.load()
        #expect(loaded.errors.isEmpty, "\(loaded.errors.map(\.code))")
        let fromForm = loaded.warnings.filter { $0.location?.file.hasSuffix("B.xlsx") == true }
        #expect(fromForm.map(\.code) == [.emptyFiguresRow, .emptyFiguresRow])
        #expect(fromForm.map { $0.location?.line } == [6, 7])
        #expect(loaded.warnings.first?.location?.sheet == FormSheets.figures)
        let read = try #require(loaded.group)
        for period in [Period.base, .year1, .year2] {
            let original = group.figures(member.id, period, .actual)
            let back = read.figures(member.id, period, .actual)
            #expect(back?.operatingProfit == original?.operatingProfit)
            #expect(back?.labourCost == original?.labourCost)
            #expect(back?.depreciation == original?.depreciation)
            #expect(back?.headcount == original?.headcount)
            #expect(back?.hoursPerEmployee == original?.hoursPerEmployee)
        }
        #expect(read.figures(member.id, .base, .actual)?.labourCost == Rational(8_001_234))
    }

    @Test func numericLookingIDsAreNamed() {
        let members = ["003", "S01", "12", "", "1e5"].map { Member(id: $0, name: "n", role: .participant, priorGrant: false, usesITTool: true) }
        #expect(Templates.numericLookingIDs(members) == ["003", "12"])
    }

    @Test func cp932RefusesCharactersItCannotHold() {
        #expect(throws: UnencodableCharacter(character: "🍣")) { try OutputEncoding.cp932.encode("寿司🍣") }
        // 〜 and − are mapped to their CP932 look-alikes instead of failing.
        let data = try? OutputEncoding.cp932.encode("10〜20 −5")
        #expect(data.flatMap { String(data: $0, encoding: .shiftJIS) } == "10～20 －5")
    }

    @Test func atomicWriteRefusesToOverwriteAndLeavesNoTemporaryFiles() throws {
        let temp = TempGroup(utf8: ["existing.csv": "old"])
        #expect(throws: WriteError(path: temp.file("existing.csv"), cause: .exists)) {
            try OutputFile.write(Data("new".utf8), to: temp.file("existing.csv"), overwrite: false)
        }
        #expect(try String(contentsOfFile: temp.file("existing.csv"), encoding: .utf8) == "old")
        try OutputFile.write(Data("new".utf8), to: temp.file("existing.csv"), overwrite: true)
        #expect(try String(contentsOfFile: temp.file("existing.csv"), encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: temp.path) == ["existing.csv"])
    }

    /// Content read from another file that fails part way (an XLSX read back from libxlsxwriter's
    /// file): the failure is thrown as a write error, the old file stays, and no temporary file
    /// or half-written new one is left, whether it would have replaced a file or made a new one.
    @Test func aProducerThatFailsPlacesNothing() throws {
        let temp = TempGroup(utf8: ["existing.csv": "old"])
        for (name, overwrite) in [("existing.csv", true), ("new.csv", false)] {
            #expect(throws: WriteError(path: temp.file(name), cause: WriteError.Cause(errno: EIO))) {
                try OutputFile.write(to: temp.file(name), overwrite: overwrite) { write in
                    Array("half".utf8).withUnsafeBytes(write)
                    return EIO
                }
            }
        }
        #expect(try String(contentsOfFile: temp.file("existing.csv"), encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: temp.path) == ["existing.csv"])
        try OutputFile.write(to: temp.file("new.csv"), overwrite: false) { write in
            Array("whole".utf8).withUnsafeBytes(write)
            return 0
        }
        #expect(try String(contentsOfFile: temp.file("new.csv"), encoding: .utf8) == "whole")
    }
}
