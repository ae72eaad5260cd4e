/// Every diagnostic the tool can raise. A code is its stable name for scripts (`rawValue`), and
/// the switch below gives each one its severity and meaning, so a code cannot be raised without
/// being catalogued: the catalogue (docs/diagnostics.md, `groupprod catalogue`) is complete by
/// construction. Each has a reproducer under Tests/GroupProductivityTests/Fixtures/diagnostics/<code>/
/// (except where DiagnosticCatalogueTests says why not).
public enum DiagnosticCode: String, CaseIterable, Sendable, Hashable {
    case pathNotFound = "path_not_found"
    case fileUnreadable = "file_unreadable"
    case csvBadQuote = "csv_bad_quote"
    case csvUnterminatedQuote = "csv_unterminated_quote"
    case fileTooLarge = "file_too_large"
    case lineTooLong = "line_too_long"
    case csvFieldTooLarge = "csv_field_too_large"
    case undecodableBytes = "undecodable_bytes"
    case notATableFile = "not_a_table_file"
    case workbookUnreadable = "workbook_unreadable"
    case sheetsNotRead = "sheets_not_read"
    case noHeader = "no_header"
    case missingColumn = "missing_column"
    case duplicateColumn = "duplicate_column"
    case unknownUnit = "unknown_unit"
    case missingValue = "missing_value"
    case notANumber = "not_a_number"
    case unitContradictsColumn = "unit_contradicts_column"
    case negativeValue = "negative_value"
    case notPositive = "not_positive"
    case hoursOverYear = "hours_over_year"
    case outOfRange = "out_of_range"
    case unknownValue = "unknown_value"
    case tooFewCells = "too_few_cells"
    case tooManyCells = "too_many_cells"
    case controlCharacter = "control_character"
    case memberIdZerosRestored = "member_id_zeros_restored"
    case unknownMember = "unknown_member"
    case duplicateFigures = "duplicate_figures"
    case duplicateMember = "duplicate_member"
    case conflictingMemberDetails = "conflicting_member_details"
    case conflictingMemberName = "conflicting_member_name"
    case representativeCount = "representative_count"
    case noRoster = "no_roster"
    case severalGroups = "several_groups"
    case noGroups = "no_groups"
    case missingGroupId = "missing_group_id"
    case conflictingGroupDetails = "conflicting_group_details"
    case noFigureFiles = "no_figure_files"
    case severalRosters = "several_rosters"
    case scenarioBadChange = "scenario_bad_change"
    case scenarioUnknownFigure = "scenario_unknown_figure"
    case scenarioUnknownMember = "scenario_unknown_member"
    case scenarioNotPositive = "scenario_not_positive"
    case scenarioOutOfRange = "scenario_out_of_range"
    case titleRowsSkipped = "title_rows_skipped"
    case blankRowsSkipped = "blank_rows_skipped"
    case unitFromTitle = "unit_from_title"
    case unknownColumn = "unknown_column"
    case dashAsZero = "dash_as_zero"
    case emptyFiguresRow = "empty_figures_row"
    case fewerThanTenMembers = "fewer_than_ten_members"
    case participantWithoutTool = "participant_without_tool"
    case excelFileNotRead = "excel_file_not_read"
    case excelLockFile = "excel_lock_file"
    case hiddenEntryNotRead = "hidden_entry_not_read"
    case folderNotRead = "folder_not_read"
    case fileNotRead = "file_not_read"
    case portfolioEntryNotRead = "portfolio_entry_not_read"
    case portfolioUnsorted = "portfolio_unsorted"
    case hoursUnusual = "hours_unusual"
    case unitSuspect = "unit_suspect"
    case largeChange = "large_change"
    case shortfallReasonMissing = "shortfall_reason_missing"

    /// Whether the input can still be used: an error stops the group, a warning does not.
    public var severity: Severity { describe.severity }

    /// What the code means, in both languages (one line of the catalogue).
    public var summary: LocalizedText { LocalizedText(ja: describe.ja, en: describe.en) }

