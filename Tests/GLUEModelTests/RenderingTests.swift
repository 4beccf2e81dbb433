// GVE — GLUEModelTests
import Foundation
import GLUEModel
import LDAPCore
import Testing

@Suite struct XMLRenderingTests {
    static let xsd = "/work/shared/reference/glue2.xsd"

    /// A full site's GLUE 2.0 entities validate against glue2.xsd with xmllint; the 2.1 cloud ones ride in the extension namespace.
    @Test func documentValidatesAgainstTheGLUE2XSD() throws {
        try #require(FileManager.default.fileExists(atPath: Self.xsd), "glue2.xsd reference missing")
        try #require(FileManager.default.fileExists(atPath: "/usr/bin/xmllint"), "xmllint missing (libxml2-utils)")
        let (site, _) = fullSite()
        let document = GLUEDocument(site: site)
        let xml = document.xmlString()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("gve-glue-\(UUID().uuidString).xml")
        try xml.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let r = try runTool("/usr/bin/xmllint", ["--noout", "--schema", Self.xsd, file.path])
        #expect(r.status == 0, "\(r.output)")
        #expect(xml.contains("<cloud:CloudComputingImage"))
        #expect(xml.contains("<ExecutionEnvironment BaseType=\"Resource\" CreationTime=\"2025-11-25T09:00:00Z\" Validity=\"3600\">"))
        #expect(xml.contains("<ConnectivityOut>true</ConnectivityOut>"))
    }

    /// The schema check is real: an element out of XSD order is rejected.
    @Test func xmllintRejectsADocumentThatBreaksTheXSD() throws {
        let (site, _) = fullSite()
        var xml = GLUEDocument(site: site).xmlString()
        xml = xml.replacingOccurrences(of: "<Platform>amd64</Platform>", with: "<Bogus>amd64</Bogus>")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("gve-glue-\(UUID().uuidString).xml")
        try xml.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let r = try runTool("/usr/bin/xmllint", ["--noout", "--schema", Self.xsd, file.path])
        #expect(r.status != 0)
    }
}

@Suite struct JSONRenderingTests {
    /// JSON keys entity arrays by class, uses GLUE attribute names and typed values, and decodes back to the same document.
    @Test func documentRoundTripsThroughJSON() throws {
        let (site, _) = fullSite()
        let document = GLUEDocument(site: site)
        let data = try document.jsonData()
        let back = try GLUEDocument(jsonData: data)
        #expect(back == document)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let ees = try #require(object["ExecutionEnvironment"] as? [[String: Any]])
        #expect(ees[0]["MainMemorySize"] is Int)
        #expect(ees[0]["ConnectivityOut"] as? Bool == true)
        #expect((ees[0]["Associations"] as? [String: Any])?["ManagerID"] is String)
        let services = try #require(object["CloudComputingService"] as? [[String: Any]])
        #expect((services[0]["Associations"] as? [String: Any])?["AdminDomainID"] as? String == "SITE-00007")
        #expect(object["CloudComputingImage"] != nil)
    }

    /// An entity lacking a mandatory key is refused with the key named.
    @Test func decodingRejectsAMissingMandatoryKey() throws {
        let json = #"{"ExecutionEnvironment":[{"ID":"urn:x","Platform":"amd64","OSFamily":"linux","ConnectivityIn":false,"ConnectivityOut":true,"Associations":{"ManagerID":"m"}}]}"#
        let error = try #require(throws: GLUEModelError.self) { try GLUEDocument(jsonData: Data(json.utf8)) }
        #expect(error.code == .missingAttribute)
        #expect(error.attribute == "MainMemorySize")
    }

    /// A registry search result (LDAP entries) parses into a document with every entity.
    @Test func ldapEntriesParseIntoADocument() throws {
        let (site, entries) = fullSite()
        let document = try GLUEDocument(ldapEntries: entries)
        #expect(document == GLUEDocument(site: site))
        #expect(document.cloudComputingImages.count == 2)
        #expect(document.executionEnvironments.count == site.computingServices[0].executionEnvironments.count + site.cloudServices[0].hosts.count)
    }
}
