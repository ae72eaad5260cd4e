/// The catalogue of diagnostics: every `DiagnosticCode` with its severity and meaning, as the
/// Markdown of docs/diagnostics.md.
public enum DiagnosticCatalogue {
    public struct Entry: Sendable {
        public var code: DiagnosticCode
        public var severity: Severity { code.severity }
        public var summary: LocalizedText { code.summary }
    }

    /// Every code, in the order `DiagnosticCode` declares them (docs/diagnostics.md's order).
    public static let entries: [Entry] = DiagnosticCode.allCases.map { Entry(code: $0) }

    /// The catalogue as Markdown (docs/diagnostics.md is this text).
    public static var markdown: String {
        var lines = [
            "# 入力エラー・警告の一覧 / Diagnostics catalogue", "",
            "`groupprod check` と `groupprod report` が出す診断です。コードは安定しており、スクリプトから参照できます。",
            "Codes are stable. Each has a reproducer folder under `Tests/GroupProductivityTests/Fixtures/diagnostics/<code>/`",
            "(except `path_not_found`, tested end to end with a missing path, and `csv_field_too_large`, which needs",
            "memory exhaustion), and a test that checks the exact file, line and column.", "",
            "| code | severity | 意味 | meaning |", "|---|---|---|---|",
        ]
        for entry in entries {
            lines.append("| `\(entry.code.rawValue)` | \(entry.severity.rawValue) | \(entry.summary.ja) | \(entry.summary.en) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
