import Foundation

#if os(Linux)
    internal import CLibXML2
    import SharedLibraries
#elseif canImport(FoundationXML)
    import FoundationXML
#endif

/// What a workbook part's XML says, element by element, to a handler that subclasses this: each
/// element's local name (its namespace prefix dropped) and attributes as it starts, its text in
/// pieces (entities and character references decoded), and its end.
class XMLEvents {
    func start(_ name: String, _ attributes: XMLAttributes) {}
    func text(_ bytes: UnsafeRawBufferPointer) {}
    func end(_ name: String) {}

    /// Parses `data` (UTF-8, checked by the caller) into this handler: false when it is not
    /// well-formed XML. External entities and DTDs are never fetched (no XXE), and an entity the
    /// part declares is not known: a reference to one is an error (Excel's parts declare none).
    /// Throws only when the parser's library cannot be loaded.
    func parse(_ data: Data) throws(XLSXReadError) -> Bool {
        #if os(Linux)
            return try LibXML2SAX.parse(data, into: self)
        #else
            let adapter = XMLParserAdapter(self)
            let parser = XMLParser(data: data)
            parser.shouldProcessNamespaces = true
            parser.shouldResolveExternalEntities = false
            parser.delegate = adapter
            return parser.parse()
        #endif
    }
}

/// An element's attributes, looked up by local name.
struct XMLAttributes {
    #if os(Linux)
        /// libxml2's array: five pointers an attribute (local name, prefix, URI, value start, value end).
        let pointers: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
        let count: Int

        /// The value of the attribute `name` without a prefix (with one, any, when `prefixed`).
        func value(_ name: StaticString, prefixed: Bool = false) -> String? {
            guard let pointers else { return nil }
            for index in 0..<count {
                let base = pointers + 5 * index
                // The name's bytes and then the end of libxml2's (NUL-terminated) local name.
                let length = name.utf8CodeUnitCount
                guard let local = base[0], (base[1] != nil) == prefixed,
                    strncmp(
                        UnsafeRawPointer(local).assumingMemoryBound(to: CChar.self), UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self),
                        length)
                        == 0,
                    local[length] == 0, let start = base[3], let end = base[4]
                else { continue }
                let value = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
                // libxml2 leaves an ampersand in a value as `&#38;` (every other character reference
                // and predefined entity it decodes) when, as here, it expands no entities.
                return memchr(start, 0x26, end - start) == nil ? value : value.replacingOccurrences(of: "&#38;", with: "&")
            }
            return nil
        }
    #else
        /// XMLParser's attributes, keyed by qualified name.
        let byName: [String: String]

        func value(_ name: StaticString, prefixed: Bool = false) -> String? {
            let local = name.description
            if !prefixed { return byName[local] }
            return byName.first { $0.key.hasSuffix(":" + local) }?.value
        }
    #endif
}

#if os(Linux)
    /// libxml2's SAX2 parser driving an `XMLEvents`: no dictionary is built for an element's
    /// attributes (Foundation's XMLParser did, for every cell of a sheet: about half a workbook
    /// portfolio's time), and names are read as libxml2 gives them.
    enum LibXML2SAX {
        static func parse(_ data: Data, into events: XMLEvents) throws(XLSXReadError) -> Bool {
            let xml = try LibXML2.shared.get()
            var handler = xmlSAXHandler()
            handler.initialized = UInt32(XML_SAX2_MAGIC)
            handler.startElementNs = { context, local, _, _, _, _, attributeCount, _, attributes in
                guard let context, let local else { return }
                let parse = Unmanaged<Names>.fromOpaque(context).takeUnretainedValue()
                parse.events.start(parse.name(local), XMLAttributes(pointers: attributes, count: Int(attributeCount)))
            }
            handler.endElementNs = { context, local, _, _ in
                guard let context, let local else { return }
                let parse = Unmanaged<Names>.fromOpaque(context).takeUnretainedValue()
                parse.events.end(parse.name(local))
            }
            handler.characters = { context, bytes, count in
                guard let context, let bytes, count > 0 else { return }
                Unmanaged<Names>.fromOpaque(context).takeUnretainedValue().events.text(UnsafeRawBufferPointer(start: bytes, count: Int(count)))
            }
            handler.ignorableWhitespace = handler.characters
            // Errors are not printed (libxml2 would write them to stderr): the caller says the part is damaged.
            handler.serror = { _, _ in }
            let names = Names(events)
            let context = Unmanaged.passUnretained(names).toOpaque()
            guard let parser = xml.xmlCreatePushParserCtxt(&handler, context, nil, 0, nil) else { return false }
            defer { xml.xmlFreeParserCtxt(parser) }
            _ = xml.xmlCtxtUseOptions(parser, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue))
            // Set here, not left to libxml2's process-wide defaults (which anything else in the
            // process could change): no entity is substituted and no external subset loaded.
            parser.pointee.replaceEntities = 0
            parser.pointee.loadsubset = 0
            parser.pointee.validate = 0
            guard data.count < Int(Int32.max) else { return false }
            let status = withExtendedLifetime(names) {
                data.withUnsafeBytes { bytes in
                    xml.xmlParseChunk(parser, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count), 1)
                }
            }
            return status == 0 && parser.pointee.wellFormed != 0
        }

        /// One parse's handler and the element names it has met, by where libxml2 keeps them.
        /// libxml2 puts each name in its parser's dictionary once and hands that same pointer for
        /// every element of the name until the parser is freed (after this parse), so a name is
        /// made a String once a parse, not at every element: a sheet's thousands of `c` and `v`
        /// (callgrind on 30 workbook folders, with `XLSXNumber.plain` written as bytes in the same
        /// step: 1,515,420,952 → 1,405,115,369 instructions, some 7%).
        private final class Names {
            let events: XMLEvents
            /// Names by a hash of their pointer, one a slot (another name in the slot takes it
            /// over). Touched at every element by this parse's thread alone: no run-time
            /// exclusivity checks (they cost about as much as the lookup).
            @exclusivity(unchecked) private var slots = [(pointer: UnsafePointer<xmlChar>?, name: String)](repeating: (nil, ""), count: 64)
            init(_ events: XMLEvents) { self.events = events }

            func name(_ pointer: UnsafePointer<xmlChar>) -> String {
                let slot = Int(truncatingIfNeeded: (UInt(bitPattern: pointer) &* 0x9E37_79B9_7F4A_7C15) >> 58)
                if slots[slot].pointer == pointer { return slots[slot].name }
                let name = String(cString: pointer)
                slots[slot] = (pointer, name)
                return name
            }
        }
    }
#else
    /// Foundation's XMLParser driving an `XMLEvents` (macOS).
    private final class XMLParserAdapter: NSObject, XMLParserDelegate {
        let events: XMLEvents
        init(_ events: XMLEvents) { self.events = events }
        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            events.start(name, XMLAttributes(byName: attributes))
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) {
            var string = string
            string.withUTF8 { events.text(UnsafeRawBufferPointer($0)) }
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            events.end(name)
        }
    }
#endif
