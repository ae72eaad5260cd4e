import CLibXLSXWriter
import SharedLibraries
import Testing

@testable import GroupProductivity
@testable import XLSXReader
@testable import XLSXWriter

#if os(Linux)
    import CLibXML2
#endif

/// libxlsxwriter and libxml2 are opened when first used (dlopen), their functions looked up by
/// name and called through types written by hand. This test target links both libraries, so each
/// looked-up function can be held against the header's own declaration: passing both to `same`
/// does not compile unless their types are identical, and the addresses must be equal.
@Suite("C libraries opened when used")
struct LibraryBindingTests {
    /// The names of the functions looked up that are not the linked ones. `check` takes the
    /// function looked up and the linked one as one type `F`: a type written by hand otherwise
    /// than the header declares does not compile; the addresses are then compared.
    final class Differing {
        var names: [String] = []
        func check<F>(_ name: String, _ loaded: F, _ linked: F) {
            if unsafeBitCast(loaded, to: UnsafeRawPointer.self) != unsafeBitCast(linked, to: UnsafeRawPointer.self) { names.append(name) }
        }
    }

    @Test("every libxlsxwriter function has the header's type and is the linked one")
    func xlsxwriter() throws {
        let lib = try LibXLSXWriter.shared.get()
        let differing = Differing()
        differing.check("workbook_new_opt", lib.workbook_new_opt, workbook_new_opt)
        differing.check("workbook_add_worksheet", lib.workbook_add_worksheet, workbook_add_worksheet)
        differing.check("workbook_add_format", lib.workbook_add_format, workbook_add_format)
        differing.check("workbook_add_chart", lib.workbook_add_chart, workbook_add_chart)
        differing.check("workbook_close", lib.workbook_close, workbook_close)
        differing.check("lxw_strerror", lib.lxw_strerror, lxw_strerror)
        differing.check("format_set_num_format", lib.format_set_num_format, format_set_num_format)
        differing.check("format_set_bold", lib.format_set_bold, format_set_bold)
        differing.check("format_set_bg_color", lib.format_set_bg_color, format_set_bg_color)
        differing.check("format_set_text_wrap", lib.format_set_text_wrap, format_set_text_wrap)
        differing.check("format_set_unlocked", lib.format_set_unlocked, format_set_unlocked)
        differing.check("chart_add_series", lib.chart_add_series, chart_add_series)
        differing.check("chart_series_set_categories", lib.chart_series_set_categories, chart_series_set_categories)
        differing.check("chart_series_set_values", lib.chart_series_set_values, chart_series_set_values)
        differing.check("chart_series_set_name", lib.chart_series_set_name, chart_series_set_name)
        differing.check("chart_axis_set_name", lib.chart_axis_set_name, chart_axis_set_name)
        differing.check("chart_title_set_name", lib.chart_title_set_name, chart_title_set_name)
        differing.check("worksheet_write_number", lib.worksheet_write_number, worksheet_write_number)
        differing.check("worksheet_write_string", lib.worksheet_write_string, worksheet_write_string)
        differing.check("worksheet_write_formula_num", lib.worksheet_write_formula_num, worksheet_write_formula_num)
        differing.check("worksheet_write_comment", lib.worksheet_write_comment, worksheet_write_comment)
        differing.check("worksheet_set_row", lib.worksheet_set_row, worksheet_set_row)
        differing.check("worksheet_set_column", lib.worksheet_set_column, worksheet_set_column)
        differing.check("worksheet_insert_chart", lib.worksheet_insert_chart, worksheet_insert_chart)
        differing.check("worksheet_merge_range", lib.worksheet_merge_range, worksheet_merge_range)
        differing.check("worksheet_data_validation_range", lib.worksheet_data_validation_range, worksheet_data_validation_range)
        differing.check("worksheet_activate", lib.worksheet_activate, worksheet_activate)
        differing.check("worksheet_freeze_panes", lib.worksheet_freeze_panes, worksheet_freeze_panes)
        differing.check("worksheet_set_landscape", lib.worksheet_set_landscape, worksheet_set_landscape)
        differing.check("worksheet_fit_to_pages", lib.worksheet_fit_to_pages, worksheet_fit_to_pages)
        differing.check("worksheet_protect", lib.worksheet_protect, worksheet_protect)
        #expect(differing.names == [])
    }

    #if os(Linux)
        @Test("every libxml2 function has the header's type and is the linked one")
        func libxml2() throws {
            let xml = try LibXML2.shared.get()
            let differing = Differing()
            differing.check("xmlInitParser", xml.xmlInitParser, xmlInitParser)
            differing.check("xmlCreatePushParserCtxt", xml.xmlCreatePushParserCtxt, xmlCreatePushParserCtxt)
            differing.check("xmlFreeParserCtxt", xml.xmlFreeParserCtxt, xmlFreeParserCtxt)
            differing.check("xmlCtxtUseOptions", xml.xmlCtxtUseOptions, xmlCtxtUseOptions)
            differing.check("xmlParseChunk", xml.xmlParseChunk, xmlParseChunk)
            #expect(differing.names == [])
        }
    #endif

    @Test("a library that is not there is named with the loader's reason, and so is a missing function")
    func missing() throws {
        #expect(throws: SharedLibrary.Missing.self) { try SharedLibrary(["libgroupprod-none.so.1", "libgroupprod-none.so"]) }
        do {
            _ = try SharedLibrary(["libgroupprod-none.so.1", "libgroupprod-none.so"])
        } catch {
            #expect(error.tried == ["libgroupprod-none.so.1", "libgroupprod-none.so"])
            // dlerror's words for the first name tried.
            #expect(error.reason == "libgroupprod-none.so.1: cannot open shared object file: No such file or directory")
        }
        let xlsx = try SharedLibrary(LibXLSXWriter.names)
        do {
            let _: @convention(c) () -> Void = try xlsx.function("workbook_none")
            Issue.record("a function that is not there was found")
        } catch {
            #expect(error.tried == LibXLSXWriter.names)
            #expect(error.reason.hasPrefix("workbook_none: "))
            #expect(error.reason.contains("undefined symbol: workbook_none"))
        }
    }

    @Test("a workbook read on a machine without libxml2 says what to install, in both languages")
    func parserMissingWords() {
        let said = Diagnostic.unreadableWorkbook(
            "members.xlsx", .parserMissing(reason: "libxml2.so.2: cannot open shared object file"))
        #expect(said.code == .workbookUnreadable)
        #expect(said.location == SourceLocation(file: "members.xlsx", line: 0))
        #expect(said.message.ja == "Excel ブックを読むためのライブラリ libxml2 を読み込めません（libxml2.so.2: cannot open shared object file）")
        #expect(
            said.message.en
                == "libxml2, the library that reads Excel workbooks, could not be loaded (libxml2.so.2: cannot open shared object file)")
        #expect(said.hint?.ja == "libxml2 をインストールしてください（sudo apt-get install libxml2）。または、ブックを「CSV UTF-8 (コンマ区切り)」形式で保存してください")
        #expect(said.hint?.en == "install libxml2 (sudo apt-get install libxml2), or save the workbook as \"CSV UTF-8 (Comma delimited)\"")
    }
}