    private var describe: (severity: Severity, ja: String, en: String) {
        switch self {
        case .pathNotFound: (.error, "指定したファイル・フォルダがない", "the path given does not exist")
        case .fileUnreadable: (.error, "ファイルを読み込めない（権限、リンク切れ、名前付きパイプ・デバイスなど）", "a file cannot be read (permissions, a broken link, a named pipe or a device)")
        case .csvBadQuote: (.error, "引用符 \" の位置が不正（libcsv が止まった位置を表示）", "a misplaced double quote (the position where libcsv stopped)")
        case .csvUnterminatedQuote: (.error, "引用符が閉じられないままファイルが終わる", "a quoted value never closed before the end of the file")
        case .fileTooLarge: (.error, "ファイルが 256 MiB を超える（読まずに拒否）", "a file over 256 MiB (refused before reading)")
        case .lineTooLong: (.error, "1行が 1 MiB を超える（解析せずに拒否）", "a line over 1 MiB (refused unparsed)")
        case .csvFieldTooLarge: (.error, "値が大きすぎて読めない（メモリ不足）", "a value too large to read (out of memory)")
        case .undecodableBytes: (.error, "UTF-8 / CP932 / UTF-16 として読めないバイト", "bytes that are not valid UTF-8, CP932 or UTF-16")
        case .notATableFile: (.error, "表のファイルでない（PDF、画像、古い .xls など。見た目の種類を表示）", "not a table (a PDF, an image, an old .xls: what it looks like is said)")
        case .workbookUnreadable:
            (.error, "Excel ブックを読めない（壊れている、展開すると 64 MiB 超）", "an Excel workbook that cannot be read (damaged, or a part over 64 MiB expanded)")
        case .sheetsNotRead: (.warning, "ブックの2枚目以降のシート（数値のシート以外）は読まない", "a workbook's other sheets (not the figures sheet) are not read")
        case .noHeader: (.error, "見出し行がない", "no header row")
        case .missingColumn: (.error, "必須の列がない", "a required column is missing")
        case .duplicateColumn: (.error, "同じ項目の列が2つある", "two columns for the same field")
        case .unknownUnit: (.error, "見出しの単位を解釈できない", "a unit in a header that is not understood")
        case .missingValue: (.error, "必須の値が空", "a required cell is empty")
        case .notANumber: (.error, "数値として読めない", "a cell that is not a number")
        case .unitContradictsColumn: (.error, "セルの単位（900万円）が見出しの単位（千円）と違う", "a unit in the cell (900万円) that differs from the header's (千円)")
        case .negativeValue: (.error, "人件費・減価償却費が負", "negative labour cost or depreciation")
        case .notPositive: (.error, "従業員数・労働時間が 0 以下", "headcount or hours of 0 or less")
        case .hoursOverYear: (.error, "1人当たり年間労働時間が 8,760 を超える", "hours per employee above 8,760 a year")
        case .outOfRange:
            (
                .error, "扱える範囲外の値（金額 ±10^15 円、従業員数 10^6 人、時間 1 以上、小数 6 桁まで）",
                "a figure outside the accepted range (money ±10^15 yen, headcount 10^6, hours ≥ 1, 6 decimals)"
            )
        case .unknownValue: (.error, "役割・年度・種別・あり/なし の値を解釈できない", "a role, period, kind or yes/no value that is not understood")
        case .tooFewCells: (.error, "行のセルが見出しより少ない", "a row with fewer cells than the header")
        case .tooManyCells: (.error, "見出しより右に値がある", "a value beyond the header's columns")
        case .controlCharacter:
            (.error, "事業者ID・事業者名に制御文字（ESC、NUL、改行、双方向制御など）", "a control character (ESC, NUL, a line break, a bidi override) in a member ID or name")
        case .memberIdZerosRestored:
            (.warning, "先頭の 0 が消えた事業者ID（3）を名簿の1者（003）として読んだ", "an ID that lost its leading zeros (3) read as the one roster ID it matches (003)")
        case .unknownMember: (.error, "名簿にない事業者ID", "a member ID that is not on the roster")
        case .duplicateFigures: (.error, "同じ事業者・年度・種別が2回", "the same member, period and kind twice")
        case .duplicateMember: (.error, "名簿に同じ事業者IDが2回", "a member ID twice in the roster")
        case .conflictingMemberDetails: (.error, "1ファイル形式で同じ事業者の名簿情報が行ごとに違う", "a single-file group whose rows disagree on a member's details")
        case .conflictingMemberName: (.error, "数値ファイルの事業者名が名簿と違う", "a figure file naming a member differently from the roster")
        case .representativeCount: (.error, "代表事業者が1者でない", "not exactly one representative")
        case .noRoster: (.error, "名簿がない", "no roster")
        case .severalGroups: (.error, "1つのファイルに複数のグループ（portfolio で集計を）", "one file holding several groups (use portfolio)")
        case .noGroups: (.error, "portfolio: グループのフォルダが1つもない", "portfolio: no group folders")
        case .missingGroupId: (.error, "portfolio: グループIDが空の行（どのグループにも入らない）", "portfolio: rows without a group ID (in no group)")
        case .conflictingGroupDetails: (.error, "portfolio: 同じグループの公募年度・補助事業名が行ごとに違う", "portfolio: a group's rows disagree on its edition or project name")
        case .noFigureFiles: (.error, "数値ファイルがない", "no figure files")
        case .severalRosters: (.error, "名簿ファイルが複数", "more than one roster file")
        case .scenarioBadChange: (.error, "シナリオの変更（=, +, -, %, *）を解釈できない", "a scenario change (=, +, -, %, *) that is not understood")
        case .scenarioUnknownFigure: (.error, "シナリオの項目が変更できる数値でない", "a scenario figure that cannot be changed")
        case .scenarioUnknownMember: (.error, "シナリオの事業者IDが名簿にない", "a scenario member that is not on the roster")
        case .scenarioNotPositive: (.error, "シナリオで従業員数・労働時間が 0 以下になる", "a scenario that makes headcount or hours 0 or less")
        case .scenarioOutOfRange: (.error, "シナリオで値が扱える範囲を超える", "a scenario that takes a figure outside the accepted range")
        case .titleRowsSkipped: (.warning, "見出しより上の表題行を読み飛ばした（行番号）", "title rows above the header skipped (their lines)")
        case .blankRowsSkipped: (.warning, "空行を読み飛ばした（行番号）", "blank rows skipped (their lines)")
        case .unitFromTitle: (.warning, "表題行の「単位：千円」を列に適用した", "a title row's unit (単位：千円) applied to a column")
        case .unknownColumn: (.warning, "知らない見出しの列（使われない）", "a column with an unknown header (not used)")
        case .dashAsZero: (.warning, "「-」だけのセル（Excel の会計表示の 0）を 0 として読んだ", "a cell holding only a dash (Excel's accounting zero) read as 0")
        case .emptyFiguresRow: (.warning, "数値が空の行（使われない）", "a row with no figures (not used)")
        case .fewerThanTenMembers: (.warning, "構成員が10者未満", "fewer than 10 members")
        case .participantWithoutTool: (.warning, "ITツールを利用しない参画事業者", "a participant marked as not using the IT tool")
        case .excelFileNotRead:
            (.warning, "古い形式の Excel ブック（.xls）は読まない（.xlsx か CSV で保存を）", "an old-format Excel workbook (.xls) is not read (save it as .xlsx or CSV)")
        case .excelLockFile: (.warning, "Excel の作業中ファイル（~$…）: ブックが開いたまま", "an Excel lock file (~$…): the workbook is still open")
        case .hiddenEntryNotRead: (.warning, "「.」で始まる隠しファイル・フォルダは読まない", "a hidden entry (name starting with \".\") is not read")
        case .folderNotRead: (.warning, "グループのフォルダの中のフォルダは読まない", "a folder inside the group folder is not read")
        case .fileNotRead:
            (.warning, "表でないファイル（.csv .tsv .xlsx、Unicode テキストの .txt 以外）は読まない", "a file that is not a table (.csv .tsv .xlsx, a Unicode-text .txt) is not read")
        case .portfolioEntryNotRead: (.warning, "portfolio: グループのフォルダでないものは読まない", "portfolio: an entry that is not a group folder is not read")
        case .portfolioUnsorted:
            (
                .warning, "portfolio: 結合ファイルがグループID順でない（数グループずつ何回かに分けて読んだ。1回に持つ行は約 48 MiB まで）",
                "portfolio: a combined file not sorted by group ID (read in passes, a few groups at a time, each holding rows up to about 48 MiB)"
            )
        case .hoursUnusual: (.warning, "労働時間が 1,000〜3,000 時間の範囲外（月間の値？）", "hours outside 1,000–3,000 (a monthly figure?)")
        case .unitSuspect: (.warning, "人件費の桁から単位の誤りが疑われる（千円？）", "labour cost whose size suggests a unit mistake (千円?)")
        case .largeChange: (.warning, "従業員数・付加価値額が前年度から半分以上変化", "headcount or value added changed by more than half")
        case .shortfallReasonMissing: (.warning, "実績が目標を下回るのに未達理由がない", "an actual below its target without a shortfall reason")
        }
    }
}
