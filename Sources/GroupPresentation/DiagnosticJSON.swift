import GroupProductivity

/// Diagnostics as data: `{"schema_version": 1, "errors": n, "warnings": n, "diagnostics": [...]}`.
public struct DiagnosticJSON {
    public var language: Language

    public init(language: Language = .ja) { self.language = language }

    /// `warnings` counts the diagnostics' warnings and the missing reports.
    public func render(_ diagnostics: [Diagnostic], missingReports: [MissingReport] = []) -> String {
        let items: [JSONValue] = diagnostics.map(item)
        return JSONValue.object([
            ("schema_version", .number("1")),
            ("errors", .number("\(diagnostics.filter { $0.severity == .error }.count)")),
            ("warnings", .number("\(diagnostics.filter { $0.severity == .warning }.count + missingReports.count)")),
            ("diagnostics", .array(items)),
            (
                "missing_reports",
                .array(
                    missingReports.map { m in
                        let (urgency, days): (String, Int?) =
                            switch m.urgency {
                            case .expected: ("expected", nil)
                            case .due(let d): ("due", d)
                            case .overdue(let d): ("overdue", d)
                            }
                        return .object([
                            ("member_id", .string(m.member)), ("period", .number("\(m.period.rawValue)")),
                            ("urgency", .string(urgency)), ("days", days.map { .number("\($0)") } ?? .null),
                        ])
                    })
            ),
        ]).serialized() + "\n"
    }

    private func item(_ d: Diagnostic) -> JSONValue {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        func int(_ value: Int?) -> JSONValue { value.map { JSONValue.number(String($0)) } ?? .null }
        let line: Int? = (d.location?.line ?? 0) > 0 ? d.location?.line : nil
        return .object([
            ("code", .string(d.code.rawValue)),
            ("severity", .string(d.severity.rawValue)),
            ("file", text(d.location?.file)),
            ("sheet", text(d.location?.sheet)),
            ("line", int(line)),
            ("column", int(d.location?.column)),
            ("column_name", text(d.columnName)),
            ("raw_value", text(d.rawValue)),
            ("message", .string(d.message.text(language))),
            ("hint", text(d.hint?.text(language))),
        ])
    }
}
