// GVE — DirectoryTests
// The same GLUE data in a real slapd and in Directory; a battery of filters must return the same
// DN sets (and, for some, the same values).
import Directory
import Foundation
import LDAPCore
import LDAPSchema
import Testing

@Suite(.serialized) struct SlapdDifferentialTests {
    static let ogf = "/work/shared/reference/ogf-ldap-examples/"
    static let ogfFiles = ["example-site.ldif", "example-service.ldif", "example-compute.ldif", "example-storage.ldif", "bdii-test-service-glue2.ldif"]

    /// (base, scope, filter): every filter kind, case variants, integer ordering, undefined
    /// attributes and NOT of them, substrings on integer attributes, presence, approx, extensible,
    /// nested and/or/not, all three scopes.
    static let battery: [(String, String, String)] = {
        let site = "GLUE2DomainID=SITE-00003,o=glue"
        let svc = "GLUE2ServiceID=urn:ogf:ComputingService:ce1.site-00003.example.org:arex,GLUE2GroupID=resource,\(site)"
        var b: [(String, String, String)] = [
            ("o=glue", "sub", "(objectClass=*)"),
            ("o=glue", "sub", "(objectClass=GLUE2ComputingService)"),
            ("o=glue", "sub", "(objectclass=glue2computingservice)"),
            ("o=glue", "sub", "(objectClass=GLUE2Service)"),
            ("o=glue", "sub", "(objectClass=GLUE2Entity)"),
            ("o=glue", "sub", "(objectClass=top)"),
            ("o=glue", "sub", "(objectClass=GLUE2Policy)"),
            ("o=glue", "sub", "(objectClass=NoSuchClass)"),
            ("o=glue", "sub", "(GLUE2ServiceID=urn:ogf:ComputingService:ce1.site-00007.example.org:arex)"),
            ("o=glue", "sub", "(GLUE2ServiceID=URN:OGF:ComputingService:ce1.site-00007.example.org:arex)"),
            ("o=glue", "sub", "(glue2serviceid=urn:ogf:ComputingService:ce1.site-00007.example.org:arex)"),
            ("o=glue", "sub", "(GLUE2EntityName=SITE-00004)"),
            ("o=glue", "sub", "(GLUE2EntityName=site-00004)"),
            ("o=glue", "sub", "(GLUE2EntityName=  SITE-00004 )"),
            ("o=glue", "sub", "(GLUE2ExecutionEnvironmentMainMemorySize>=131072)"),
            ("o=glue", "sub", "(GLUE2ExecutionEnvironmentMainMemorySize<=8192)"),
            ("o=glue", "sub", "(GLUE2ExecutionEnvironmentMainMemorySize=65536)"),
            ("o=glue", "sub", "(GLUE2ExecutionEnvironmentMainMemorySize>=abc)"),
            ("o=glue", "sub", "(GLUE2ExecutionEnvironmentMainMemorySize>=-5)"),
            ("o=glue", "sub", "(GLUE2ComputingServiceTotalJobs>=5000)"),
            ("o=glue", "sub", "(&(objectClass=GLUE2ExecutionEnvironment)(GLUE2ExecutionEnvironmentMainMemorySize>=131072))"),
            ("o=glue", "sub", "(GLUE2ExecutionEnvironmentMainMemorySize=*65*)"),
            ("o=glue", "sub", "(!(GLUE2ExecutionEnvironmentMainMemorySize=*65*))"),
            ("o=glue", "sub", "(GLUE2NoSuchAttribute=x)"),
            ("o=glue", "sub", "(!(GLUE2NoSuchAttribute=x))"),
            ("o=glue", "sub", "(GLUE2NoSuchAttribute=*)"),
            ("o=glue", "sub", "(!(GLUE2NoSuchAttribute=*))"),
            ("o=glue", "sub", "(|(GLUE2NoSuchAttribute=x)(objectClass=GLUE2Location))"),
            ("o=glue", "sub", "(&(GLUE2NoSuchAttribute=x)(objectClass=GLUE2Location))"),
            ("o=glue", "sub", "(!(&(GLUE2NoSuchAttribute=x)(objectClass=GLUE2Location)))"),
            ("o=glue", "sub", "(!(|(GLUE2NoSuchAttribute=x)(objectClass=GLUE2Location)))"),
            ("o=glue", "sub", "(GLUE2EntityName>=m)"),
            ("o=glue", "sub", "(GLUE2EntityName=*computing*)"),
            ("o=glue", "sub", "(GLUE2EntityName=ce1*)"),
            ("o=glue", "sub", "(GLUE2EntityName=*element)"),
            ("o=glue", "sub", "(GLUE2EntityName=CE1*)"),
            ("o=glue", "sub", "(GLUE2ServiceID=urn:*site-0001*:arex)"),
            ("o=glue", "sub", "(GLUE2EndpointURL=*2135*)"),
            ("o=glue", "sub", "(GLUE2EntityOtherInfo=*)"),
            ("o=glue", "sub", "(GLUE2EntityValidity=*)"),
            ("o=glue", "sub", "(GLUE2DomainID~=SITE-00002)"),
            ("o=glue", "sub", "(GLUE2DomainID:caseIgnoreMatch:=site-00002)"),
            ("o=glue", "sub", "(GLUE2DomainID:=site-00002)"),
            ("o=glue", "sub", "(GLUE2DomainID:dn:=SITE-00002)"),
            ("o=glue", "sub", "(GLUE2ExecutionEnvironmentMainMemorySize:integerMatch:=65536)"),
            ("o=glue", "sub", "(GLUE2ExecutionEnvironmentMainMemorySize:caseIgnoreMatch:=65536)"),
            ("o=glue", "sub", "(GLUE2DomainID:noSuchRule:=SITE-00002)"),
            ("o=glue", "sub", "(o=GLUE)"),
            ("o=glue", "sub", "(o=gl*)"),
            ("o=glue", "sub", "(&(objectClass=GLUE2ComputingShare)(|(GLUE2ShareID=*atlas*)(GLUE2ShareID=*cms*))(!(GLUE2ComputingShareRunningJobs<=100)))"),
            ("o=glue", "sub", "(|(&(objectClass=GLUE2Endpoint)(GLUE2EndpointInterfaceName=org.nordugrid.ldapglue2))(objectClass=GLUE2Contact))"),
            ("o=glue", "sub", "(&)"),
            ("o=glue", "sub", "(|)"),
            ("o=glue", "sub", "(GLUE2EntityCreationTime=2026-11-25T09:00:00Z)"),
            ("o=glue", "sub", "(GLUE2AdminDomainDistributed=FALSE)"),
            ("o=glue", "sub", "(GLUE2ComputingEndpointStaging=*)"),
            ("o=glue", "sub", "(GLUE2UserDomainLevel=1)"),
            ("o=glue", "sub", "(GLUE2ServiceCapability=information.discovery.resource)"),
            ("o=glue", "one", "(objectClass=*)"),
            ("o=glue", "base", "(objectClass=*)"),
            ("o=glue", "base", "(objectClass=GLUE2Service)"),
            (site, "one", "(objectClass=*)"),
            (site, "sub", "(objectClass=GLUE2ExecutionEnvironment)"),
            (svc, "one", "(objectClass=GLUE2Share)"),
            (svc, "base", "(GLUE2ServiceType=org.nordugrid.arex)"),
            (svc, "sub", "(!(objectClass=GLUE2Policy))"),
            // The OGF examples (o=GLUE, mixed-case attribute names in DNs).
            ("o=glue", "sub", "(GLUE2DomainID=mysite.com)"),
            ("o=glue", "sub", "(GLUE2ServiceID=*mysite.com)"),
        ]
        b.append(("GLUE2DomainId=mysite.com,o=GLUE", "sub", "(objectClass=*)"))
        return b
    }()

