// swift-tools-version:6.1
// GVE — fuzz targets (libFuzzer). A separate package so that the main build never needs -sanitize=fuzzer.
// Build one with:
//   cd FuzzTesting && swift build -c debug -Xswiftc -sanitize=fuzzer,address --product FuzzBER
// and run it: .build/debug/FuzzBER -max_total_time=60 FailCases/FuzzBER
// Crashing inputs go to FailCases/<target>/, which the unit tests replay. See README.md.
import PackageDescription

let package = Package(
    name: "FuzzTesting",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "GVE", path: ".."),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .target(name: "CLibFuzzer", path: "Sources/CLibFuzzer"),
        // The LDIF reader.
        .executableTarget(
            name: "FuzzLDIF",
            dependencies: ["CLibFuzzer", .product(name: "LDIF", package: "GVE")],
            path: "Sources/FuzzLDIF"
        ),
        // The LDAPMessage framing decoder and BER codec.
        .executableTarget(name: "FuzzBER", dependencies: [
            "CLibFuzzer",
            .product(name: "LDAPProtocol", package: "GVE"),
            .product(name: "NIOCore", package: "swift-nio"),
        ]),
        // The OpenLDAP schema-file parser (LDAPSchema, shipped in the Directory product).
        .executableTarget(
            name: "FuzzSchema",
            dependencies: ["CLibFuzzer", .product(name: "Directory", package: "GVE")],
            path: "Sources/FuzzSchema"
        ),
        // The search filter decoder.
        .executableTarget(name: "FuzzBERFilter", dependencies: [
            "CLibFuzzer",
            .product(name: "LDAPProtocol", package: "GVE"),
            .product(name: "NIOCore", package: "swift-nio"),
        ]),
        // The RFC 4515 filter string parser (LDAPCore, reached through the LDIF product).
        .executableTarget(name: "FuzzFilterString", dependencies: ["CLibFuzzer", .product(name: "LDIF", package: "GVE")]),
        // The SOAP envelope reader (XML safety checks and tree builder).
        .executableTarget(name: "FuzzSOAP", dependencies: ["CLibFuzzer", .product(name: "SOAP", package: "GVE")]),
        // The bdii.conf reader (Aggregation).
        .executableTarget(name: "FuzzBDIIConf", dependencies: ["CLibFuzzer", .product(name: "Aggregation", package: "GVE")]),
    ]
)
