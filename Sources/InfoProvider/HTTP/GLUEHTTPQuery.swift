// GVE — InfoProvider
// `GET /glue/...?filter=&base=&scope=` read into a search: the path walks down from `o=glue` one RDN per segment,
// `base` names a DN outright, `filter` is RFC 4515 text, `scope` is base, one or sub.
import Foundation
import Directory
public import LDAPCore

/// The path scheme of `/glue`.
public enum GLUEHTTPPath {
    /// `o=glue`.
    public static let defaultRoot = try! DistinguishedName("o=glue")

    /// The DN a path below `/glue` names: segments are RDNs from the root down (`/glue/GLUE2DomainID=s1` is
    /// `GLUE2DomainID=s1,o=glue`), percent-decoded.
    /// - Throws: ``GLUEHTTPError`` naming the segment that is not an RDN.
    public static func distinguishedName(segments: [String], root: DistinguishedName) throws(GLUEHTTPError) -> DistinguishedName {
        var dn = root
        for raw in segments where !raw.isEmpty {
            guard let segment = raw.removingPercentEncoding else { throw GLUEHTTPError(.badPath, "path segment \"\(raw)\" is not percent-encoded UTF-8") }
            let parsed: DistinguishedName
            do { parsed = try DistinguishedName(segment) } catch {
                throw GLUEHTTPError(.badPath, "path segment \"\(segment)\" is not an RDN: \(error)")
            }
            guard parsed.rdns.count == 1, let rdn = parsed.rdns.first else {
                throw GLUEHTTPError(.badPath, "path segment \"\(segment)\" must be one RDN (escape a comma as \\2C)")
            }
            dn = dn.child(rdn)
        }
        return dn
    }
}

/// A request the registry's HTTP side refuses, with its status.
public struct GLUEHTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let badPath = Code(rawValue: "InvalidPath")
        public static let badFilter = Code(rawValue: "InvalidFilter")
        public static let badBase = Code(rawValue: "InvalidBase")
        public static let badScope = Code(rawValue: "InvalidScope")
        public static let badParameter = Code(rawValue: "InvalidParameter")
        public static let notAcceptable = Code(rawValue: "NotAcceptable")
        public static let noSuchObject = Code(rawValue: "NoSuchObject")
        public static let notGLUE = Code(rawValue: "NotGLUE")
        public static let directoryError = Code(rawValue: "DirectoryError")
    }

    public var code: Code
    public var message: String
    /// For InvalidFilter: the character offset in the filter where parsing failed.
    public var offset: Int?

    public init(_ code: Code, _ message: String, offset: Int? = nil) {
        self.code = code
        self.message = message
        self.offset = offset
    }

    /// The HTTP status.
    public var status: Int {
        switch code {
        case .notAcceptable: 406
        case .noSuchObject: 404
        case .notGLUE, .directoryError: 500
        default: 400
        }
    }

    public static func == (a: GLUEHTTPError, b: GLUEHTTPError) -> Bool { a.code == b.code }
    public var description: String { "\(code.rawValue): \(message)" }
}

/// A parsed `GET /glue` request.
public struct GLUEHTTPQuery: Sendable {
    public var base: DistinguishedName
    public var scope: SearchScope
    public var filter: LDAPFilter
    public var representation: GLUERepresentation

    /// Reads a request.
    /// - Parameters:
    ///   - segments: the path segments after `/glue`.
    ///   - parameters: the query parameters (`filter`, `base`, `scope`).
    ///   - accept: the Accept field.
    /// - Throws: ``GLUEHTTPError``: a bad filter names its offset; an unknown parameter is refused by name.
    public init(segments: [String], parameters: [String: String], accept: String?,
                configuration: RegistryHTTPConfiguration) throws(GLUEHTTPError) {
        if let unknown = parameters.keys.sorted().first(where: { !["filter", "base", "scope"].contains($0) }) {
            throw GLUEHTTPError(.badParameter, "unknown query parameter \"\(unknown)\" (filter, base and scope are known)")
        }
        guard let representation = GLUERepresentation.negotiate(accept: accept) else {
            throw GLUEHTTPError(.notAcceptable, "none of \"\(accept ?? "")\" is offered: "
                                + GLUERepresentation.allCases.map(\.mediaType).joined(separator: ", "))
        }
        self.representation = representation
        if let b = parameters["base"] {
            guard segments.allSatisfy(\.isEmpty) else { throw GLUEHTTPError(.badBase, "give the base either as a path or as ?base=, not both") }
            do { base = try DistinguishedName(b) } catch { throw GLUEHTTPError(.badBase, "base \"\(b)\" is not a DN: \(error)") }
        } else {
            base = try GLUEHTTPPath.distinguishedName(segments: segments, root: configuration.root)
        }
        switch parameters["scope"]?.lowercased() {
        case nil, "sub", "subtree": scope = .wholeSubtree
        case "one", "onelevel": scope = .singleLevel
        case "base": scope = .baseObject
        case let other?: throw GLUEHTTPError(.badScope, "scope \"\(other)\" is not base, one or sub")
        }
        if let text = parameters["filter"], !text.isEmpty {
            guard text.count <= configuration.maximumFilterLength else {
                throw GLUEHTTPError(.badFilter, "filter is longer than \(configuration.maximumFilterLength) characters")
            }
            do {
                filter = try LDAPFilter(text, maxDepth: configuration.maximumFilterDepth)
            } catch {
                throw GLUEHTTPError(.badFilter, "\(error)", offset: error.offset)
            }
        } else {
            filter = .present(attribute: "objectClass")
        }
    }
}
