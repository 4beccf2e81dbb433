// GVE — GLUEModelTests
import Foundation
import GLUEModel
import LDAPCore
import LDIF
import Testing

@Suite struct ValidatorTests {
    static let created = Date(timeIntervalSince1970: 1_764_061_200)  // 2025-11-25T09:00:00Z
    let now = created.addingTimeInterval(60)

    /// A small valid site (site layout) to break in each test.
    func entries() -> [LDAPEntry] {
        var c = GLUESyntheticGenerator.Configuration(sites: 1, seed: 4, layout: .site)
        c.policies = true
        c.benchmarks = true
        c.applicationEnvironments = 1
        c.validity = 600
        c.creationTime = Self.created
        return Array(GLUESyntheticGenerator(configuration: c))
    }

    func modify(_ entries: [LDAPEntry], objectClass: String, _ change: (inout LDAPEntry) -> Void) -> [LDAPEntry] {
        var out = entries
        let i = out.firstIndex { $0.objectClasses.contains(objectClass) }!
        change(&out[i])
        return out
    }

    func set(_ e: inout LDAPEntry, _ name: String, _ values: [String]) {
        e.attributes.removeAll { $0.typeKey == name.lowercased() }
        if !values.isEmpty { e.attributes.append(LDAPAttribute(name: name, strings: values)) }
    }

    func codes(_ findings: [GLUEFinding]) -> [String] { findings.map(\.code.rawValue) }

    /// Generated data of every layout is clean.
    @Test(arguments: GLUERegistryLayout.allCases)
    func generatedDataHasNoFindings(layout: GLUERegistryLayout) {
        var c = GLUESyntheticGenerator.Configuration(sites: 3, seed: 4, layout: layout)
        c.policies = true
        c.benchmarks = true
        c.applicationEnvironments = 2
        let findings = GLUEValidator().validate(GLUESyntheticGenerator(configuration: c), now: Date())
        #expect(findings.isEmpty, "\(findings.prefix(5))")
    }

    /// A missing MUST attribute is E-MISSING-MANDATORY, naming the entry and attribute.
    @Test func missingMandatoryAttribute() throws {
        let broken = modify(entries(), objectClass: "GLUE2ComputingEndpoint") { set(&$0, "GLUE2EndpointURL", []) }
        let f = GLUEValidator().validate(broken, now: now)
        #expect(codes(f) == ["E-MISSING-MANDATORY"])
        #expect(f[0].attribute == "GLUE2EndpointURL")
        #expect(f[0].dn.rdn?.attributes.first?.type == "GLUE2EndpointID")
        #expect(f[0].severity == .error)
        // a cloud class's MUST list is checked too
        let image = modify(entries(), objectClass: "GLUE2CloudComputingImage") { set(&$0, "GLUE2CloudComputingImageDiskSize", []) }
        #expect(codes(GLUEValidator().validate(image, now: now)) == ["E-MISSING-MANDATORY"])
    }

    /// A non-integer in an integer attribute, or a non-boolean in a boolean one, is E-INVALID-TYPE.
    @Test func valueOfTheWrongType() {
        let broken = modify(entries(), objectClass: "GLUE2ExecutionEnvironment") {
            set(&$0, "GLUE2ExecutionEnvironmentMainMemorySize", ["lots"])
            set(&$0, "GLUE2ExecutionEnvironmentConnectivityIn", ["maybe"])
        }
        #expect(codes(GLUEValidator().validate(broken, now: now)) == ["E-INVALID-TYPE", "E-INVALID-TYPE"])
    }

    /// A value outside a closed enumeration is E-INVALID-ENUM; open enumerations accept anything.
    @Test func valueOutsideAClosedEnumeration() {
        let broken = modify(entries(), objectClass: "GLUE2ComputingEndpoint") {
            set(&$0, "GLUE2EndpointHealthState", ["fine"])
            set(&$0, "GLUE2EndpointInterfaceName", ["org.example.private"])
        }
        let f = GLUEValidator().validate(broken, now: now)
        #expect(codes(f) == ["E-INVALID-ENUM"])
        #expect(f[0].attribute == "GLUE2EndpointHealthState")
        let vm = modify(entries(), objectClass: "GLUE2CloudComputingInstance") { set(&$0, "GLUE2CloudComputingInstanceState", ["exploded"]) }
        #expect(codes(GLUEValidator().validate(vm, now: now)) == ["E-INVALID-ENUM"])
    }