    static func scope(_ s: String) -> SearchScope {
        switch s {
        case "base": return .baseObject
        case "one": return .singleLevel
        default: return .wholeSubtree
        }
    }

    /// DN sets (and all user values for the entries found) agree with slapd for every filter in the battery.
    @Test func resultsMatchSlapd() throws {
        let slapd = try SlapdInstance()
        defer { slapd.stop() }
        let generated = slapd.directory + "/generated.ldif"
        try TestData.generatedLDIF(sites: 20, extra: ["--policies", "--base-entry"]).write(toFile: generated, atomically: true, encoding: .utf8)
        #expect(try slapd.add(file: generated) == 0)
        for f in Self.ogfFiles { try slapd.add(file: Self.ogf + f) }  // -c: slapd rejects some; we must reject the same

        let d = try TestData.freshDirectory()
        try d.load(ldifFiles: [generated])
        for f in Self.ogfFiles {
            for e in try LDIFTestReader(path: Self.ogf + f).entries { try? d.add(e) }
        }

        var mismatches: [String] = []
        for (base, scope, filter) in Self.battery {
            let theirs = try slapd.search(base: base, scope: scope, filter: filter, attributes: ["*"])
            let ours: SearchResults
            do {
                ours = try d.search(SearchQuery(base: .dn(base), scope: Self.scope(scope), filter: try LDAPFilter(filter), attributes: ["*"]))
            } catch {
                if theirs.status != 32 { mismatches.append("\(filter) @\(base) \(scope): we threw \(error), slapd status \(theirs.status)") }
                continue
            }
            let theirDNs = Set(theirs.entries.map { DistinguishedName.dn($0.0).normalized })
            let ourDNs = Set(ours.entries.map(\.dn.normalized))
            if theirDNs != ourDNs {
                mismatches.append("\(filter) @\(base) \(scope): slapd \(theirDNs.count), ours \(ourDNs.count); only slapd: \(theirDNs.subtracting(ourDNs).sorted().prefix(3).joined(separator: " | ")); only ours: \(ourDNs.subtracting(theirDNs).sorted().prefix(3).joined(separator: " | "))")
                continue
            }
            let ourByDN = Dictionary(ours.entries.map { ($0.dn.normalized, $0) }, uniquingKeysWith: { a, _ in a })
            for (dn, attrs) in theirs.entries {
                guard let mine = ourByDN[DistinguishedName.dn(dn).normalized] else { continue }
                var mineAttrs: [String: [String]] = [:]
                for a in mine.attributes { mineAttrs[a.name.lowercased(), default: []] += a.stringValues }
                if mineAttrs.mapValues({ $0.sorted() }) != attrs.mapValues({ $0.sorted() }) {
                    mismatches.append("\(filter): values differ for \(dn)")
                    break
                }
            }
        }
        #expect(Self.battery.count >= 40)
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches:\n\(mismatches.joined(separator: "\n"))")
    }
}
