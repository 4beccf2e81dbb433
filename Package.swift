// swift-tools-version:6.1
// GVE — the Grid Virtualization Engine.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

var allTargets: [Target] = []
let package = Package(
    name: "GVE",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gve", targets: ["gve"]),
        .library(name: "GLUEModel", targets: ["GLUEModel"]),
        .library(name: "LDIF", targets: ["LDIF"]),
        .library(name: "Aggregation", targets: ["Aggregation"]),
        .library(name: "Directory", targets: ["Directory", "LDAPSchema"]),
        .library(name: "InfoProvider", targets: ["InfoProvider"]),
        // For FuzzTesting/, which builds the codec alone with -sanitize=fuzzer.
        .library(name: "LDAPProtocol", targets: ["LDAPProtocol"]),
        .library(name: "SOAP", targets: ["SOAP"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: allTargets
)

allTargets = [
        // Pure value types shared by every LDAP-speaking module: DNs, attribute descriptions, filters.
        .target(name: "LDAPCore", swiftSettings: strict),
        // GLUE 2.0 / 2.1 information model with LDAP, XML and JSON renderings and validation.
        .target(name: "GLUEModel", dependencies: ["LDAPCore"], swiftSettings: strict),
        // RFC 2849 reader and writer.
        .target(name: "LDIF", dependencies: ["LDAPCore"], swiftSettings: strict),
        // OpenLDAP .schema parser and schema checker (attribute syntaxes, matching rules, object classes).
        .target(name: "LDAPSchema", dependencies: ["LDAPCore"], swiftSettings: strict),
        // RFC 4511 BER codec, typed PDUs, single-step framing decoder. NIOCore only.
        .target(name: "LDAPProtocol", dependencies: [
            "LDAPCore", .product(name: "NIOCore", package: "swift-nio"),
        ], swiftSettings: strict),
        // In-memory DIT, indexes, three-valued filter evaluation, persistence. No sockets.
        .target(name: "Directory", dependencies: ["LDAPCore", "LDAPSchema", "LDIF"], swiftSettings: strict),
        // BDII-style sources and update cycles: bdii.conf, LDIF dirs, providers, plugins, remote registries, diffs.
        .target(name: "Aggregation", dependencies: [
            "LDAPCore", "LDIF",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], swiftSettings: strict),
        // Resource broker: picks a site for a VM request from a top-level registry's GLUE 2 data.
        .target(name: "Broker", dependencies: ["GLUEModel", "LDAPCore"], swiftSettings: strict),
        // SOAP 1.1/1.2 envelopes, faults, WS-Security, DTD-free XML parsing.
        .target(name: "SOAP", swiftSettings: strict),
        // The LDAP registry server and its async client.
        .target(name: "InfoProvider", dependencies: [
            "LDAPCore", "LDAPProtocol", "LDAPSchema", "Directory", "LDIF", "GLUEModel", "Aggregation",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "NIOExtras", package: "swift-nio-extras"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], swiftSettings: strict),
        .systemLibrary(name: "CLibVirt", path: "Sources/CLibVirt", pkgConfig: "libvirt",
                       providers: [.apt(["libvirt-dev"])]),
        .systemLibrary(name: "CLDAP", path: "Sources/CLDAP", pkgConfig: "ldap",
                       providers: [.apt(["libldap-dev"])]),
        // Host agent: libvirt hypervisor layer, image catalogue, copy-on-write clones, SOAP service, GLUE publishing.
        .target(name: "Agent", dependencies: [
            "CLibVirt", "SOAP", "GLUEModel", "InfoProvider", "LDAPCore", "Aggregation",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], swiftSettings: strict),
        // Site Service: identity, quotas, leases, placement, jobs; SOAP + JSON + admin web.
        .target(name: "SiteService", dependencies: [
            "SOAP", "GLUEModel", "InfoProvider", "LDAPCore",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HummingbirdTLS", package: "hummingbird"),
            .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], swiftSettings: strict),
        .executableTarget(name: "gve", dependencies: [
            "GLUEModel", "LDIF", "LDAPSchema", "InfoProvider", "Agent", "SiteService", "SOAP", "Broker", "Directory", "Aggregation",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], swiftSettings: strict),

        .testTarget(name: "LDAPCoreTests", dependencies: ["LDAPCore"]),
        .testTarget(name: "GLUEModelTests", dependencies: ["GLUEModel", "LDIF", "LDAPCore"]),
        .testTarget(name: "LDIFTests", dependencies: ["LDIF", "LDAPCore"]),
        .testTarget(name: "LDAPProtocolTests", dependencies: ["LDAPProtocol", "LDAPCore"]),
        .testTarget(name: "DirectoryTests", dependencies: ["Directory", "LDAPSchema", "LDIF", "LDAPCore"]),
        .testTarget(name: "InfoProviderTests", dependencies: [
            "InfoProvider", "LDAPProtocol", "Directory", "LDIF", "GLUEModel", "CLDAP",
        ]),
        .testTarget(name: "AggregationTests", dependencies: ["Aggregation", "LDIF", "LDAPCore"]),
        .testTarget(name: "BrokerTests", dependencies: ["Broker", "GLUEModel", "LDAPCore"]),
        .testTarget(name: "SOAPTests", dependencies: ["SOAP"]),
        .testTarget(name: "AgentTests", dependencies: ["Agent", "SOAP", "InfoProvider"]),
        .testTarget(name: "SiteServiceTests", dependencies: ["SiteService", "Agent", "InfoProvider", "SOAP"], exclude: ["zeep"]),
        .testTarget(name: "CLITests", dependencies: ["GLUEModel", "LDIF", "SiteService"]),
    ]
// Developers may build a slice of the package: GVE_TARGETS=LDIFTests,Directory swift test
// keeps the named targets and what they depend on, and skips every other (heavy) target.
if let only = Context.environment["GVE_TARGETS"], !only.isEmpty {
    var keep = Set(only.split(separator: ",").map { String($0) })
    var changed = true
    while changed {
        changed = false
        for t in allTargets where keep.contains(t.name) {
            for d in t.dependencies {
                if case .targetItem(let name, _) = d, keep.insert(name).inserted { changed = true }
                if case .byNameItem(let name, _) = d, keep.insert(name).inserted { changed = true }
            }
        }
    }
    allTargets = allTargets.filter { keep.contains($0.name) }
    package.products = package.products.filter { $0.name == "gve" ? keep.contains("gve") : $0.name.split(separator: ",").allSatisfy { keep.contains(String($0)) } }
}
package.targets = allTargets
