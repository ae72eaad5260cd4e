// Each function keeps its C name, so that the code reads as the library's documentation does:
// swift-format-ignore-file: AlwaysUseLowerCamelCase

import CLibXLSXWriter
import SharedLibraries

/// libxlsxwriter's functions, looked up when the first workbook is made rather than linked.
///
/// Linked, the library was loaded at every start, with OpenSSL's libcrypto and minizip behind it,
/// though only XLSX output uses it: an empty C program linked to libcsv, zlib and libstdc++ started
/// in 1.6 ms, with libxlsxwriter too in 2.6 ms (hyperfine, 500 runs each). The module map no
/// longer links it; the build fails if anything here calls the library directly. The types below
/// are the header's own, checked against the linked functions by `LibraryBindingTests`.
struct LibXLSXWriter: @unchecked Sendable {
    typealias Sheet = UnsafeMutablePointer<lxw_worksheet>?
    typealias Format = UnsafeMutablePointer<lxw_format>?
    typealias Text = UnsafePointer<CChar>?

    let workbook_new_opt: @convention(c) (Text, UnsafeMutablePointer<lxw_workbook_options>?) -> UnsafeMutablePointer<lxw_workbook>?
    let workbook_add_worksheet: @convention(c) (UnsafeMutablePointer<lxw_workbook>?, Text) -> Sheet
    let workbook_add_format: @convention(c) (UnsafeMutablePointer<lxw_workbook>?) -> Format
    let workbook_add_chart: @convention(c) (UnsafeMutablePointer<lxw_workbook>?, UInt8) -> UnsafeMutablePointer<lxw_chart>?
    let workbook_close: @convention(c) (UnsafeMutablePointer<lxw_workbook>?) -> lxw_error
    let lxw_strerror: @convention(c) (lxw_error) -> UnsafeMutablePointer<CChar>?
    let format_set_num_format: @convention(c) (Format, Text) -> Void
    let format_set_bold: @convention(c) (Format) -> Void
    let format_set_bg_color: @convention(c) (Format, lxw_color_t) -> Void
    let format_set_text_wrap: @convention(c) (Format) -> Void
    let format_set_unlocked: @convention(c) (Format) -> Void
    let chart_add_series: @convention(c) (UnsafeMutablePointer<lxw_chart>?, Text, Text) -> UnsafeMutablePointer<lxw_chart_series>?
    let chart_series_set_categories: @convention(c) (UnsafeMutablePointer<lxw_chart_series>?, Text, lxw_row_t, lxw_col_t, lxw_row_t, lxw_col_t) -> Void
    let chart_series_set_values: @convention(c) (UnsafeMutablePointer<lxw_chart_series>?, Text, lxw_row_t, lxw_col_t, lxw_row_t, lxw_col_t) -> Void
    let chart_series_set_name: @convention(c) (UnsafeMutablePointer<lxw_chart_series>?, Text) -> Void
    let chart_axis_set_name: @convention(c) (UnsafeMutablePointer<lxw_chart_axis>?, Text) -> Void
    let chart_title_set_name: @convention(c) (UnsafeMutablePointer<lxw_chart>?, Text) -> Void
    let worksheet_write_number: @convention(c) (Sheet, lxw_row_t, lxw_col_t, Double, Format) -> lxw_error
    let worksheet_write_string: @convention(c) (Sheet, lxw_row_t, lxw_col_t, Text, Format) -> lxw_error
    let worksheet_write_formula_num: @convention(c) (Sheet, lxw_row_t, lxw_col_t, Text, Format, Double) -> lxw_error
    let worksheet_write_comment: @convention(c) (Sheet, lxw_row_t, lxw_col_t, Text) -> lxw_error
    let worksheet_set_row: @convention(c) (Sheet, lxw_row_t, Double, Format) -> lxw_error
    let worksheet_set_column: @convention(c) (Sheet, lxw_col_t, lxw_col_t, Double, Format) -> lxw_error
    let worksheet_insert_chart: @convention(c) (Sheet, lxw_row_t, lxw_col_t, UnsafeMutablePointer<lxw_chart>?) -> lxw_error
    let worksheet_merge_range: @convention(c) (Sheet, lxw_row_t, lxw_col_t, lxw_row_t, lxw_col_t, Text, Format) -> lxw_error
    let worksheet_data_validation_range:
        @convention(c) (Sheet, lxw_row_t, lxw_col_t, lxw_row_t, lxw_col_t, UnsafeMutablePointer<lxw_data_validation>?) -> lxw_error
    let worksheet_activate: @convention(c) (Sheet) -> Void
    let worksheet_freeze_panes: @convention(c) (Sheet, lxw_row_t, lxw_col_t) -> Void
    let worksheet_set_landscape: @convention(c) (Sheet) -> Void
    let worksheet_fit_to_pages: @convention(c) (Sheet, UInt16, UInt16) -> Void
    let worksheet_protect: @convention(c) (Sheet, Text, UnsafeMutablePointer<lxw_protection>?) -> Void

