// GVE — InfoProvider
// The representations `GET /glue` offers and the choice among them from an Accept field (RFC 9110 §12.5.1).

/// A representation of registry entries over HTTP.
public enum GLUERepresentation: String, Sendable, CaseIterable {
    /// The GLUE 2 JSON rendering (``GLUEModel/GLUEDocument`` as JSON), the default.
    case json
    /// The GLUE 2 XML rendering (the GLUE 2.0 XSD's namespace).
    case xml
    /// The entries as LDAP has them: `[{"dn": …, "attributes": {name: [values]}}]`.
    case ldapJSON

    /// The media type this representation is sent as.
    public var mediaType: String {
        switch self {
        case .json: "application/json"
        case .xml: "application/xml"
        case .ldapJSON: "application/vnd.gve.ldap+json"
        }
    }

    /// Media types (lower case) each representation answers to; the first is what is sent.
    static let accepted: [(String, GLUERepresentation)] = [
        ("application/json", .json), ("application/xml", .xml), ("text/xml", .xml), ("application/vnd.gve.ldap+json", .ldapJSON),
    ]

    /// Chooses by the Accept field (RFC 9110 §12.5.1): each offered type takes the weight of the most specific range
    /// that matches it; the highest weight above 0 wins (ties: the range listed first, then JSON, XML, LDAP JSON).
    /// No field means JSON.
    /// - Returns: nil when nothing offered is acceptable (HTTP 406).
    public static func negotiate(accept: String?) -> GLUERepresentation? {
        guard let accept, !accept.trimmingCharacters(in: .whitespaces).isEmpty else { return .json }
        var ranges: [(range: String, weight: Double)] = []
        for part in accept.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let range = pieces.first, !range.isEmpty else { continue }
            var weight = 1.0
            for p in pieces.dropFirst() where p.hasPrefix("q=") { weight = min(1, max(0, Double(p.dropFirst(2)) ?? 0)) }
            ranges.append((range, weight))
        }
        var best: (representation: GLUERepresentation, weight: Double, order: Int)?
        for (offer, (mediaType, representation)) in accepted.enumerated() {
            let type = mediaType.prefix { $0 != "/" }
            var match: (specificity: Int, weight: Double, order: Int)?
            for (order, r) in ranges.enumerated() {
                let specificity: Int
                if r.range == mediaType { specificity = 2 }
                else if r.range == "\(type)/*" { specificity = 1 }
                else if r.range == "*/*" { specificity = 0 }
                else { continue }
                if match == nil || specificity > match!.specificity { match = (specificity, r.weight, order) }
            }
            guard let match, match.weight > 0 else { continue }
            // `*/*` alone stands for the default (JSON), not for every offer.
            if match.specificity == 0 && representation != .json { continue }
            let rank = match.order * accepted.count + offer
            if best == nil || match.weight > best!.weight || (match.weight == best!.weight && rank < best!.order) {
                best = (representation, match.weight, rank)
            }
        }
        return best?.representation
    }
}
