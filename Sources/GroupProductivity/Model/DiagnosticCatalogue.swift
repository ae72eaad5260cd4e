/// Every diagnostic the importer can raise: a stable code, its severity, and what it means.
/// docs/diagnostics.md lists the same entries; each has a reproducer under
/// Tests/GroupProductivityTests/Fixtures/diagnostics/<code>/ (except where noted).
public enum DiagnosticCatalogue {
    public struct Entry: Sendable {
        public var code: String
        public var severity: Severity
        public var summary: LocalizedText
    }

    private static func e(_ code: String, _ severity: Severity, _ ja: String, _ en: String) -> Entry {
        Entry(code: code, severity: severity, summary: LocalizedText(ja: ja, en: en))
    }

    public static let entries: [Entry] = [
        e("path_not_found", .error, "指定したファイル・フォルダがない", "the path given does not exist"),
        e("file_unreadable", .error, "ファイルを読み込めない（権限、リンク切れなど）", "a file cannot be read (permissions, a broken link)"),
        e("csv_bad_quote", .error, "引用符 \" の位置が不正（libcsv が止まった位置を表示）", "a misplaced double quote (the position where libcsv stopped)"),
        e("csv_unterminated_quote", .error, "引用符が閉じられないままファイルが終わる", "a quoted value never closed before the end of the file"),
        e("file_too_large", .error, "ファイルが 256 MiB を超える（読まずに拒否）", "a file over 256 MiB (refused before reading)"),
        e("line_too_long", .error, "1行が 1 MiB を超える（解析せずに拒否）", "a line over 1 MiB (refused unparsed)"),
        e("csv_field_too_large", .error, "値が大きすぎて読めない（メモリ不足）", "a value too large to read (out of memory)"),
        e("undecodable_bytes", .error, "UTF-8 / CP932 / UTF-16 として読めないバイト", "bytes that are not valid UTF-8, CP932 or UTF-16"),
        e("not_a_table_file", .error, "表のファイルでない（PDF、画像、古い .xls など。見た目の種類を表示）", "not a table (a PDF, an image, an old .xls: what it looks like is said)"),
        e(
            "workbook_unreadable", .error, "Excel ブックを読めない（壊れている、展開すると 64 MiB 超）",
            "an Excel workbook that cannot be read (damaged, or a part over 64 MiB expanded)"),
        e("sheets_not_read", .warning, "ブックの2枚目以降のシート（数値のシート以外）は読まない", "a workbook's other sheets (not the figures sheet) are not read"),
        e("no_header", .error, "見出し行がない", "no header row"),
        e("missing_column", .error, "必須の列がない", "a required column is missing"),
        e("duplicate_column", .error, "同じ項目の列が2つある", "two columns for the same field"),
        e("unknown_unit", .error, "見出しの単位を解釈できない", "a unit in a header that is not understood"),
        e("missing_value", .error, "必須の値が空", "a required cell is empty"),
        e("not_a_number", .error, "数値として読めない", "a cell that is not a number"),
        e("unit_contradicts_column", .error, "セルの単位（900万円）が見出しの単位（千円）と違う", "a unit in the cell (900万円) that differs from the header's (千円)"),
        e("negative_value", .error, "人件費・減価償却費が負", "negative labour cost or depreciation"),
        e("not_positive", .error, "従業員数・労働時間が 0 以下", "headcount or hours of 0 or less"),
        e("hours_over_year", .error, "1人当たり年間労働時間が 8,760 を超える", "hours per employee above 8,760 a year"),
        e(
            "out_of_range", .error, "扱える範囲外の値（金額 ±10^15 円、従業員数 10^6 人、時間 1 以上、小数 6 桁まで）",
            "a figure outside the accepted range (money ±10^15 yen, headcount 10^6, hours ≥ 1, 6 decimals)"),
        e("unknown_value", .error, "役割・年度・種別・あり/なし の値を解釈できない", "a role, period, kind or yes/no value that is not understood"),
        e("too_few_cells", .error, "行のセルが見出しより少ない", "a row with fewer cells than the header"),
        e("too_many_cells", .error, "見出しより右に値がある", "a value beyond the header's columns"),
        e(
            "control_character", .error, "事業者ID・事業者名に制御文字（ESC、NUL、改行、双方向制御など）",
            "a control character (ESC, NUL, a line break, a bidi override) in a member ID or name"),
        e(
            "member_id_zeros_restored", .warning, "先頭の 0 が消えた事業者ID（3）を名簿の1者（003）として読んだ",
            "an ID that lost its leading zeros (3) read as the one roster ID it matches (003)"),
        e("unknown_member", .error, "名簿にない事業者ID", "a member ID that is not on the roster"),
        e("duplicate_figures", .error, "同じ事業者・年度・種別が2回", "the same member, period and kind twice"),
        e("duplicate_member", .error, "名簿に同じ事業者IDが2回", "a member ID twice in the roster"),
        e("conflicting_member_details", .error, "1ファイル形式で同じ事業者の名簿情報が行ごとに違う", "a single-file group whose rows disagree on a member's details"),
        e("conflicting_member_name", .error, "数値ファイルの事業者名が名簿と違う", "a figure file naming a member differently from the roster"),
        e("representative_count", .error, "代表事業者が1者でない", "not exactly one representative"),
        e("no_roster", .error, "名簿がない", "no roster"),
        e("several_groups", .error, "1つのファイルに複数のグループ（portfolio で集計を）", "one file holding several groups (use portfolio)"),
        e("no_groups", .error, "portfolio: グループのフォルダが1つもない", "portfolio: no group folders"),
        e("missing_group_id", .error, "portfolio: グループIDが空の行（どのグループにも入らない）", "portfolio: rows without a group ID (in no group)"),
        e("conflicting_group_details", .error, "portfolio: 同じグループの公募年度・補助事業名が行ごとに違う", "portfolio: a group's rows disagree on its edition or project name"),
        e("no_figure_files", .error, "数値ファイルがない", "no figure files"),
        e("several_rosters", .error, "名簿ファイルが複数", "more than one roster file"),
        e("scenario_bad_change", .error, "シナリオの変更（=, +, -, %, *）を解釈できない", "a scenario change (=, +, -, %, *) that is not understood"),
        e("scenario_unknown_figure", .error, "シナリオの項目が変更できる数値でない", "a scenario figure that cannot be changed"),
        e("scenario_unknown_member", .error, "シナリオの事業者IDが名簿にない", "a scenario member that is not on the roster"),
        e("scenario_not_positive", .error, "シナリオで従業員数・労働時間が 0 以下になる", "a scenario that makes headcount or hours 0 or less"),
        e("scenario_out_of_range", .error, "シナリオで値が扱える範囲を超える", "a scenario that takes a figure outside the accepted range"),
        e("title_rows_skipped", .warning, "見出しより上の表題行を読み飛ばした（行番号）", "title rows above the header skipped (their lines)"),
        e("blank_rows_skipped", .warning, "空行を読み飛ばした（行番号）", "blank rows skipped (their lines)"),
        e("unit_from_title", .warning, "表題行の「単位：千円」を列に適用した", "a title row's unit (単位：千円) applied to a column"),
        e("unknown_column", .warning, "知らない見出しの列（使われない）", "a column with an unknown header (not used)"),
        e("dash_as_zero", .warning, "「-」だけのセル（Excel の会計表示の 0）を 0 として読んだ", "a cell holding only a dash (Excel's accounting zero) read as 0"),
        e("empty_figures_row", .warning, "数値が空の行（使われない）", "a row with no figures (not used)"),
        e("fewer_than_ten_members", .warning, "構成員が10者未満", "fewer than 10 members"),
        e("participant_without_tool", .warning, "ITツールを利用しない参画事業者", "a participant marked as not using the IT tool"),
        e(
            "excel_file_not_read", .warning, "古い形式の Excel ブック（.xls）は読まない（.xlsx か CSV で保存を）",
            "an old-format Excel workbook (.xls) is not read (save it as .xlsx or CSV)"),
        e("excel_lock_file", .warning, "Excel の作業中ファイル（~$…）: ブックが開いたまま", "an Excel lock file (~$…): the workbook is still open"),
        e("hidden_entry_not_read", .warning, "「.」で始まる隠しファイル・フォルダは読まない", "a hidden entry (name starting with \".\") is not read"),
        e("folder_not_read", .warning, "グループのフォルダの中のフォルダは読まない", "a folder inside the group folder is not read"),
        e(
            "file_not_read", .warning, "表でないファイル（.csv .tsv .xlsx、Unicode テキストの .txt 以外）は読まない",
            "a file that is not a table (.csv .tsv .xlsx, a Unicode-text .txt) is not read"),
        e("portfolio_entry_not_read", .warning, "portfolio: グループのフォルダでないものは読まない", "portfolio: an entry that is not a group folder is not read"),
        e("hours_unusual", .warning, "労働時間が 1,000〜3,000 時間の範囲外（月間の値？）", "hours outside 1,000–3,000 (a monthly figure?)"),
        e("unit_suspect", .warning, "人件費の桁から単位の誤りが疑われる（千円？）", "labour cost whose size suggests a unit mistake (千円?)"),
        e("large_change", .warning, "従業員数・付加価値額が前年度から半分以上変化", "headcount or value added changed by more than half"),
        e("shortfall_reason_missing", .warning, "実績が目標を下回るのに未達理由がない", "an actual below its target without a shortfall reason"),
    ]

    public static func entry(_ code: String) -> Entry? { entries.first { $0.code == code } }

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
            lines.append("| `\(entry.code)` | \(entry.severity.rawValue) | \(entry.summary.ja) | \(entry.summary.en) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