    /// The library, loaded once; or why it could not be.
    static let shared = Result { () throws(XLSXError) in try load() }

    private static func load() throws(XLSXError) -> LibXLSXWriter {
        do {
            return try LibXLSXWriter(SharedLibrary(names))
        } catch {
            throw XLSXError(
                code: -1,
                description: "libxlsxwriter を読み込めません / libxlsxwriter could not be loaded (\(error.reason)); "
                    + "apt-get install libxlsxwriter-dev / brew install libxlsxwriter")
        }
    }

    /// The file names tried: the major version the headers are (a library of another may lay its
    /// structs out otherwise, so none is tried on Linux); on macOS, where this is not yet tried,
    /// also Homebrew's unversioned name, which points at the library installed with those headers.
    static var names: [String] {
        #if os(macOS)
            ["libxlsxwriter.\(LXW_SOVERSION).dylib", "libxlsxwriter.dylib"].flatMap { name in
                ["/opt/homebrew/lib/" + name, "/usr/local/lib/" + name, name]
            }
        #else
            ["libxlsxwriter.so.\(LXW_SOVERSION)"]
        #endif
    }

    private init(_ library: SharedLibrary) throws(SharedLibrary.Missing) {
        workbook_new_opt = try library.function("workbook_new_opt")
        workbook_add_worksheet = try library.function("workbook_add_worksheet")
        workbook_add_format = try library.function("workbook_add_format")
        workbook_add_chart = try library.function("workbook_add_chart")
        workbook_close = try library.function("workbook_close")
        lxw_strerror = try library.function("lxw_strerror")
        format_set_num_format = try library.function("format_set_num_format")
        format_set_bold = try library.function("format_set_bold")
        format_set_bg_color = try library.function("format_set_bg_color")
        format_set_text_wrap = try library.function("format_set_text_wrap")
        format_set_unlocked = try library.function("format_set_unlocked")
        chart_add_series = try library.function("chart_add_series")
        chart_series_set_categories = try library.function("chart_series_set_categories")
        chart_series_set_values = try library.function("chart_series_set_values")
        chart_series_set_name = try library.function("chart_series_set_name")
        chart_axis_set_name = try library.function("chart_axis_set_name")
        chart_title_set_name = try library.function("chart_title_set_name")
        worksheet_write_number = try library.function("worksheet_write_number")
        worksheet_write_string = try library.function("worksheet_write_string")
        worksheet_write_formula_num = try library.function("worksheet_write_formula_num")
        worksheet_write_comment = try library.function("worksheet_write_comment")
        worksheet_set_row = try library.function("worksheet_set_row")
        worksheet_set_column = try library.function("worksheet_set_column")
        worksheet_insert_chart = try library.function("worksheet_insert_chart")
        worksheet_merge_range = try library.function("worksheet_merge_range")
        worksheet_data_validation_range = try library.function("worksheet_data_validation_range")
        worksheet_activate = try library.function("worksheet_activate")
        worksheet_freeze_panes = try library.function("worksheet_freeze_panes")
        worksheet_set_landscape = try library.function("worksheet_set_landscape")
        worksheet_fit_to_pages = try library.function("worksheet_fit_to_pages")
        worksheet_protect = try library.function("worksheet_protect")
    }
}
