/// Output language: Japanese by default, English on request.
public enum Language: String, Sendable, CaseIterable {
    case ja
    case en
}

/// A text in both languages, kept together where it is raised.
public struct LocalizedText: Sendable, Equatable {
    public var ja: String
    public var en: String
    public init(ja: String, en: String) {
        self.ja = ja
        self.en = en
    }
    public func text(_ language: Language) -> String { language == .ja ? ja : en }
}

/// Where something is in the user's files (1-based; column is the cell number in the row).
/// In a workbook, `sheet` names the worksheet and `line` is the row as Excel numbers it, so the
/// place reads `H03_実績報告.xlsx:実績!D5`.
public struct SourceLocation: Sendable, Hashable {
    public var file: String
    public var line: Int
    public var column: Int?
    public var sheet: String?
    public init(file: String, line: Int, column: Int? = nil, sheet: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.sheet = sheet
    }
}

public enum Severity: String, Sendable {
    case error
    case warning
}

/// One problem found in the input: what, where, the raw text, and how to fix it.
public struct Diagnostic: Sendable, Equatable {
    /// What kind of problem: a stable code (`not_a_number`, `missing_column`, …) for scripts and
    /// the catalogue. It decides the severity, so the two cannot disagree.
    public var code: DiagnosticCode
    public var severity: Severity { code.severity }
    public var location: SourceLocation?
    /// The column's header as written in the file, when the problem is in a cell.
    public var columnName: String?
    /// The cell's text exactly as it was in the file.
    public var rawValue: String?
    public var message: LocalizedText
    public var hint: LocalizedText?

    public init(
        code: DiagnosticCode, location: SourceLocation?, columnName: String? = nil,
        rawValue: String? = nil, message: LocalizedText, hint: LocalizedText? = nil
    ) {
        self.code = code
        self.location = location
        self.columnName = columnName
        self.rawValue = rawValue
        self.message = message
        self.hint = hint
    }
}
