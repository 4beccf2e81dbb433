// GVE — LDAPProtocol
// BER form of search filters (RFC 4511 §4.5.1.7) for LDAPCore's typed filter tree.

public import LDAPCore
public import NIOCore

extension LDAPFilter {
    /// Decodes one complete filter element (tag included) from `bytes`.
    ///
    /// ```
    /// Filter ::= CHOICE {
    ///      and             [0] SET SIZE (1..MAX) OF filter Filter,
    ///      or              [1] SET SIZE (1..MAX) OF filter Filter,
    ///      not             [2] Filter,
    ///      equalityMatch   [3] AttributeValueAssertion,
    ///      substrings      [4] SubstringFilter,
    ///      greaterOrEqual  [5] AttributeValueAssertion,
    ///      lessOrEqual     [6] AttributeValueAssertion,
    ///      present         [7] AttributeDescription,
    ///      approxMatch     [8] AttributeValueAssertion,
    ///      extensibleMatch [9] MatchingRuleAssertion,
    ///      ...  }
    /// SubstringFilter ::= SEQUENCE {
    ///      type           AttributeDescription,
    ///      substrings     SEQUENCE SIZE (1..MAX) OF substring CHOICE {
    ///           initial [0] AssertionValue,  -- can occur at most once
    ///           any     [1] AssertionValue,
    ///           final   [2] AssertionValue } -- can occur at most once }
    /// MatchingRuleAssertion ::= SEQUENCE {
    ///      matchingRule    [1] MatchingRuleId OPTIONAL,
    ///      type            [2] AttributeDescription OPTIONAL,
    ///      matchValue      [3] AssertionValue,
    ///      dnAttributes    [4] BOOLEAN DEFAULT FALSE }
    /// ```
    /// Empty `and`/`or` sets are accepted as the absolute true and false filters of RFC 4526.
    /// - Throws: ``LDAPProtocolError`` (`filterTooDeep` beyond `limits.maxFilterDepth`, `trailingBytes`, ...).
    public init(ber bytes: ByteBuffer, limits: LDAPDecodingLimits = .init()) throws(LDAPProtocolError) {
        var reader = BERReader(bytes, limits: limits, depth: 0)
        try self.init(reading: &reader, filterDepth: 1)
        try reader.finish("filter")
    }

    /// Reads the next element of `reader` as a filter at nesting depth `filterDepth` (1 for the outermost).
    public init(reading reader: inout BERReader, filterDepth: Int) throws(LDAPProtocolError) {
        guard filterDepth <= reader.limits.maxFilterDepth else {
            throw LDAPProtocolError(.filterTooDeep, "filter nested deeper than \(reader.limits.maxFilterDepth) levels")
        }
        let (tag, contents) = try reader.readAny()
        switch tag {
        case BER.contextConstructed(0), BER.contextConstructed(1):
            var r = try reader.child(contents, "filter set")
            var items: [LDAPFilter] = []
            while !r.isAtEnd { items.append(try LDAPFilter(reading: &r, filterDepth: filterDepth + 1)) }
            self = tag == BER.contextConstructed(0) ? .and(items) : .or(items)
        case BER.contextConstructed(2):
            var r = try reader.child(contents, "not filter")
            let inner = try LDAPFilter(reading: &r, filterDepth: filterDepth + 1)
            try r.finish("not filter")
            self = .not(inner)
        case BER.contextConstructed(3), BER.contextConstructed(5), BER.contextConstructed(6), BER.contextConstructed(8):
            var r = try reader.child(contents, "AttributeValueAssertion")
            let attr = try r.readString("attributeDesc")
            let value = try r.readOctets("assertionValue")
            try r.finish("AttributeValueAssertion")
            switch tag {
            case BER.contextConstructed(3): self = .equalityMatch(attribute: attr, value: value)
            case BER.contextConstructed(5): self = .greaterOrEqual(attribute: attr, value: value)
            case BER.contextConstructed(6): self = .lessOrEqual(attribute: attr, value: value)
            default: self = .approxMatch(attribute: attr, value: value)
            }
        case BER.contextConstructed(4):
            var r = try reader.child(contents, "SubstringFilter")
            let attr = try r.readString("substring type")
            var s = try r.readConstructed(BER.sequence, "substrings")
            try r.finish("SubstringFilter")
            var initial: [UInt8]?
            var any: [[UInt8]] = []
            var final: [UInt8]?
            var count = 0
            while !s.isAtEnd {
                let (t, c) = try s.readAny()
                let value = Array(c.readableBytesView)
                switch t {
                case BER.context(0):
                    guard count == 0 else { throw LDAPProtocolError(.invalidValue, "substring initial must come first") }
                    initial = value
                case BER.context(1):
                    guard final == nil else { throw LDAPProtocolError(.invalidValue, "substring any after final") }
                    any.append(value)
                case BER.context(2):
                    guard final == nil else { throw LDAPProtocolError(.invalidValue, "substring final occurs twice") }
                    final = value
                default:
                    throw LDAPProtocolError(.unexpectedTag, "substring choice has tag \(BER.tagName(t))")
                }
                count += 1
            }
            guard count > 0 else { throw LDAPProtocolError(.invalidValue, "SubstringFilter has no substrings") }
            self = .substrings(attribute: attr, initial: initial, any: any, final: final)
        case BER.context(7):
            self = .present(attribute: try BERReader.string(contents, "present attribute"))
        case BER.contextConstructed(9):
            var r = try reader.child(contents, "MatchingRuleAssertion")
            let rule = try r.readOptional(BER.context(1), "matchingRule").map { (b) throws(LDAPProtocolError) in try BERReader.string(b, "matchingRule") }
            let type = try r.readOptional(BER.context(2), "type").map { (b) throws(LDAPProtocolError) in try BERReader.string(b, "type") }
            let value = try r.readOctets(BER.context(3), "matchValue")
            var dnAttributes = false
            if r.peekTag() == BER.context(4) { dnAttributes = try r.readBoolean(BER.context(4), "dnAttributes") }
            try r.finish("MatchingRuleAssertion")
            guard rule != nil || type != nil else {
                throw LDAPProtocolError(.invalidValue, "MatchingRuleAssertion has neither matchingRule nor type")
            }
            self = .extensibleMatch(matchingRule: rule, attribute: type, value: value, dnAttributes: dnAttributes)
        default:
            throw LDAPProtocolError(.unexpectedTag, "filter has unknown tag \(BER.tagName(tag))")
        }
    }