    /// Times must be YYYY-MM-DDTHH:MM:SSZ.
    @Test func malformedTimestamp() {
        let broken = modify(entries(), objectClass: "GLUE2Location") { set(&$0, "GLUE2EntityCreationTime", ["2025-11-25 09:00:00"]) }
        #expect(codes(GLUEValidator().validate(broken, now: now)) == ["E-INVALID-TIMESTAMP"])
        let offset = modify(entries(), objectClass: "GLUE2Location") { set(&$0, "GLUE2EntityCreationTime", ["2025-11-25T09:00:00+01:00"]) }
        #expect(codes(GLUEValidator().validate(offset, now: now)) == ["E-INVALID-TIMESTAMP"])
    }

    /// CreationTime + Validity before now is W-EXPIRED, for every entry; a future CreationTime is flagged too.
    @Test func expiredAndFutureEntries() {
        let all = entries()
        let late = GLUEValidator().validate(all, now: Self.created.addingTimeInterval(601))
        #expect(late.count == all.filter { !$0.strings("GLUE2EntityValidity").isEmpty }.count)
        #expect(Set(codes(late)) == ["W-EXPIRED"])
        #expect(late.allSatisfy { $0.severity == .warning })
        #expect(GLUEValidator().validate(all, now: Self.created.addingTimeInterval(599)).isEmpty)
        let early = GLUEValidator().validate(all, now: Self.created.addingTimeInterval(-3600))
        #expect(Set(codes(early)) == ["W-FUTURE-CREATION-TIME"])
    }

    /// The publishers' "unset" values 444444 and 2146660842 are W-PLACEHOLDER.
    @Test func placeholderValues() {
        let broken = modify(entries(), objectClass: "GLUE2ComputingShare") {
            set(&$0, "GLUE2ComputingShareMaxWallTime", ["2146660842"])
            set(&$0, "GLUE2ComputingShareWaitingJobs", ["444444"])
        }
        let f = GLUEValidator().validate(broken, now: now)
        #expect(codes(f) == ["W-PLACEHOLDER", "W-PLACEHOLDER"])
        #expect(Set(f.compactMap(\.attribute)) == ["GLUE2ComputingShareMaxWallTime", "GLUE2ComputingShareWaitingJobs"])
    }

    /// A foreign key that names no entry's ID is W-DANGLING-FOREIGN-KEY, whatever the entry order.
    @Test func danglingForeignKey() {
        let broken = modify(entries(), objectClass: "GLUE2ComputingShare") {
            set(&$0, "GLUE2ShareEndpointForeignKey", ["urn:ogf:ComputingEndpoint:nowhere"])
        }
        let f = GLUEValidator().validate(broken.reversed(), now: now)
        #expect(codes(f) == ["W-DANGLING-FOREIGN-KEY"])
        #expect(f[0].attribute == "GLUE2ShareEndpointForeignKey")
        #expect(f[0].message.contains("urn:ogf:ComputingEndpoint:nowhere"))
    }

    /// The session API gives the same findings entry by entry, with the caller's line numbers.
    @Test func streamingSessionMatchesBatchValidation() {
        let broken = modify(entries(), objectClass: "GLUE2ComputingShare") { set(&$0, "GLUE2ShareServiceForeignKey", ["x"]) }
        var session = GLUEValidator().session(now: now)
        var streamed: [GLUEFinding] = []
        for (i, e) in broken.enumerated() { streamed += session.check(e, line: i * 10 + 1) }
        streamed += session.finish()
        #expect(codes(streamed) == codes(GLUEValidator().validate(broken, now: now)))
        #expect(streamed.allSatisfy { $0.line != nil })
    }

    /// The official OGF compute example uses "Type" as a HealthState and ServingState: flagged as invalid enumerations.
    @Test func officialOGFExampleIsCheckedAgainstTheClosedEnumerations() throws {
        let path = "/work/shared/reference/ogf-ldap-examples/example-compute.ldif"
        try #require(FileManager.default.fileExists(atPath: path), "reference data missing")
        var reader = try LDIFReader(path: path)
        var entries: [LDAPEntry] = []
        while let record = try reader.next() { if case .content(let e) = record { entries.append(e) } }
        let f = GLUEValidator().validate(entries, now: now)
        #expect(f.contains { $0.code == .invalidEnumeration && $0.attribute == "GLUE2EndpointHealthState" })
        #expect(f.contains { $0.code == .invalidEnumeration && $0.attribute == "GLUE2ComputingShareServingState" })
        #expect(!f.contains { $0.code == .missingMandatory && $0.attribute == "GLUE2EndpointURL" })
    }
}
