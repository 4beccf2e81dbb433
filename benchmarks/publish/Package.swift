// swift-tools-version:6.1
// GVE — publish-to-visible latency benchmark: an agent-style LDAP modify to a site registry, timed until a
// search at the site sees it and until a search at a top registry aggregating the site sees it.
// Its own package, so the main build never builds it. Run benchmarks/publish/run.sh.
import PackageDescription

let package = Package(
    name: "PublishBenchmark",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "GVE", path: "../..")],
    targets: [
        .executableTarget(
            name: "PublishBench",
            dependencies: [
                .product(name: "InfoProvider", package: "GVE"),
                .product(name: "Aggregation", package: "GVE"),
                .product(name: "Directory", package: "GVE"),
            ],
            path: "Sources/PublishBench"
        ),
    ]
)
