// swift-tools-version:6.0
import PackageDescription

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
    ],
    targets: [
        // The C library libcsv (Debian libcsv-dev). Only CSVCodec imports it.
        .systemLibrary(
            name: "CLibCSV",
            providers: [.apt(["libcsv-dev"]), .brew(["libcsv"])]
        ),
        // Bytes in, records with line numbers out; turns libcsv's return codes into Swift errors.
        .target(name: "CSVCodec", dependencies: ["CLibCSV"]),
        // The domain: import, validation, exact analysis, renderers. Never prints, never exits.
        .target(
            name: "GroupProductivity",
            dependencies: ["CSVCodec", .product(name: "BigInt", package: "BigInt")]
        ),
        // The thin command-line front end.
        .executableTarget(
            name: "groupprod",
            dependencies: [
                "GroupProductivity",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "CSVCodecTests", dependencies: ["CSVCodec"]),
        .testTarget(
            name: "GroupProductivityTests",
            dependencies: ["GroupProductivity", .product(name: "BigInt", package: "BigInt")],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "GroupprodEndToEndTests", dependencies: ["groupprod"]),
    ]
)
