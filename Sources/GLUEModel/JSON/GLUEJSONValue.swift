// GVE — GLUEModel
// A JSON value for the GLUE 2 JSON rendering's dynamic keys.

/// A JSON value (the GLUE 2 JSON rendering has keys that vary by class, so entities are coded through this).
public enum GLUEJSONValue: Sendable, Hashable, Codable {
    case string(String)
    case integer(Int)
    case number(Double)
    case bool(Bool)
    case array([GLUEJSONValue])
    case object([String: GLUEJSONValue])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .integer(i) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([GLUEJSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: GLUEJSONValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .integer(let i): try c.encode(i)
        case .number(let d): try c.encode(d)
        case .bool(let b): try c.encode(b)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    /// The canonical GLUE (LDAP) string of a scalar, nil for arrays and objects.
    var glueString: String? {
        switch self {
        case .string(let s): s
        case .integer(let i): String(i)
        case .number(let d): Double.init(glueString: String(d)).map(\.glueString) ?? String(d)
        case .bool(let b): b ? "TRUE" : "FALSE"
        case .array, .object: nil
        }
    }
}
