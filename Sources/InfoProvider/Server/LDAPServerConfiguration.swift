// GVE — InfoProvider

public import LDAPCore
public import LDAPProtocol

/// Everything an ``LDAPServer`` needs to know, with safe defaults.
public struct LDAPServerConfiguration: Sendable {
    /// TLS material (PEM files). With it the server offers StartTLS and, when ``ldapsPort`` is set, `ldaps://`.
    public struct TLS: Sendable, Hashable {
        public var certificateChainFile: String
        public var privateKeyFile: String
        public init(certificateChainFile: String, privateKeyFile: String) {
            self.certificateChainFile = certificateChainFile
            self.privateKeyFile = privateKeyFile
        }
    }

    /// Limits that protect the server from clients. Each is explicit and configurable.
    public struct Limits: Sendable, Hashable {
        /// Largest request PDU, in bytes. Default 1 MiB.
        public var maxPDUSize: Int
        /// Deepest search filter. Default 64.
        public var maxFilterDepth: Int
        /// Deepest BER nesting. Default 100.
        public var maxNestingDepth: Int
        /// Open connections at once; more are told `busy` and closed. Default 1024.
        public var maxConnections: Int
        /// Seconds without traffic before a connection is closed; 0 disables. Default 300.
        public var idleTimeoutSeconds: Int
        /// Operations running at once on one connection; more are answered `busy`. Default 16.
        public var maxOperationsPerConnection: Int
        /// Cap on entries returned by one search (the client's sizeLimit can only lower it). Default 500,000.
        public var sizeLimitCap: Int
        /// Cap on a search's run time in seconds (the client's timeLimit can only lower it). Default 60.
        public var timeLimitCapSeconds: Int
        /// Paged searches kept per connection. Default 8.
        public var maxPagedSearchesPerConnection: Int
        /// Changes a persistent search may have queued and unsent; a client further behind gets its
        /// search ended with `adminLimitExceeded` (writers never wait for it). Default 4,096.
        public var persistentSearchBacklog: Int = 4096

        public init(maxPDUSize: Int = 1 << 20, maxFilterDepth: Int = 64, maxNestingDepth: Int = 100,
                    maxConnections: Int = 1024, idleTimeoutSeconds: Int = 300, maxOperationsPerConnection: Int = 16,
                    sizeLimitCap: Int = 500_000, timeLimitCapSeconds: Int = 60, maxPagedSearchesPerConnection: Int = 8) {
            self.maxPDUSize = maxPDUSize
            self.maxFilterDepth = maxFilterDepth
            self.maxNestingDepth = maxNestingDepth
            self.maxConnections = maxConnections
            self.idleTimeoutSeconds = idleTimeoutSeconds
            self.maxOperationsPerConnection = maxOperationsPerConnection
            self.sizeLimitCap = sizeLimitCap
            self.timeLimitCapSeconds = timeLimitCapSeconds
            self.maxPagedSearchesPerConnection = maxPagedSearchesPerConnection
        }

        var decoding: LDAPDecodingLimits {
            LDAPDecodingLimits(maxPDUSize: maxPDUSize, maxNestingDepth: maxNestingDepth, maxFilterDepth: maxFilterDepth)
        }
    }

    /// Address to listen on (`127.0.0.1`, `::`, ...).
    public var host: String
    /// Port for `ldap://` (0 picks a free one; see ``LDAPServer/localPort``). Default 2170, BDII's port.
    public var port: Int
    /// Port for `ldaps://`, when ``tls`` is set.
    public var ldapsPort: Int?
    public var tls: TLS?
    public var limits: Limits
    /// A DN that may bind with ``rootPassword`` without an entry and write anywhere (like slapd's rootdn).
    public var rootDN: DistinguishedName?
    /// The root DN's password: a `{SSHA}`/`{SSHA256}`/`{SSHA512}` hash (``PasswordHash``, as `slappasswd`
    /// prints), or plaintext.
    public var rootPassword: String?
    /// Accounts that may bind with a hashed password and write only under their own subtrees.
    public var publishers: [Publisher] = []
    /// Whether writes are GLUE 2 validated (``GLUEWriteCheck``) on top of the schema check. Default true.
    public var validatesGLUE = true
    /// Delay before answering the first failed bind for a DN; each further failure in a row doubles it. Default 250 ms.
    public var failedBindDelay: Duration = .milliseconds(250)
    /// Longest delay before answering a failed bind. Default 8 s.
    public var failedBindMaxDelay: Duration = .seconds(8)
    /// Bytes of encoded results gathered before each write and flush. Default 64 KiB.
    public var writeBatchSize: Int

    public init(host: String = "127.0.0.1", port: Int = 2170, ldapsPort: Int? = nil, tls: TLS? = nil,
                limits: Limits = .init(), rootDN: DistinguishedName? = nil, rootPassword: String? = nil,
                writeBatchSize: Int = 64 << 10) {
        self.host = host
        self.port = port
        self.ldapsPort = ldapsPort
        self.tls = tls
        self.limits = limits
        self.rootDN = rootDN
        self.rootPassword = rootPassword
        self.writeBatchSize = writeBatchSize
    }
}
