// Each function keeps its C name, so that the code reads as the library's documentation does:
// swift-format-ignore-file: AlwaysUseLowerCamelCase

#if os(Linux)
    internal import CLibXML2
    import SharedLibraries

    /// The five functions of libxml2 the workbook reader calls, looked up when the first workbook
    /// is read rather than linked: linked, libxml2 was loaded at every start with ICU and liblzma
    /// behind it (an empty C program linked to libcsv, zlib and libstdc++ started in 1.6 ms, with
    /// libxml2 too in 2.2 ms; hyperfine, 500 runs each), though only workbook input uses it. The
    /// module map no longer links it. The types are the header's own, checked against the linked
    /// functions by `LibraryBindingTests`.
    struct LibXML2: @unchecked Sendable {
        let xmlInitParser: @convention(c) () -> Void
        let xmlCreatePushParserCtxt:
            @convention(c) (UnsafeMutablePointer<xmlSAXHandler>?, UnsafeMutableRawPointer?, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?) ->
                UnsafeMutablePointer<xmlParserCtxt>?
        let xmlFreeParserCtxt: @convention(c) (UnsafeMutablePointer<xmlParserCtxt>?) -> Void
        let xmlCtxtUseOptions: @convention(c) (UnsafeMutablePointer<xmlParserCtxt>?, Int32) -> Int32
        let xmlParseChunk: @convention(c) (UnsafeMutablePointer<xmlParserCtxt>?, UnsafePointer<CChar>?, Int32, Int32) -> Int32

        /// The library, loaded and set up once (`xmlInitParser` before any thread parses, as
        /// libxml2 requires); or why it could not be loaded.
        static let shared = Result { () throws(XLSXReadError) in try load() }

        private static func load() throws(XLSXReadError) -> LibXML2 {
            do {
                let xml = try LibXML2(SharedLibrary(names))
                xml.xmlInitParser()
                return xml
            } catch {
                throw .parserMissing(reason: error.reason)
            }
        }

        /// The file name of the major version the headers are (libxml2 2.14 took soname 16): one of
        /// another may lay out the parser context, read here field by field, otherwise.
        static var names: [String] { [sonames.first { LIBXML_VERSION >= $0.from }!.name] }
        private static let sonames = [(from: 21400, name: "libxml2.so.16"), (from: 0, name: "libxml2.so.2")]

        private init(_ library: SharedLibrary) throws(SharedLibrary.Missing) {
            xmlInitParser = try library.function("xmlInitParser")
            xmlCreatePushParserCtxt = try library.function("xmlCreatePushParserCtxt")
            xmlFreeParserCtxt = try library.function("xmlFreeParserCtxt")
            xmlCtxtUseOptions = try library.function("xmlCtxtUseOptions")
            xmlParseChunk = try library.function("xmlParseChunk")
        }
    }
#endif