    /// Writes the filter element (tag included).
    public func serialize(into buffer: inout ByteBuffer) {
        switch self {
        case .and(let items), .or(let items):
            let tag: UInt8 = if case .and = self { BER.contextConstructed(0) } else { BER.contextConstructed(1) }
            buffer.writeBERElement(tag: tag) { b in for f in items { f.serialize(into: &b) } }
        case .not(let inner):
            buffer.writeBERElement(tag: BER.contextConstructed(2)) { b in inner.serialize(into: &b) }
        case .equalityMatch(let a, let v): Self.writeAVA(BER.contextConstructed(3), a, v, &buffer)
        case .greaterOrEqual(let a, let v): Self.writeAVA(BER.contextConstructed(5), a, v, &buffer)
        case .lessOrEqual(let a, let v): Self.writeAVA(BER.contextConstructed(6), a, v, &buffer)
        case .approxMatch(let a, let v): Self.writeAVA(BER.contextConstructed(8), a, v, &buffer)
        case .substrings(let a, let initial, let any, let final):
            buffer.writeBERElement(tag: BER.contextConstructed(4)) { b in
                b.writeBERString(a)
                b.writeBERElement(tag: BER.sequence) { b in
                    if let initial { b.writeBEROctets(tag: BER.context(0), initial) }
                    for x in any { b.writeBEROctets(tag: BER.context(1), x) }
                    if let final { b.writeBEROctets(tag: BER.context(2), final) }
                }
            }
        case .present(let a):
            buffer.writeBERString(tag: BER.context(7), a)
        case .extensibleMatch(let rule, let type, let value, let dnAttributes):
            buffer.writeBERElement(tag: BER.contextConstructed(9)) { b in
                if let rule { b.writeBERString(tag: BER.context(1), rule) }
                if let type { b.writeBERString(tag: BER.context(2), type) }
                b.writeBEROctets(tag: BER.context(3), value)
                if dnAttributes { b.writeBERBoolean(tag: BER.context(4), true) }
            }
        }
    }

    static func writeAVA(_ tag: UInt8, _ attribute: String, _ value: [UInt8], _ buffer: inout ByteBuffer) {
        buffer.writeBERElement(tag: tag) { b in
            b.writeBERString(attribute)
            b.writeBEROctets(value)
        }
    }
}
