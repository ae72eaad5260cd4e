#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A C library opened when first needed (dlopen) rather than linked, so that a run that never
/// uses it does not load it: libxlsxwriter (XLSX output) and libxml2 (workbook input), which
/// brought OpenSSL's libcrypto, minizip, ICU and liblzma into every start. Never closed: its
/// functions are kept for the run.
public struct SharedLibrary: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer
    /// The file name that opened.
    public let name: String

    /// Why a library or one of its functions could not be had: the names tried and the loader's
    /// own words (dlerror) for the first.
    public struct Missing: Error, Sendable, Equatable {
        public var tried: [String]
        public var reason: String
    }

    /// The first of `names` that opens.
    public init(_ names: [String]) throws(Missing) {
        var reason: String?
        for name in names {
            if let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) {
                self.handle = handle
                self.name = name
                return
            }
            let error = dlerror().map { String(cString: $0) } ?? "dlopen failed"
            reason = reason ?? error
        }
        throw Missing(tried: names, reason: reason ?? "no file name given")
    }

    /// The function `symbol` as `F`, a `@convention(c)` function type the caller states as the
    /// library's header declares it (a test compares each with the linked function's type).
    public func function<F>(_ symbol: String) throws(Missing) -> F {
        precondition(MemoryLayout<F>.size == MemoryLayout<UnsafeRawPointer>.size, "a C function pointer type")
        guard let address = dlsym(handle, symbol) else {
            throw Missing(tried: [name], reason: "\(symbol): " + (dlerror().map { String(cString: $0) } ?? "not found"))
        }
        return unsafeBitCast(address, to: F.self)
    }
}
