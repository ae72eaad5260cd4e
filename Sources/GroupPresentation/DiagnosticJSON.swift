import GroupProductivity

/// Diagnostics as data: `{"schema_version": 1, "errors": n, "warnings": n, "diagnostics": [...]}`.
public struct DiagnosticJSON {
    public var language: Language

    public init(language: Language = .ja) { self.language = language }

    /// `warnings` counts the diagnostics' warnings and the missing reports.
    public func render(_ diagnostics: [Diagnostic], missingReports: [MissingReport] = []) -> String {
        JSONStreamEncoder.encode(
            JSONDocuments.Diagnostics(
                errors: diagnostics.filter { $0.severity == .error }.count,
                warnings: diagnostics.filter { $0.severity == .warning }.count + missingReports.count,
                diagnostics: diagnostics.map(item),
                missingReports: missingReports.map { m in
                    let (urgency, days): (String, Int?) =
                        switch m.urgency {
                        case .expected: ("expected", nil)
                        case .due(let d): ("due", d)
                        case .overdue(let d): ("overdue", d)
                        }
                    return .init(memberID: m.member, period: m.period.rawValue, urgency: urgency, days: days)
                }))
    }

    private func item(_ d: Diagnostic) -> JSONDocuments.Diagnostics.Item {
        .init(
            code: d.code.rawValue, severity: d.severity.rawValue, file: d.location?.file, sheet: d.location?.sheet,
            line: (d.location?.line ?? 0) > 0 ? d.location?.line : nil, column: d.location?.column, columnName: d.columnName,
            rawValue: d.rawValue, message: d.message.text(language), hint: d.hint?.text(language))
    }
}
