// GVE — `gve ldif generate` (synthetic GLUE 2 data) and the GLUE rule set of `gve ldif validate`.

import ArgumentParser
import Foundation
import GLUEModel
import LDAPCore
import LDIF

/// `gve ldif generate --sites N [--seed S] [--layout top|site|resource]`: writes deterministic synthetic
/// GLUE 2 data of a registry as LDIF to standard output (or `--output FILE`), streaming site by site.
struct LDIFGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write synthetic, schema-valid GLUE 2 LDIF (computing and cloud services per site).",
        discussion: """
            Per site: AdminDomain, Location, Contact, the site's resource group, a ComputingService with an \
            endpoint, a share, a manager and an ExecutionEnvironment, and a CloudComputingService with an \
            endpoint, a share, a manager, two hosts, an image, an instance type and an instance: 18 entries \
            per site in the top layout, so --sites 5556 gives about 100 000 entries. The same --seed gives \
            the same bytes. Load into slapd with GLUE20.schema and glue-schema/GLUE21-cloud.schema.
            """
    )

    @Option(help: "Number of sites.")
    var sites: Int

    @Option(help: "Random seed; the output is a function of the seed and the options.")
    var seed: UInt64 = 1

    @Option(help: "Directory layout: top (…,GLUE2GroupID=grid,o=glue), site (GLUE2DomainID=<site>,o=glue) or resource.")
    var layout: GLUERegistryLayout = .top

    @Option(help: "Index of the first site.")
    var firstSite = 0

    @Flag(help: "Also write the o=glue suffix entry first (for an empty server).")
    var suffixEntry = false

    @Flag(help: "Add an AccessPolicy per endpoint, a MappingPolicy per share and a Benchmark per ExecutionEnvironment.")
    var policies = false

    @Option(help: "Publish GLUE2EntityValidity with this many seconds.")
    var validity: Int?

    @Option(name: .customLong("creation-time"), help: "GLUE2EntityCreationTime as YYYY-MM-DDTHH:MM:SSZ, or 'now'.")
    var creationTime: String?

    @Option(name: [.short, .long], help: "Write to this file instead of standard output.")
    var output: String?

    @Flag(name: .customLong("no-version"), help: "Omit the 'version: 1' line (slapadd does not accept it).")
    var noVersion = false

    func validate() throws {
        guard sites >= 0 else { throw ValidationError("--sites must be >= 0") }
        guard firstSite >= 0 else { throw ValidationError("--first-site must be >= 0") }
        if let validity, validity < 0 { throw ValidationError("--validity must be >= 0") }
        if let creationTime, creationTime != "now", GLUETimestamp.parse(creationTime) == nil {
            throw ValidationError("--creation-time: \"\(creationTime)\" is not YYYY-MM-DDTHH:MM:SSZ or 'now'")
        }
    }

    func generatorConfiguration() -> GLUESyntheticGenerator.Configuration {
        var c = GLUESyntheticGenerator.Configuration(sites: sites, seed: seed, layout: layout)
        c.firstSite = firstSite
        c.includeSuffixEntry = suffixEntry
        c.policies = policies
        c.benchmarks = policies
        c.validity = validity
        if let creationTime {
            c.creationTime = creationTime == "now"
                ? Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
                : GLUETimestamp.parse(creationTime)!
        }
        return c
    }

    func run() throws {
        let out: FileHandle
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil) else {
                throw ValidationError("--output: cannot create \(output)")
            }
            out = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        } else {
            out = FileHandle.standardOutput
        }
        let writer = LDIFWriter(configuration: LDIFWriter.Configuration(writesVersion: !noVersion))
        var buffer = writer.header()
        buffer.reserveCapacity(1 << 20)
        for entry in GLUESyntheticGenerator(configuration: generatorConfiguration()) {
            writer.write(entry, into: &buffer)
            if buffer.count >= 1 << 20 {
                try out.write(contentsOf: buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try out.write(contentsOf: buffer)
        if output != nil { try out.close() }
    }
}

extension GLUERegistryLayout: ExpressibleByArgument {}

/// The GLUE 2 rules (``GLUEValidator``) as a rule set of `gve ldif validate`: entry checks while reading,
/// dangling foreign keys when the file ends. Expiry is judged against the time the rule set was made.
struct GLUELDIFRules: LDIFEntryValidator {
    var session: GLUEValidationSession

    init(now: Date = Date()) { session = GLUEValidator().session(now: now) }

    static func finding(_ f: GLUEFinding, source: String) -> LDIFFinding {
        LDIFFinding(source: source, line: f.line ?? 0, code: f.code.rawValue, dn: f.dn, attribute: f.attribute, message: f.message)
    }

    mutating func check(_ entry: LDAPEntry, line: Int, source: String) -> [LDIFFinding] {
        session.check(entry, line: line).map { Self.finding($0, source: source) }
    }

    mutating func finish(source: String) -> [LDIFFinding] {
        session.finish().map { Self.finding($0, source: source) }
    }
}
