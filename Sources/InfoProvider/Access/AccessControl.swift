// GVE — InfoProvider
// Who may bind and who may write where: the root DN anywhere, each publisher under its own subtrees,
// other bound identities and anonymous sessions nowhere.

public import LDAPCore
public import LDAPProtocol

/// The server's write rules, built from ``LDAPServerConfiguration``.
public struct AccessControl: Sendable {
    public var rootDN: DistinguishedName?
    /// The root password: a `{SCHEME}` hash, or plaintext when the operator configured it so.
    public var rootCredential: RootCredential?
    public var publishers: [DistinguishedName: Publisher]

    /// How the root DN's password is held.
    public enum RootCredential: Sendable, Hashable {
        case hashed(PasswordHash)
        case plaintext([UInt8])

        /// A `{SCHEME}…` string is a hash (and must parse); anything else is a plaintext password.
        /// - Throws: ``AccessConfigurationError`` `invalidHash` for a `{…}` value that is not a usable hash.
        public init(_ text: String) throws(AccessConfigurationError) {
            if text.hasPrefix("{"), text.contains("}") { self = .hashed(try PasswordHash(text)) } else { self = .plaintext(Array(text.utf8)) }
        }

        func verify(_ password: [UInt8]) -> Bool {
            switch self {
            case .hashed(let h): h.verify(password)
            case .plaintext(let p): PasswordHash.plaintextMatches(password, p)
            }
        }
    }

    public init(rootDN: DistinguishedName?, rootCredential: RootCredential?, publishers: [Publisher]) {
        self.rootDN = rootDN
        self.rootCredential = rootCredential
        var byDN: [DistinguishedName: Publisher] = [:]
        for p in publishers {
            if var known = byDN[p.dn] {
                known.subtrees += p.subtrees.filter { !known.subtrees.contains($0) }
                byDN[p.dn] = known
            } else {
                byDN[p.dn] = p
            }
        }
        self.publishers = byDN
    }

    /// What a simple bind as `dn` is checked against.
    enum BindTarget {
        /// The root DN or a publisher: this verifies the password.
        case account(verify: @Sendable ([UInt8]) -> Bool)
        /// Neither: the directory entry's userPassword decides (a read-only identity).
        case entry
    }

    func bindTarget(_ dn: DistinguishedName) -> BindTarget {
        if let rootDN, dn == rootDN {
            guard let rootCredential else { return .account(verify: { _ in false }) }
            return .account(verify: { rootCredential.verify($0) })
        }
        if let p = publishers[dn] { return .account(verify: { p.password.verify($0) }) }
        return .entry
    }

    /// Decides whether `identity` may write at every DN in `targets` (an entry's DN; for ModifyDN the old and
    /// new DN). Returns nil when allowed, else the result to send: `strongerAuthRequired` for anonymous
    /// sessions (slapd's answer, "modifications require authentication"), `insufficientAccessRights` naming the
    /// bound DN and what it may write otherwise.
    public func refusal(identity: DistinguishedName?, targets: [DistinguishedName]) -> LDAPResult? {
        guard let identity else {
            return LDAPResult(.strongerAuthRequired, diagnosticMessage: "modifications require authentication")
        }
        if let rootDN, identity == rootDN { return nil }
        guard let publisher = publishers[identity] else {
            return LDAPResult(.insufficientAccessRights,
                              diagnosticMessage: "no write access to \(targets.first.map { "\($0)" } ?? "the directory") for \(identity): it is not a publisher")
        }
        for t in targets where !publisher.mayWrite(t) {
            return LDAPResult(.insufficientAccessRights,
                              diagnosticMessage: "no write access to \(t) for \(identity): it may write only under \(publisher.subtrees.map(\.description).joined(separator: "; "))")
        }
        return nil
    }
}
