// GVE — InfoProvider
// Settings of the registry's HTTP endpoint (`gve infosys serve --http HOST:PORT`).
public import LDAPCore

/// Settings of ``RegistryHTTPServer``.
public struct RegistryHTTPConfiguration: Sendable {
    /// Listen address.
    public var host: String
    /// Listen port (0: any free port).
    public var port: Int
    /// The DN `/glue` stands for; `/glue/A=1/B=2` is `B=2,A=1,<root>`.
    public var root: DistinguishedName
    /// Most entries one request returns (more: HTTP 413-style refusal is not used; the answer is cut and says so in
    /// the `GVE-Result` header, as LDAP's sizeLimitExceeded).
    public var sizeLimit: Int
    /// Longest a search may run, seconds.
    public var timeLimitSeconds: Int
    /// Deepest filter nesting accepted.
    public var maximumFilterDepth: Int
    /// Longest `filter` parameter, characters.
    public var maximumFilterLength: Int

    public init(host: String = "127.0.0.1", port: Int = 8170, root: DistinguishedName = GLUEHTTPPath.defaultRoot,
                sizeLimit: Int = 100_000, timeLimitSeconds: Int = 60, maximumFilterDepth: Int = 32, maximumFilterLength: Int = 4096) {
        self.host = host
        self.port = port
        self.root = root
        self.sizeLimit = sizeLimit
        self.timeLimitSeconds = timeLimitSeconds
        self.maximumFilterDepth = maximumFilterDepth
        self.maximumFilterLength = maximumFilterLength
    }
}
