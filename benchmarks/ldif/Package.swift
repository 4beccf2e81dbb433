// swift-tools-version:6.1
// GVE — LDIF parsing benchmark: a release-built executable that counts the records of LDIF files.
// Its own package (like FuzzTesting), so the main build never builds it. Run benchmarks/ldif/run.sh.
import PackageDescription

let package = Package(
    name: "LDIFBenchmark",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "GVE", path: "../..")],
    targets: [
        .executableTarget(
            name: "LDIFBench",
            dependencies: [.product(name: "LDIF", package: "GVE")],
            path: "Sources/LDIFBench"
        ),
    ]
)
