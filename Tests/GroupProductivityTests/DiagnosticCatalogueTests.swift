import Foundation
import SafeFiles
import Testing

@testable import GroupPresentation
@testable import GroupProductivity
@testable import GroupWorkflows

@Suite("Diagnostic catalogue")
struct DiagnosticCatalogueTests {
    /// Where each fixture's diagnostic must be: file name, line (0 = none), column (nil = none).
    /// Worked out from the fixture text in scripts/make-diagnostic-fixtures.py.
    static let expected: [(code: DiagnosticCode, file: String, line: Int, column: Int?)] = [
        (.memberIdZerosRestored, "figures.csv", 3, 1),
        (.controlCharacter, "members.csv", 4, 2),
        (.csvBadQuote, "figures.csv", 3, 4),  // M02,0,actual,"1"x — the 4th cell (character 17)
        (.csvUnterminatedQuote, "figures.csv", 3, nil),
        (.undecodableBytes, "figures.csv", 3, 9),  // the shortfall_reason cell
        (.noHeader, "figures.csv", 1, nil),
        (.missingColumn, "figures.csv", 1, nil),
        (.duplicateColumn, "figures.csv", 1, 10),
        (.unknownUnit, "figures.csv", 1, 4),
        (.missingValue, "figures.csv", 3, 5),
        (.notANumber, "figures.csv", 3, 4),  // 12O0 with a letter O
        (.negativeValue, "figures.csv", 3, 6),
        (.unitContradictsColumn, "figures.csv", 3, 5),  // 1200万円 under labour_cost(千円)
        (.dashAsZero, "figures.csv", 3, 6),  // depreciation "-"
        (.notPositive, "figures.csv", 3, 7),
        (.hoursOverYear, "figures.csv", 3, 8),
        (.unknownValue, "figures.csv", 3, 2),  // R6 as a period
        (.tooFewCells, "figures.csv", 3, nil),
        (.tooManyCells, "figures.csv", 3, 10),
        (.unknownMember, "figures.csv", 3, 1),
        (.duplicateFigures, "figures.csv", 4, nil),
        (.duplicateMember, "members.csv", 12, 1),
        (.conflictingMemberDetails, "group.csv", 3, 1),
        (.severalGroups, "group.csv", 3, 1),
        (.conflictingMemberName, "M02.csv", 2, 2),
        (.representativeCount, "members.csv", 3, 1),
        (.noRoster, "no_roster", 0, nil),
        (.noFigureFiles, "no_figure_files", 0, nil),
        (.severalRosters, "名簿.csv", 0, nil),
        (.fileUnreadable, "broken.csv", 0, nil),
        (.scenarioBadChange, "scenario.csv", 3, 5),
        (.scenarioUnknownFigure, "scenario.csv", 2, 4),
        (.scenarioUnknownMember, "scenario.csv", 2, 5),
        (.scenarioNotPositive, "scenario.csv", 2, 5),
        (.scenarioOutOfRange, "scenario.csv", 2, 5),
        (.titleRowsSkipped, "figures.csv", 1, nil),
        (.blankRowsSkipped, "figures.csv", 3, nil),
        (.unitFromTitle, "figures.csv", 2, 4),
        (.unknownColumn, "figures.csv", 1, 10),
        (.emptyFiguresRow, "figures.csv", 3, nil),
        (.fewerThanTenMembers, "members.csv", 0, nil),
        (.participantWithoutTool, "members.csv", 3, 1),
        (.excelFileNotRead, "returned.xls", 0, nil),
        (.notATableFile, "scan.csv", 0, nil),
        (.workbookUnreadable, "returned.xlsx", 0, nil),
        (.sheetsNotRead, "figures.xlsx", 0, nil),
        (.excelLockFile, "~$M11.xlsx", 0, nil),
        (.outOfRange, "figures.csv", 3, 4),
        (.hiddenEntryNotRead, ".M11.csv", 0, nil),
        (.folderNotRead, "S99.csv", 0, nil),
        (.fileNotRead, "notes.txt", 0, nil),
        (.hoursUnusual, "figures.csv", 3, nil),
        (.unitSuspect, "figures.csv", 3, 5),
        (.largeChange, "figures.csv", 3, nil),
        (.shortfallReasonMissing, "figures.csv", 3, nil),
    ]

    /// file_too_large and line_too_long need files of 256 MiB and 1 MiB: HostileInputTests makes them at run time.
    /// The portfolio's own codes belong to no single group: PortfolioTests raises each of them.
    static let untestedByFixture: Set<DiagnosticCode> = [
        .pathNotFound, .csvFieldTooLarge, .fileTooLarge, .lineTooLong,
        .portfolioEntryNotRead, .noGroups, .missingGroupId, .conflictingGroupDetails, .portfolioUnsorted,
    ]

    @Test(arguments: expected)
    func fixtureRaisesItsCodeAtThePlace(code: DiagnosticCode, file: String, line: Int, column: Int?) throws {
        let folder = Fixtures.path("diagnostics/\(code.rawValue)")
        var loaded = GroupLoader.load(path: folder)
        let scenarioFile = folder + "/scenario/scenario.csv"
        if FileManager.default.fileExists(atPath: scenarioFile), let group = loaded.group {
            // A scenario fixture: a valid group, and the mistake is in the scenario.
            let read = ScenarioReader.read(path: scenarioFile)
            loaded.diagnostics += read.diagnostics
            for scenario in read.scenarios { loaded.diagnostics += group.applying(scenario).problems }
            loaded.group = loaded.diagnostics.contains { $0.severity == .error } ? nil : group
        }
        let found = loaded.diagnostics.filter { $0.code == code }
        #expect(!found.isEmpty, "\(code) not raised; got \(loaded.diagnostics.map(\.code))")
        #expect(
            found.contains { d in
                (d.location.map { ($0.file as NSString).lastPathComponent } == file) && (d.location?.line ?? 0) == line
                    && d.location?.column == column
            }, "\(code) at \(found.map { "\($0.location?.file ?? ""):\($0.location?.line ?? 0):\($0.location?.column ?? 0)" })")
        #expect(found.allSatisfy { $0.severity == code.severity })
        #expect(found.allSatisfy { !$0.message.ja.isEmpty && !$0.message.en.isEmpty && $0.message.ja != $0.message.en })
        // An error fixture produces no report; a warning fixture still does.
        #expect((loaded.group == nil) == (code.severity == .error))
    }

    @Test func everyEntryHasAFixtureOrAReason() {
        let covered = Set(Self.expected.map(\.code)).union(Self.untestedByFixture)
        #expect(Set(DiagnosticCode.allCases) == covered)
        #expect(covered.count == Self.expected.count + Self.untestedByFixture.count, "a code both has a fixture and is listed as untested")
    }

    @Test func docsListTheCatalogue() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/diagnostics.md")
        #expect(
            try String(contentsOf: docs, encoding: .utf8) == DiagnosticCatalogue.markdown,
            "docs/diagnostics.md is out of date: regenerate it with `groupprod catalogue > docs/diagnostics.md`")
    }
}
