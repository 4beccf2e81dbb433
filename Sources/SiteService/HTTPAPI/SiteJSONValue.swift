// GVE — SiteService
// A JSON value for the JSON API: requests are read through it (so each field gets a precise error) and answers are
// built from it (so the wire names are spelled in one place, ``SiteJSONCodec``).
import Foundation

/// A JSON value (RFC 8259).
public enum SiteJSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([SiteJSONValue])
    case object([String: SiteJSONValue])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .integer(i) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([SiteJSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: SiteJSONValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .integer(let i): try c.encode(i)
        case .number(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    /// Parses a request body.
    /// - Throws: ``SiteError`` `InvalidRequest` naming the body when it is not JSON.
    public init(body: Data) throws {
        do {
            self = try JSONDecoder().decode(SiteJSONValue.self, from: body)
        } catch let DecodingError.dataCorrupted(context) {
            let underlying = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
            throw SiteError.invalid("body", "not JSON: \(underlying ?? context.debugDescription)")
        } catch {
            throw SiteError.invalid("body", "not JSON: \(error)")
        }
    }

    /// Compact JSON with sorted keys (equal values give equal bytes).
    public var data: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data("null".utf8)
    }

    /// The member `key` of an object (nil for other values or a missing key).
    public subscript(key: String) -> SiteJSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// The JSON type name, for error messages.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer, .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

extension SiteJSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
                         ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: SiteJSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, SiteJSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, b in b }))
    }
}
