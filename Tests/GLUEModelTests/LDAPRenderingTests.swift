// GVE — GLUEModelTests
import Foundation
import GLUEModel
import LDAPCore
import Testing

/// A generated site with every optional entity turned on, in the given layout.
func fullSite(layout: GLUERegistryLayout = .site, index: Int = 7) -> (GLUESite, [LDAPEntry]) {
    var c = GLUESyntheticGenerator.Configuration(sites: 1, seed: 42, layout: layout)
    c.policies = true
    c.benchmarks = true
    c.applicationEnvironments = 2
    c.instances = 4
    c.images = 2
    c.instanceTypes = 2
    c.computingEndpoints = 2
    c.validity = 3600
    let site = GLUESyntheticGenerator(configuration: c).site(index)
    return (site, site.ldapEntries(layout: layout))
}

func entry(_ entries: [LDAPEntry], objectClass: String) -> LDAPEntry? {
    entries.first { $0.objectClasses.contains(objectClass) }
}

@Suite struct LDAPRenderingTests {
    /// Endpoints, shares and managers sit directly under their service's DN; execution environments under the manager.
    @Test func servicesNestTheirEntitiesUnderTheirDN() throws {
        let (site, entries) = fullSite(layout: .site)
        let service = site.computingServices[0].service
        let serviceDN = try DistinguishedName("GLUE2ServiceID=\(service.id),GLUE2GroupID=resource,GLUE2DomainID=SITE-00007,o=glue")
        #expect(entries.contains { $0.dn == serviceDN })
        let endpoint = try #require(entry(entries, objectClass: "GLUE2ComputingEndpoint"))
        #expect(endpoint.dn.parent == serviceDN)
        #expect(entry(entries, objectClass: "GLUE2ComputingShare")?.dn.parent == serviceDN)
        let manager = try #require(entry(entries, objectClass: "GLUE2ComputingManager"))
        #expect(manager.dn.parent == serviceDN)
        #expect(entry(entries, objectClass: "GLUE2ExecutionEnvironment")?.dn.parent == manager.dn)
        #expect(entry(entries, objectClass: "GLUE2AccessPolicy")?.dn.parent == endpoint.dn)
        let cloudManager = try #require(entry(entries, objectClass: "GLUE2CloudComputingManager"))
        #expect(entry(entries, objectClass: "GLUE2CloudComputingImage")?.dn.parent == cloudManager.dn)
        #expect(entry(entries, objectClass: "GLUE2CloudComputingInstanceType")?.dn.parent == cloudManager.dn)
        #expect(entry(entries, objectClass: "GLUE2CloudComputingInstance")?.dn.parent == cloudManager.dn.parent)
        // parents always come before children, so ldapadd can take the list in order
        var seen: Set<DistinguishedName> = []
        for e in entries {
            if let p = e.dn.parent, p.rdns.count > 2 { #expect(seen.contains(p), "\(e.dn) before its parent") }
            seen.insert(e.dn)
        }
    }

    /// Both the base-class and the subclass foreign key are written, with the same value.
    @Test func foreignKeysAreWrittenAtBothClassLevels() throws {
        let (site, entries) = fullSite()
        let sid = site.computingServices[0].service.id
        let endpoint = try #require(entry(entries, objectClass: "GLUE2ComputingEndpoint"))
        #expect(endpoint.strings("GLUE2EndpointServiceForeignKey") == [sid])
        #expect(endpoint.strings("GLUE2ComputingEndpointComputingServiceForeignKey") == [sid])
        let ee = try #require(entry(entries, objectClass: "GLUE2ExecutionEnvironment"))
        #expect(ee.strings("GLUE2ResourceManagerForeignKey") == ee.strings("GLUE2ExecutionEnvironmentComputingManagerForeignKey"))
        let cloudShare = try #require(entry(entries, objectClass: "GLUE2CloudComputingShare"))
        #expect(cloudShare.strings("GLUE2ShareServiceForeignKey") == [site.cloudServices[0].service.id])
        #expect(cloudShare.strings("GLUE2CloudComputingShareCloudComputingServiceForeignKey") == [site.cloudServices[0].service.id])
        #expect(cloudShare.strings("GLUE2CloudComputingShareCloudComputingImageForeignKey").count == 2)
        let service = try #require(entry(entries, objectClass: "GLUE2ComputingService"))
        #expect(service.strings("GLUE2ServiceAdminDomainForeignKey") == ["SITE-00007"])
    }

    /// Booleans render as TRUE/FALSE and times as YYYY-MM-DDTHH:MM:SSZ.
    @Test func booleansAndTimesUseTheLDAPRenderingForms() throws {
        var ee = ExecutionEnvironment(id: "urn:ogf:ExecutionEnvironment:h1")
        ee.connectivityIn = true
        ee.connectivityOut = false
        ee.creationTime = Date(timeIntervalSince1970: 1_764_061_200.75)
        ee.mainMemorySize = 131_072
        ee.managerID = "m"
        let e = ee.ldapEntry(under: GLUERegistryLayout.resourceBase)
        #expect(e.strings("GLUE2ExecutionEnvironmentConnectivityIn") == ["TRUE"])
        #expect(e.strings("GLUE2ExecutionEnvironmentConnectivityOut") == ["FALSE"])
        #expect(e.strings("GLUE2EntityCreationTime") == ["2025-11-25T09:00:00Z"])
        #expect(e.strings("GLUE2ExecutionEnvironmentMainMemorySize") == ["131072"])
        #expect(e.objectClasses == ["GLUE2Resource", "GLUE2ExecutionEnvironment"])
        #expect(e.dn.description == "GLUE2ResourceID=urn:ogf:ExecutionEnvironment:h1,GLUE2GroupID=resource,o=glue")
    }

    /// Every entity type parses back from its entry to an equal value, and renders to the same entry.
    @Test func everyEntityRoundTripsThroughLDAP() throws {
        let (site, _) = fullSite()
        let c = site.computingServices[0], k = site.cloudServices[0]
        try roundTrip(site.domain); try roundTrip(site.location!); try roundTrip(site.contacts[0])
        try roundTrip(c.service); try c.endpoints.forEach(roundTrip); try c.shares.forEach(roundTrip)
        try c.managers.forEach(roundTrip); try c.executionEnvironments.forEach(roundTrip)
        try c.accessPolicies.forEach(roundTrip); try c.mappingPolicies.forEach(roundTrip)
        try c.applicationEnvironments.forEach(roundTrip); try c.benchmarks.forEach(roundTrip)
        try roundTrip(k.service); try k.endpoints.forEach(roundTrip); try k.shares.forEach(roundTrip)
        try k.managers.forEach(roundTrip); try k.hosts.forEach(roundTrip); try k.images.forEach(roundTrip)
        try k.instanceTypes.forEach(roundTrip); try k.instances.forEach(roundTrip)
    }

    func roundTrip<E: GLUEEntity>(_ value: E) throws {
        let entry = value.ldapEntry(under: GLUERegistryLayout.resourceBase)
        let back = try E(ldapEntry: entry)
        #expect(back == value, "\(E.self) changed in the round trip")
        #expect(back.ldapEntry(under: GLUERegistryLayout.resourceBase) == entry)
    }

    /// The parser names the entry and attribute of a missing mandatory attribute.
    @Test func parsingRejectsAMissingMandatoryAttribute() throws {
        var entry = ExecutionEnvironment(id: "x").ldapEntry(under: GLUERegistryLayout.resourceBase)
        entry.attributes.removeAll { $0.name == "GLUE2ExecutionEnvironmentMainMemorySize" }
        let error = try #require(throws: GLUEModelError.self) { try ExecutionEnvironment(ldapEntry: entry) }
        #expect(error.code == .missingAttribute)
        #expect(error.attribute == "GLUE2ExecutionEnvironmentMainMemorySize")
        #expect(error.entry == entry.dn.description)
    }

    /// A value of the wrong type, or outside a closed enumeration, is an invalidValue error.
    @Test func parsingRejectsValuesOfTheWrongType() throws {
        var entry = ExecutionEnvironment(id: "x").ldapEntry(under: GLUERegistryLayout.resourceBase)
        entry.attributes = entry.attributes.map {
            $0.name == "GLUE2ExecutionEnvironmentMainMemorySize" ? LDAPAttribute(name: $0.name, strings: ["lots"]) : $0
        }
        #expect(throws: GLUEModelError(.invalidValue, "")) { try ExecutionEnvironment(ldapEntry: entry) }
        var endpoint = ComputingEndpoint(id: "e").ldapEntry(under: GLUERegistryLayout.resourceBase)
        endpoint.attributes = endpoint.attributes.map {
            $0.name == "GLUE2EndpointHealthState" ? LDAPAttribute(name: $0.name, strings: ["fine"]) : $0
        }
        let error = try #require(throws: GLUEModelError.self) { try ComputingEndpoint(ldapEntry: endpoint) }
        #expect(error.code == .invalidValue)
        #expect(error.message.contains("ok, warning, critical, unknown, other"))
    }

    /// An entry of another class is refused, not half-read.
    @Test func parsingRejectsAnEntryOfAnotherClass() throws {
        let entry = Contact(id: "c").ldapEntry(under: GLUERegistryLayout.suffix)
        #expect(throws: GLUEModelError(.wrongObjectClass, "")) { try ExecutionEnvironment(ldapEntry: entry) }
    }

    /// Attribute names and enumeration values are read case-insensitively, as LDAP servers return them.
    @Test func parsingIgnoresAttributeNameCase() throws {
        let dn = try DistinguishedName("GLUE2ResourceID=h,GLUE2GroupID=resource,o=glue")
        let entry = LDAPEntry(dn: dn, attributes: [
            .init(name: "objectclass", strings: ["glue2resource", "glue2executionenvironment"]),
            .init(name: "glue2resourceid", strings: ["h"]),
            .init(name: "GLUE2ExecutionEnvironmentPlatform", strings: ["amd64"]),
            .init(name: "glue2executionenvironmentmainmemorysize", strings: ["4096"]),
            .init(name: "GLUE2ExecutionEnvironmentOSFamily", strings: ["linux"]),
            .init(name: "GLUE2ExecutionEnvironmentConnectivityIn", strings: ["true"]),
            .init(name: "GLUE2ExecutionEnvironmentConnectivityOut", strings: ["FALSE"]),
            .init(name: "GLUE2ResourceManagerForeignKey", strings: ["m"]),
        ])
        let ee = try ExecutionEnvironment(ldapEntry: entry)
        #expect(ee.mainMemorySize == 4096 && ee.connectivityIn && ee.managerID == "m")
    }
}

@Suite struct RegistryLayoutTests {
    /// Resource DNs move under the site's resource group; site DNs move under the grid group.
    @Test func rewritesResourceAndSiteDNsIntoTheTopLayout() throws {
        let dn = try DistinguishedName("GLUE2EndpointID=e,GLUE2ServiceID=s,GLUE2GroupID=resource,o=glue")
        #expect(GLUERegistryLayout.site.rewrite(dn, siteID: "S1").description
            == "GLUE2EndpointID=e,GLUE2ServiceID=s,GLUE2GroupID=resource,GLUE2DomainID=S1,o=glue")
        #expect(GLUERegistryLayout.top.rewrite(dn, siteID: "S1").description
            == "GLUE2EndpointID=e,GLUE2ServiceID=s,GLUE2GroupID=resource,GLUE2DomainID=S1,GLUE2GroupID=grid,o=glue")
        let siteDN = try DistinguishedName("GLUE2LocationID=l,GLUE2DomainID=S1,o=glue")
        #expect(GLUERegistryLayout.top.rewrite(siteDN, siteID: "S1").description
            == "GLUE2LocationID=l,GLUE2DomainID=S1,GLUE2GroupID=grid,o=glue")
        let top = GLUERegistryLayout.top.rewrite(siteDN, siteID: "S1")
        #expect(GLUERegistryLayout.top.rewrite(top, siteID: "S1") == top)
        #expect(GLUERegistryLayout.resource.rewrite(dn, siteID: "S1") == dn)
    }

    /// Rewriting a site's resource-layout entries gives exactly its site- and top-layout entries.
    @Test func siteRenderingMatchesTheRewrittenResourceRendering() throws {
        let (site, _) = fullSite(layout: .resource)
        let resource = site.ldapEntries(layout: .resource)
        let top = site.ldapEntries(layout: .top).filter { !$0.objectClasses.contains("GLUE2Group") }
        #expect(resource.map { GLUERegistryLayout.top.rewrite($0, siteID: site.domain.id) } == top)
    }
}
