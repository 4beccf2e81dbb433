// swift-tools-version:6.1
// GVE — aggregation cycle benchmark: a release-built executable that runs full, unchanged and 5 %-changed
// cycles over a directory of LDIF files. Its own package, so the main build never builds it.
// Run benchmarks/aggregation/run.sh.
import PackageDescription

let package = Package(
    name: "AggregationBenchmark",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "GVE", path: "../..")],
    targets: [
        .executableTarget(
            name: "AggregationBench",
            dependencies: [
                .product(name: "Aggregation", package: "GVE"),
                .product(name: "Directory", package: "GVE"),
            ],
            path: "Sources/AggregationBench"
        ),
    ]
)
