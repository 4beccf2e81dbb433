// GVE — InfoProviderTests
// The registry over HTTP: GET /glue in GLUE 2 JSON, GLUE 2 XML (valid against glue2.xsd) and LDAP-shaped JSON by
// content negotiation, LDAP filters, bases and scopes as query parameters, and /metrics after LDAP and HTTP use.
import Aggregation
import Directory
import Foundation
import GLUEModel
import Hummingbird
@testable import InfoProvider
import LDAPCore
import Logging
import ServiceLifecycle
import Testing

/// A real directory holding `sites` synthetic GLUE 2 sites under `GLUE2GroupID=grid,o=glue`.
func syntheticDirectory(sites: Int) throws -> Directory {
    let directory = try DirectoryLoader.load(schemaFiles: GVESchemaFiles.defaults())
    var configuration = GLUESyntheticGenerator.Configuration(sites: sites, layout: .top)
    configuration.includeSuffixEntry = true
    for entry in GLUESyntheticGenerator(configuration: configuration) { try directory.add(entry) }
    return directory
}

/// Runs the registry's HTTP application on a free port for the duration of `body`.
func withRegistryHTTP(_ backend: any DirectoryBackend, metrics: RegistryMetrics? = nil, entryCount: @escaping @Sendable () -> Int = { 0 },
                      _ body: (Int) async throws -> Void) async throws {
    var logger = Logger(label: "test.http")
    logger.logLevel = .warning
    let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
    let app = RegistryHTTPServer.makeApplication(backend: backend, configuration: RegistryHTTPConfiguration(port: 0), metrics: metrics,
                                                 entryCount: entryCount, logger: logger) { continuation.yield($0) }
    let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        var port = 0
        for await p in stream { port = p; break }
        do { try await body(port) } catch {
            await group.triggerGracefulShutdown()
            throw error
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
    }
}

@Suite struct RegistryHTTPTests {
    /// Without Accept, /glue answers the GLUE 2 JSON rendering of every entry; it reads back to the same document
    /// as the entries LDAP holds.
    @Test func glueDefaultsToTheGLUE2JSONRendering() async throws {
        let directory = try syntheticDirectory(sites: 2)
        try await withRegistryHTTP(directory) { port in
            let answer = try await curl("GET", "http://127.0.0.1:\(port)/glue")
            #expect(answer.status == 200)
            #expect(answer.header("Content-Type") == "application/json")
            #expect(answer.header("Vary") == "Accept")
            let served = try GLUEDocument(jsonData: answer.body)
            let held = try GLUEDocument(ldapEntries: directory.search(SearchQuery(base: GLUEHTTPPath.defaultRoot)).entries)
            #expect(served.count == held.count && served.count > 20)
            #expect(served == held)
            #expect(served.adminDomains.map(\.id).sorted() == ["SITE-00000", "SITE-00001"])
        }
    }

    /// Accept: application/xml answers the GLUE 2 XML rendering, which xmllint validates against glue2.xsd;
    /// LDAP-shaped JSON is offered too; an Accept nothing matches is 406.
    @Test func contentNegotiationChoosesXMLOrLDAPJSONOrRefuses() async throws {
        let xsd = "/work/shared/reference/glue2.xsd"
        try #require(FileManager.default.fileExists(atPath: xsd), "glue2.xsd reference missing")
        try #require(FileManager.default.fileExists(atPath: "/usr/bin/xmllint"), "xmllint missing (libxml2-utils)")
        let directory = try syntheticDirectory(sites: 1)
        try await withRegistryHTTP(directory) { port in
            let xml = try await curl("GET", "http://127.0.0.1:\(port)/glue", headers: ["Accept: text/html;q=0.9, application/xml"])
            #expect(xml.status == 200 && xml.header("Content-Type") == "application/xml; charset=utf-8")
            #expect(xml.text.contains("<AdminDomain"))
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("gve-glue-http-\(UUID().uuidString).xml")
            try xml.body.write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let lint = Process()
            lint.executableURL = URL(fileURLWithPath: "/usr/bin/xmllint")
            lint.arguments = ["--noout", "--schema", xsd, file.path]
            lint.standardOutput = FileHandle.nullDevice
            lint.standardError = FileHandle.nullDevice
            try lint.run()
            lint.waitUntilExit()
            #expect(lint.terminationStatus == 0, "xmllint rejected /glue's XML")

            let raw = try await curl("GET", "http://127.0.0.1:\(port)/glue?scope=base", headers: ["Accept: application/vnd.gve.ldap+json"])
            #expect(raw.status == 200 && raw.header("Content-Type") == "application/vnd.gve.ldap+json")
            let entries = try #require(try JSONSerialization.jsonObject(with: raw.body) as? [[String: Any]])
            #expect(entries.map { $0["dn"] as? String } == ["o=glue"])
            #expect(((entries.first?["attributes"] as? [String: [Any]])?["objectClass"] as? [String])?.contains("organization") == true)

            let refused = try await curl("GET", "http://127.0.0.1:\(port)/glue", headers: ["Accept: text/html, application/json;q=0"])
            #expect(refused.status == 406 && refused.json["code"] as? String == "NotAcceptable")
        }
    }

