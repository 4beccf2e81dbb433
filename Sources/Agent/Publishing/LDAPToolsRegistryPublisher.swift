// GVE — Agent: a RegistryPublisher over OpenLDAP's command-line tools (ldap-utils).
import Foundation
import LDAPCore

/// Publishes through `ldapsearch` and `ldapmodify` (Debian ldap-utils) until the InfoProvider's async client is
/// wired in: it needs nothing but the tools and speaks real LDAP to any server (slapd, the InfoProvider).
///
/// Each publish lists the DNs under the subtree root, then sends one LDIF change stream: the root entry is
/// added or its attributes replaced, child entries are deleted and re-added (so optional attributes that went
/// away disappear), and children no longer published are deleted. The bind password goes through a 0600 file
/// (`-y`), never the command line.
public struct LDAPToolsRegistryPublisher: RegistryPublisher {
    public var url: String
    public var bindDN: String
    public var password: String
    /// Seconds each tool may take (`-o nettimeout`, `-l`).
    public var timeoutSeconds: Int

    public init(url: String, bindDN: String, password: String, timeoutSeconds: Int = 10) {
        self.url = url
        self.bindDN = bindDN
        self.password = password
        self.timeoutSeconds = timeoutSeconds
    }

    /// Replaces the subtree rooted at `under` (inclusive) with `entries`.
    /// - Throws: ``AgentError`` ``AgentError/Code/registryError`` with the tool's message when the registry refuses.
    public func publish(_ entries: [LDAPEntry], under root: DistinguishedName) async throws {
        let passwordFile = FileManager.default.temporaryDirectory.appendingPathComponent("gve-ldap-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: passwordFile.path, contents: Data(password.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw AgentError(.registryError, "cannot write a temporary password file")
        }
        defer { try? FileManager.default.removeItem(at: passwordFile) }
        let common = ["-x", "-H", url, "-D", bindDN, "-y", passwordFile.path, "-o", "nettimeout=\(timeoutSeconds)"]

        let search = try await ProcessRunner.run(
            "ldapsearch", common + ["-LLL", "-l", String(timeoutSeconds), "-s", "sub", "-b", root.description, "(objectClass=*)", "1.1"])
        var existing: Set<String> = []
        switch search.status {
        case 0:
            existing = Set(Self.distinguishedNames(inLDIF: String(decoding: search.standardOutput, as: UTF8.self)).map(Self.normalized))
        case 32:  // noSuchObject: nothing published yet
            break
        default:
            throw AgentError(.registryError, "ldapsearch \(url) failed (\(search.status)): \(search.standardErrorText)")
        }

        let rootKey = Self.normalized(root.description)
        var ldif = ""
        let published = Set(entries.map { Self.normalized($0.dn.description) })
        // Children that are gone, deepest first.
        let stale = existing.subtracting(published).filter { $0 != rootKey }.sorted { $0.count > $1.count }
        for dn in stale { ldif += Self.line("dn", dn) + "changetype: delete\n\n" }
        for entry in entries.sorted(by: { $0.dn.rdns.count < $1.dn.rdns.count }) {
            let key = Self.normalized(entry.dn.description)
            if existing.contains(key) && key == rootKey {
                ldif += Self.line("dn", entry.dn.description) + "changetype: modify\n"
                for attribute in entry.attributes where attribute.name.lowercased() != "objectclass" {
                    ldif += "replace: \(attribute.name)\n"
                    for value in attribute.values { ldif += Self.line(attribute.name, value) }
                    ldif += "-\n"
                }
                ldif += "\n"
                continue
            }
            if existing.contains(key) { ldif += Self.line("dn", entry.dn.description) + "changetype: delete\n\n" }
            ldif += Self.line("dn", entry.dn.description) + "changetype: add\n"
            for attribute in entry.attributes {
                for value in attribute.values { ldif += Self.line(attribute.name, value) }
            }
            ldif += "\n"
        }
        let modify = try await ProcessRunner.run("ldapmodify", common, input: Data(ldif.utf8))
        guard modify.status == 0 else {
            throw AgentError(.registryError, "ldapmodify \(url) failed (\(modify.status)): \(modify.standardErrorText)")
        }
    }

    /// One LDIF line (RFC 2849): `name: value`, or `name:: base64` when the value is not a SAFE-STRING.
    static func line(_ name: String, _ value: String) -> String { line(name, Array(value.utf8)) }

    static func line(_ name: String, _ value: [UInt8]) -> String {
        let safeInit = value.first.map { $0 != 0x20 && $0 != 0x3A && $0 != 0x3C } ?? true
        let safe = safeInit && value.allSatisfy { $0 != 0 && $0 != 0x0A && $0 != 0x0D && $0 < 0x80 } && value.last != 0x20
        return safe ? "\(name): \(String(decoding: value, as: UTF8.self))\n" : "\(name):: \(Data(value).base64EncodedString())\n"
    }

    /// The DNs of an `ldapsearch -LLL` answer (continuation lines unfolded, base64 DNs decoded).
    static func distinguishedNames(inLDIF text: String) -> [String] {
        var lines: [String] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if raw.hasPrefix(" "), !lines.isEmpty { lines[lines.count - 1] += raw.dropFirst() } else { lines.append(String(raw)) }
        }
        return lines.compactMap { line in
            if line.hasPrefix("dn:: ") {
                return Data(base64Encoded: String(line.dropFirst(5))).map { String(decoding: $0, as: UTF8.self) }
            }
            return line.hasPrefix("dn: ") ? String(line.dropFirst(4)) : nil
        }
    }

    /// A comparison key for DNs as servers print them (case and spacing after commas vary).
    static func normalized(_ dn: String) -> String {
        ((try? DistinguishedName(dn))?.description ?? dn).lowercased()
    }
}
