// swift-tools-version:6.1
// GVE — fuzz targets. A separate package so that the main build never needs -sanitize=fuzzer.
// Build and run: see README.md.
import PackageDescription

let package = Package(
    name: "FuzzTesting",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "GVE", path: "..")],
    targets: [
        .target(name: "CLibFuzzer", path: "Sources/CLibFuzzer"),
        .executableTarget(
            name: "FuzzLDIF",
            dependencies: ["CLibFuzzer", .product(name: "LDIF", package: "GVE")],
            path: "Sources/FuzzLDIF"
        ),
    ]
)