    /// `filter` (RFC 4515), the path, `base` and `scope` select the entries; bad input is a 400 naming the fault
    /// (a filter's offset), an unknown base is 404.
    @Test func filterBaseAndScopeSelectEntries() async throws {
        let directory = try syntheticDirectory(sites: 3)
        try await withRegistryHTTP(directory) { port in
            let base = "http://127.0.0.1:\(port)/glue"
            let services = try await curl("GET", base + "?filter=%28objectClass%3DGLUE2ComputingService%29")
            #expect(services.status == 200, "\(services.text)")
            #expect(try GLUEDocument(jsonData: services.body).computingServices.count == 3)
            #expect(try GLUEDocument(jsonData: services.body).count == 3)
            let domain = try await curl("GET", base + "/GLUE2GroupID=grid/GLUE2DomainID=SITE-00001?scope=base")
            #expect(try GLUEDocument(jsonData: domain.body).adminDomains.map(\.id) == ["SITE-00001"])
            #expect(try GLUEDocument(jsonData: domain.body).count == 1)
            let viaBase = try await curl("GET", base + "?base=GLUE2DomainID%3DSITE-00002%2CGLUE2GroupID%3Dgrid%2Co%3Dglue&scope=one",
                                         headers: ["Accept: application/vnd.gve.ldap+json"])
            let children = try #require(try JSONSerialization.jsonObject(with: viaBase.body) as? [[String: Any]])
            #expect(!children.isEmpty && children.allSatisfy { ($0["dn"] as? String)?.hasSuffix(",GLUE2DomainID=SITE-00002,GLUE2GroupID=grid,o=glue") == true })

            let badFilter = try await curl("GET", base + "?filter=%28objectClass%3D")
            #expect(badFilter.status == 400 && badFilter.json["code"] as? String == "InvalidFilter")
            #expect(badFilter.json["offset"] as? Int == 13)
            let badScope = try await curl("GET", base + "?scope=wide")
            #expect(badScope.status == 400 && badScope.json["code"] as? String == "InvalidScope")
            let badParameter = try await curl("GET", base + "?filtre=x")
            #expect(badParameter.status == 400 && (badParameter.json["message"] as? String)?.contains("filtre") == true)
            let badPath = try await curl("GET", base + "/not-an-rdn")
            #expect(badPath.status == 400 && badPath.json["code"] as? String == "InvalidPath")
            let missing = try await curl("GET", base + "/GLUE2DomainID=NOWHERE")
            #expect(missing.status == 404 && missing.json["code"] as? String == "NoSuchObject")
        }
    }

