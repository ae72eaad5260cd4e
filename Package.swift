// swift-tools-version:6.0
import PackageDescription

// Layers, each a target, so the compiler keeps data flowing one way:
//   CSVCodec (libcsv) ─┐
//                      ├─ GroupProductivity (model, import, analysis: data only)
//                      │     └─ GroupPresentation (words, table model, one renderer per format)
//   XLSXReader ────────┤ (zlib, XMLParser)
//   XLSXWriter ────────┘           └─ GroupWorkflows (template, collect, export) ── groupprod (CLI)
//   SafeFiles (the one file writer, the group lock) ── used by presentation, workflows and CLI
let package = Package(
    name: "groupprod",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "groupprod", targets: ["groupprod"]),
        .library(name: "GroupProductivity", targets: ["GroupProductivity"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
    ],
    targets: [
        // The C library libcsv (Debian libcsv-dev). Only CSVCodec imports it.
        .systemLibrary(name: "CLibCSV", providers: [.apt(["libcsv-dev"]), .brew(["libcsv"])]),
        // Bytes in, records with line numbers out; turns libcsv's return codes into Swift errors.
        .target(name: "CSVCodec", dependencies: ["CLibCSV"]),
        // The C library libxlsxwriter (Debian libxlsxwriter-dev). Only XLSXWriter imports it (and
        // the test of its bindings), for its header: the library is opened when the first workbook
        // is made (`SharedLibraries`), not linked, so that a run writing no XLSX does not load it
        // (nor libcrypto behind it).
        .systemLibrary(name: "CLibXLSXWriter", providers: [.apt(["libxlsxwriter-dev"]), .brew(["libxlsxwriter"])]),
        .target(name: "XLSXWriter", dependencies: ["CLibXLSXWriter", "SharedLibraries"]),
        // dlopen and dlsym behind one small type: a C library's functions looked up when first used.
        .target(name: "SharedLibraries"),
        // glibc's malloc.h (mallopt, malloc_trim), which the Glibc module leaves out: the tool's
        // start-up tunes malloc, and a portfolio read in passes gives freed memory back after each.
        .systemLibrary(name: "CMallocTuning"),
        // One inline call of the C library's snprintf for "%.*f" (fixed-point text of a double),
        // which Swift cannot call directly; only GroupProductivity's NumberFormat uses it.
        .systemLibrary(name: "CFixedPoint"),
        // zlib (Debian zlib1g-dev), for the workbook reader's deflated parts. Only XLSXReader imports it.
        .systemLibrary(name: "CZlibInflate", providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        // Reading .xlsx workbooks: the XML through libxml2's SAX2 parser, the zip's parts found
        // and inflated (zlib) within bounds here (ZipParts.swift says why not ZIPFoundation), and
        // the sheet-XML-to-rows mapping; each part's UTF-8 is checked by CSVCodec's checker.
        .target(
            name: "XLSXReader",
            dependencies: [
                "CSVCodec", "CZlibInflate", .target(name: "CLibXML2", condition: .when(platforms: [.linux])),
                .target(name: "SharedLibraries", condition: .when(platforms: [.linux])),
            ],
            swiftSettings: [.unsafeFlags(["-Xcc", "-I/usr/include/libxml2"], .when(platforms: [.linux]))]),
        // libxml2 (Debian libxml2-dev), whose SAX2 parser reads a workbook's XML parts on Linux
        // (Foundation's XMLParser, over the same library, built a dictionary of attributes for
        // every element). Only XLSXReader imports it (and the test of its bindings), for its
        // header: the library is opened when the first workbook is read (`SharedLibraries`), not
        // linked. macOS keeps XMLParser. Its headers are found by `-I/usr/include/libxml2`
        // (Debian's place) rather than pkg-config, whose `-lxml2` would link it again; being an
        // unsafe flag, it keeps this package from being another package's versioned dependency,
        // which it is not (it is built as a tool).
        .systemLibrary(name: "CLibXML2", providers: [.apt(["libxml2-dev"])]),
        // Atomic, no-clobber, no-symlink file writing and the group lock. Knows nothing of the domain.
        .target(name: "SafeFiles"),
        // The domain: import, validation, exact analysis. Results are data. Never prints, never exits.
        .target(
            name: "GroupProductivity",
            dependencies: [
                "CSVCodec", "XLSXReader", "CFixedPoint", "CMallocTuning", .product(name: "BigInt", package: "BigInt"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Words, number formats, the typed table model and one renderer per format.
        .target(name: "GroupPresentation", dependencies: ["GroupProductivity", "CSVCodec", "XLSXWriter", "SafeFiles"]),
        // What the representative does with files: templates, collecting returned files, exports.
        .target(name: "GroupWorkflows", dependencies: ["GroupProductivity", "GroupPresentation", "CSVCodec", "XLSXWriter", "SafeFiles"]),
        // The thin command-line front end.
        .executableTarget(
            name: "groupprod",
            dependencies: [
                "GroupProductivity", "GroupPresentation", "GroupWorkflows", "SafeFiles", "CMallocTuning",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "CSVCodecTests", dependencies: ["CSVCodec"]),
        .testTarget(
            name: "GroupProductivityTests",
            dependencies: [
                "GroupProductivity", "GroupPresentation", "GroupWorkflows", "SafeFiles", "CSVCodec", "XLSXReader", "XLSXWriter",
                .product(name: "BigInt", package: "BigInt"), .product(name: "Crypto", package: "swift-crypto"),
                "CLibXLSXWriter", "SharedLibraries", .target(name: "CLibXML2", condition: .when(platforms: [.linux])),
            ],
            exclude: ["Fixtures"],
            swiftSettings: [.unsafeFlags(["-Xcc", "-I/usr/include/libxml2"], .when(platforms: [.linux]))],
            // Linked here only, so that `LibraryBindingTests` can hold each function looked up by
            // dlsym against the one the header declares; the tool itself opens them when used.
            linkerSettings: [.linkedLibrary("xlsxwriter"), .linkedLibrary("xml2", .when(platforms: [.linux]))]
        ),
        .testTarget(name: "GroupprodEndToEndTests", dependencies: ["groupprod"], exclude: ["Golden"]),
    ]
)
