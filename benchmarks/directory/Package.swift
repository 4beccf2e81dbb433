// swift-tools-version:6.1
// Micro-benchmark of the Directory engine (release build), standalone so the main package needs no
// benchmark target: Sources/{LDAPCore,LDAPSchema,LDIF,Directory} are symlinks to the real modules.
//   swift run -c release --package-path benchmarks/directory DirectoryBenchmark [--entries 100000]
import PackageDescription

let package = Package(
    name: "DirectoryBenchmark",
    platforms: [.macOS(.v15)],
    targets: [
        .target(name: "LDAPCore"),
        .target(name: "LDAPSchema", dependencies: ["LDAPCore"]),
        .target(name: "LDIF", dependencies: ["LDAPCore"]),
        .target(name: "Directory", dependencies: ["LDAPCore", "LDAPSchema", "LDIF"]),
        .executableTarget(name: "DirectoryBenchmark", dependencies: ["Directory", "LDAPSchema", "LDAPCore", "LDIF"]),
    ]
)