    /// A search cut at the configured size limit still answers 200, and says so in its LDAP result.
    @Test func sizeLimitCutsTheAnswerAndSaysSo() throws {
        let directory = try syntheticDirectory(sites: 2)
        var configuration = RegistryHTTPConfiguration(port: 0)
        configuration.sizeLimit = 3
        let cut = RegistryHTTPServer.answer(segments: [], parameters: [:], accept: "application/vnd.gve.ldap+json", backend: directory,
                                            configuration: configuration)
        #expect(cut.status == 200 && cut.result == .sizeLimitExceeded)
        #expect((try JSONSerialization.jsonObject(with: cut.body) as? [Any])?.count == 3)
        let whole = RegistryHTTPServer.answer(segments: ["GLUE2GroupID=grid", "GLUE2DomainID=SITE-00000"], parameters: ["scope": "base"],
                                              accept: nil, backend: directory, configuration: configuration)
        #expect(whole.status == 200 && whole.result == .success)
        let deep = RegistryHTTPServer.answer(segments: [], parameters: ["filter": String(repeating: "(!", count: 40) + "(cn=x)" + String(repeating: ")", count: 40)],
                                             accept: nil, backend: directory, configuration: configuration)
        #expect(deep.status == 400 && String(decoding: deep.body, as: UTF8.self).contains("InvalidFilter"))
    }

    /// The Accept field is weighed as RFC 9110 says: weights, wildcards, q=0 refusals.
    @Test(arguments: [
        (nil, GLUERepresentation.json), ("*/*", .json), ("application/*", .json), ("text/xml", .xml),
        ("application/json;q=0.5, application/xml", .xml), ("application/xml;q=0.1, */*;q=0.2", .json),
        ("application/vnd.gve.ldap+json, application/json", .ldapJSON), ("text/*", .xml),
    ] as [(String?, GLUERepresentation)])
    func acceptFieldChoosesTheRepresentation(accept: String?, expected: GLUERepresentation) {
        #expect(GLUERepresentation.negotiate(accept: accept) == expected)
    }

    /// Nothing acceptable gives nil (406): explicit refusals and types not offered.
    @Test func acceptFieldCanRefuseEverything() {
        #expect(GLUERepresentation.negotiate(accept: "text/html") == nil)
        #expect(GLUERepresentation.negotiate(accept: "application/json;q=0") == nil)
        #expect(GLUERepresentation.negotiate(accept: "*/*;q=0") == nil)
    }

    /// /metrics counts LDAP operations by type and result, search latency, entries, cycles and /glue requests.
    @Test func metricsCountLDAPOperationsCyclesAndHTTPRequests() async throws {
        let directory = try syntheticDirectory(sites: 1)
        let metrics = RegistryMetrics()
        let metered = MeteredDirectoryBackend(directory, metrics: metrics)
        try await withServer(metered) { _, ldapPort in
            try await withRegistryHTTP(directory, metrics: metrics, entryCount: { directory.count }) { port in
                let client = try await LDAPClient.connect(url: "ldap://127.0.0.1:\(ldapPort)")
                try await client.simpleBind()
                _ = try await client.search(base: GLUEHTTPPath.defaultRoot, filter: try LDAPFilter("(objectClass=GLUE2AdminDomain)"))
                await #expect(throws: (any Error).self) { _ = try await client.search(base: try DistinguishedName("o=nowhere")) }
                await client.close()
                var report = CycleReport(startedAt: Date())
                report.duration = .milliseconds(120)
                report.added = 4
                metrics.cycle(report)
                #expect(try await curl("GET", "http://127.0.0.1:\(port)/glue?scope=base").status == 200)

                let scrape = try await curl("GET", "http://127.0.0.1:\(port)/metrics")
                #expect(scrape.status == 200 && scrape.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
                let text = scrape.text
                #expect(text.contains("gve_ldap_operations_total{operation=\"search\",result=\"success\"} 1\n"))
                #expect(text.contains("gve_ldap_operations_total{operation=\"search\",result=\"noSuchObject\"} 1\n"))
                #expect(text.contains("gve_ldap_operations_total{operation=\"bind\",result=\"success\"} 1\n"))
                #expect(text.contains("# TYPE gve_ldap_search_duration_seconds histogram\n"))
                #expect(text.contains("gve_ldap_search_duration_seconds_count 2\n"))
                #expect(text.contains("gve_registry_entries \(Double(directory.count))\n"))
                #expect(text.contains("gve_registry_cycle_duration_seconds_count 1\n"))
                #expect(text.contains("gve_registry_cycle_changes_total{change=\"added\"} 4\n"))
                #expect(text.contains("gve_registry_http_requests_total{representation=\"json\",status=\"200\"} 1\n"))
            }
        }
    }
}
