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
    static let expected: [(code: String, file: String, line: Int, column: Int?)] = [
        ("member_id_zeros_restored", "figures.csv", 3, 1),
        ("control_character", "members.csv", 4, 2),
        ("csv_bad_quote", "figures.csv", 3, 4),  // M02,0,actual,"1"x — the 4th cell (character 17)
        ("csv_unterminated_quote", "figures.csv", 3, nil),
        ("undecodable_bytes", "figures.csv", 3, 9),  // the shortfall_reason cell
        ("no_header", "figures.csv", 1, nil),
        ("missing_column", "figures.csv", 1, nil),
        ("duplicate_column", "figures.csv", 1, 10),
        ("unknown_unit", "figures.csv", 1, 4),
        ("missing_value", "figures.csv", 3, 5),
        ("not_a_number", "figures.csv", 3, 4),  // 12O0 with a letter O
        ("negative_value", "figures.csv", 3, 6),
        ("unit_contradicts_column", "figures.csv", 3, 5),  // 1200万円 under labour_cost(千円)
        ("dash_as_zero", "figures.csv", 3, 6),  // depreciation "-"
        ("not_positive", "figures.csv", 3, 7),
        ("hours_over_year", "figures.csv", 3, 8),
        ("unknown_value", "figures.csv", 3, 2),  // R6 as a period
        ("too_few_cells", "figures.csv", 3, nil),
        ("too_many_cells", "figures.csv", 3, 10),
        ("unknown_member", "figures.csv", 3, 1),
        ("duplicate_figures", "figures.csv", 4, nil),
        ("duplicate_member", "members.csv", 12, 1),
        ("conflicting_member_details", "group.csv", 3, 1),
        ("several_groups", "group.csv", 3, 1),
        ("conflicting_member_name", "M02.csv", 2, 2),
        ("representative_count", "members.csv", 3, 1),
        ("no_roster", "no_roster", 0, nil),
        ("no_figure_files", "no_figure_files", 0, nil),
        ("several_rosters", "名簿.csv", 0, nil),
        ("file_unreadable", "broken.csv", 0, nil),
        ("scenario_bad_change", "scenario.csv", 3, 5),
        ("scenario_unknown_figure", "scenario.csv", 2, 4),
        ("scenario_unknown_member", "scenario.csv", 2, 5),
        ("scenario_not_positive", "scenario.csv", 2, 5),
        ("scenario_out_of_range", "scenario.csv", 2, 5),
        ("title_rows_skipped", "figures.csv", 1, nil),
        ("blank_rows_skipped", "figures.csv", 3, nil),
        ("unit_from_title", "figures.csv", 2, 4),
        ("unknown_column", "figures.csv", 1, 10),
        ("empty_figures_row", "figures.csv", 3, nil),
        ("fewer_than_ten_members", "members.csv", 0, nil),
        ("participant_without_tool", "members.csv", 3, 1),
        ("excel_file_not_read", "returned.xls", 0, nil),
        ("not_a_table_file", "scan.csv", 0, nil),
        ("workbook_unreadable", "returned.xlsx", 0, nil),
        ("sheets_not_read", "figures.xlsx", 0, nil),
        ("excel_lock_file", "~$M11.xlsx", 0, nil),
        ("out_of_range", "figures.csv", 3, 4),
        ("hidden_entry_not_read", ".M11.csv", 0, nil),
        ("folder_not_read", "S99.csv", 0, nil),
        ("file_not_read", "notes.txt", 0, nil),
        ("hours_unusual", "figures.csv", 3, nil),
        ("unit_suspect", "figures.csv", 3, 5),
        ("large_change", "figures.csv", 3, nil),
        ("shortfall_reason_missing", "figures.csv", 3, nil),
    ]

    /// file_too_large and line_too_long need files of 256 MiB and 1 MiB: HostileInputTests makes them at run time.
    /// The portfolio's own codes belong to no single group: PortfolioTests raises each of them.
    static let untestedByFixture: Set<String> = [
        "path_not_found", "csv_field_too_large", "file_too_large", "line_too_long",
        "portfolio_entry_not_read", "no_groups", "missing_group_id", "conflicting_group_details",
    ]

    @Test(arguments: expected)
    func fixtureRaisesItsCodeAtThePlace(code: String, file: String, line: Int, column: Int?) throws {
        let folder = Fixtures.path("diagnostics/\(code)")
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
        let entry = try #require(DiagnosticCatalogue.entry(code))
        #expect(!found.isEmpty, "\(code) not raised; got \(loaded.diagnostics.map(\.code))")
        #expect(
            found.contains { d in
                (d.location.map { ($0.file as NSString).lastPathComponent } == file) && (d.location?.line ?? 0) == line
                    && d.location?.column == column
            }, "\(code) at \(found.map { "\($0.location?.file ?? ""):\($0.location?.line ?? 0):\($0.location?.column ?? 0)" })")
        #expect(found.allSatisfy { $0.severity == entry.severity })
        #expect(found.allSatisfy { !$0.message.ja.isEmpty && !$0.message.en.isEmpty && $0.message.ja != $0.message.en })
        // An error fixture produces no report; a warning fixture still does.
        #expect((loaded.group == nil) == (entry.severity == .error))
    }

    @Test func everyEntryHasAFixtureOrAReason() {
        let covered = Set(Self.expected.map(\.code)).union(Self.untestedByFixture)
        #expect(Set(DiagnosticCatalogue.entries.map(\.code)) == covered)
        #expect(DiagnosticCatalogue.entries.count == Set(DiagnosticCatalogue.entries.map(\.code)).count)
    }

    /// Every `code: "…"` in the sources is in the catalogue, so no diagnostic goes undocumented.
    @Test func everyCodeRaisedInTheSourcesIsCatalogued() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/GroupProductivity")
        var raised: Set<String> = []
        let files = FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String } ?? []
        let pattern = try Regex(#"code: "([a-z_]+)""#)
        for file in files where file.hasSuffix(".swift") {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: pattern) {
                if let code = match.output[1].substring { raised.insert(String(code)) }
            }
        }
        // Codes built by expression (problem == .empty ? … : …) are listed by hand.
        raised.formUnion([
            "missing_value", "not_a_number", "unit_contradicts_column", "dash_as_zero", "out_of_range", "hours_over_year", "negative_value", "not_positive",
            "excel_file_not_read", "file_not_read", "csv_bad_quote", "csv_unterminated_quote", "csv_field_too_large",
        ])
        #expect(raised.count > 20)
        #expect(
            raised.subtracting(DiagnosticCatalogue.entries.map(\.code)).isEmpty,
            "not catalogued: \(raised.subtracting(DiagnosticCatalogue.entries.map(\.code)))")
    }

    @Test func docsListTheCatalogue() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/diagnostics.md")
        #expect(
            try String(contentsOf: docs, encoding: .utf8) == DiagnosticCatalogue.markdown,
            "docs/diagnostics.md is out of date: regenerate it with `groupprod catalogue > docs/diagnostics.md`")
    }
}
