// GVE — LDIF
// Reader options: how `:<` URL values are treated and the limits that bound memory.

extension LDIFParser {
    /// Options for reading LDIF. Every limit is explicit so that hostile input cannot make the
    /// reader hold more than a few of these sizes in memory.
    public struct Configuration: Sendable {
        /// What to do with `attr:< URL` values (RFC 2849 §4, "value-spec").
        public enum URLPolicy: Sendable {
            /// Refuse every URL value with an ``LDIFError/Code/url`` error (the default: reading a
            /// file named by untrusted input is a disclosure risk).
            case refuse
            /// Read `file://` URLs (absolute paths, `%XX` escapes decoded) up to ``Configuration/maxURLValueSize``;
            /// refuse every other scheme.
            case allowFile
            /// Let the caller resolve each URL to the value's bytes; a thrown error becomes an
            /// ``LDIFError/Code/url`` error that names the URL.
            case resolve(@Sendable (String) throws -> [UInt8])
        }

        /// How `:<` values are handled. Default ``URLPolicy/refuse``.
        public var urlPolicy: URLPolicy
        /// Longest logical (unfolded) line in bytes. Default 16 MiB.
        public var maxLineLength: Int
        /// Most attribute values (or modification values) in one record. Default 1,048,576.
        public var maxValuesPerRecord: Int
        /// Largest value read through a `file://` URL. Default 16 MiB.
        public var maxURLValueSize: Int

        /// Creates a configuration; every parameter has the documented default.
        public init(
            urlPolicy: URLPolicy = .refuse,
            maxLineLength: Int = 16 << 20,
            maxValuesPerRecord: Int = 1 << 20,
            maxURLValueSize: Int = 16 << 20
        ) {
            self.urlPolicy = urlPolicy
            self.maxLineLength = maxLineLength
            self.maxValuesPerRecord = maxValuesPerRecord
            self.maxURLValueSize = maxURLValueSize
        }
    }
}
