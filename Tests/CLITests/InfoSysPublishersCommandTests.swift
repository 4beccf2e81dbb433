// GVE — CLITests: `gve infosys hash-password` and `gve infosys serve --publishers`, driven as an operator would.
import Foundation
import Testing

@Suite struct InfoSysPublishersCommandTests {
    static func ldapadd(_ port: Int, _ ldif: URL, bind: [String]) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ldapadd")
        p.arguments = ["-x", "-H", "ldap://127.0.0.1:\(port)", "-f", ldif.path] + bind
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    /// hash-password reads stdin or a file and prints a {SSHA512} hash; serve --publishers lets that publisher
    /// write in its subtree only; a bad publishers file stops the server naming the line.
    @Test func hashedPublishersFileConfinesWrites() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gve-pub-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let passwordFile = dir.appendingPathComponent("pub.password")
        try "pub-pw\n".write(to: passwordFile, atomically: true, encoding: .utf8)
        let fromFile = try GVEBinary.run(["infosys", "hash-password", "--password-file", passwordFile.path])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(fromFile.stdout.hasPrefix("{SSHA512}"))
        let stdin = Process()
        stdin.executableURL = URL(fileURLWithPath: GVEBinary.path)
        stdin.arguments = ["infosys", "hash-password", "--scheme", "SSHA"]
        let input = Pipe(), output = Pipe()
        stdin.standardInput = input
        stdin.standardOutput = output
        try stdin.run()
        input.fileHandleForWriting.write(Data("pub-pw\n".utf8))
        try input.fileHandleForWriting.close()
        let hash = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        stdin.waitUntilExit()
        #expect(hash.hasPrefix("{SSHA}"))

        let subtree = "GLUE2ServiceID=urn:svc:a,GLUE2GroupID=resource,o=glue"
        let data = dir.appendingPathComponent("data.ldif")
        try """
            dn: o=glue
            objectClass: organization
            o: glue

            dn: GLUE2GroupID=resource,o=glue
            objectClass: GLUE2Group
            GLUE2GroupID: resource

            dn: \(subtree)
            objectClass: GLUE2Service
            GLUE2ServiceID: urn:svc:a
            GLUE2ServiceType: org.glite.ce.CREAM
            GLUE2ServiceQualityLevel: production
            GLUE2ServiceCapability: executionmanagement.jobexecution
            GLUE2ServiceAdminDomainForeignKey: SITE-1

            """.write(to: data, atomically: true, encoding: .utf8)
        let publishers = dir.appendingPathComponent("publishers")
        try "# DN  hash  subtree\ncn=pub,ou=publishers,o=gve  \(hash)  \(subtree)\n".write(to: publishers, atomically: true, encoding: .utf8)
        let port = GVEBinary.freePort()
        let server = try BackgroundGVE(["infosys", "serve", "--listen", "127.0.0.1:\(port)", "--ldif", data.path, "--publishers", publishers.path],
                                       log: dir.appendingPathComponent("serve.log"))
        let inside = dir.appendingPathComponent("inside.ldif"), outside = dir.appendingPathComponent("outside.ldif")
        try "dn: GLUE2LocationID=l,\(subtree)\nobjectClass: GLUE2Location\nGLUE2LocationID: l\n".write(to: inside, atomically: true, encoding: .utf8)
        try "dn: GLUE2LocationID=l,GLUE2GroupID=resource,o=glue\nobjectClass: GLUE2Location\nGLUE2LocationID: l\n".write(to: outside, atomically: true, encoding: .utf8)
        let bind = ["-D", "cn=pub,ou=publishers,o=gve", "-w", "pub-pw"]
        var status: Int32 = -1
        for _ in 0..<100 {
            status = try Self.ldapadd(port, inside, bind: bind)
            if status != 255 { break }   // 255: the server is not listening yet
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(status == 0, "\((try? String(contentsOf: server.log, encoding: .utf8)) ?? "")")
        #expect(try Self.ldapadd(port, outside, bind: bind) == 50)
        #expect(try Self.ldapadd(port, outside, bind: []) == 8)

        try "cn=pub,ou=publishers,o=gve  \(hash)  \(subtree)\ncn=other,o=gve  plaintext  o=glue\n".write(to: publishers, atomically: true, encoding: .utf8)
        let bad = try GVEBinary.run(["infosys", "serve", "--listen", "127.0.0.1:0", "--publishers", publishers.path])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("line 2"), "\(bad.stderr)")
    }
}
