// GVE — GLUEModel
// The GLUE 2 JSON rendering: `{ "<Class>": [ { "ID": ..., ..., "Associations": { ... } } ] }`.
public import Foundation

/// JSON: one array of entity objects per class name (`ComputingService`, `CloudComputingImage`, ...),
/// classes with no entities omitted. Keys are the GLUE attribute names of the XML rendering (`ID`,
/// `Name`, `URL`, `MainMemorySize`); foreign keys sit in an `Associations` object (`ServiceID`,
/// `ManagerID`, ...); integers and reals are JSON numbers, booleans JSON booleans, multi-valued
/// attributes arrays, times `YYYY-MM-DDTHH:MM:SSZ` strings.
extension GLUEDocument: Codable {
    struct ClassKey: CodingKey {
        var stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: ClassKey.self)
        for group in entityGroups where !group.isEmpty {
            let name = type(of: group[0]).glueClass.name
            try container.encode(group.map { Self.jsonObject($0) }, forKey: ClassKey(stringValue: name))
        }
    }

    public init(from decoder: any Decoder) throws {
        self.init()
        let container = try decoder.container(keyedBy: ClassKey.self)
        for key in container.allKeys {
            let objects = try container.decode([[String: GLUEJSONValue]].self, forKey: key)
            switch key.stringValue {
            case Location.glueClass.name: locations = try Self.decode(objects)
            case Contact.glueClass.name: contacts = try Self.decode(objects)
            case AdminDomain.glueClass.name: adminDomains = try Self.decode(objects)
            case ComputingService.glueClass.name: computingServices = try Self.decode(objects)
            case ComputingEndpoint.glueClass.name: computingEndpoints = try Self.decode(objects)
            case ComputingShare.glueClass.name: computingShares = try Self.decode(objects)
            case ComputingManager.glueClass.name: computingManagers = try Self.decode(objects)
            case ExecutionEnvironment.glueClass.name: executionEnvironments = try Self.decode(objects)
            case AccessPolicy.glueClass.name: accessPolicies = try Self.decode(objects)
            case MappingPolicy.glueClass.name: mappingPolicies = try Self.decode(objects)
            case Benchmark.glueClass.name: benchmarks = try Self.decode(objects)
            case ApplicationEnvironment.glueClass.name: applicationEnvironments = try Self.decode(objects)
            case CloudComputingService.glueClass.name: cloudComputingServices = try Self.decode(objects)
            case CloudComputingEndpoint.glueClass.name: cloudComputingEndpoints = try Self.decode(objects)
            case CloudComputingShare.glueClass.name: cloudComputingShares = try Self.decode(objects)
            case CloudComputingManager.glueClass.name: cloudComputingManagers = try Self.decode(objects)
            case CloudComputingInstanceType.glueClass.name: cloudComputingInstanceTypes = try Self.decode(objects)
            case CloudComputingImage.glueClass.name: cloudComputingImages = try Self.decode(objects)
            case CloudComputingInstance.glueClass.name: cloudComputingInstances = try Self.decode(objects)
            default:
                throw GLUEModelError(.invalidDocument, "unknown GLUE class \"\(key.stringValue)\" in JSON document")
            }
        }
    }

    static func jsonScalar(_ s: String, _ kind: GLUEValueKind) -> GLUEJSONValue {
        switch kind {
        case .integer: Int(s).map(GLUEJSONValue.integer) ?? .string(s)
        case .real: Double(s).map(GLUEJSONValue.number) ?? .string(s)
        case .boolean: Bool(glueString: s).map(GLUEJSONValue.bool) ?? .string(s)
        default: .string(s)
        }
    }

    static func jsonObject<E: GLUEEntity>(_ entity: E) -> [String: GLUEJSONValue] {
        var object: [String: GLUEJSONValue] = [:]
        var associations: [String: GLUEJSONValue] = [:]
        for field in E.fields {
            let d = field.descriptor
            guard let key = d.jsonKey else { continue }
            let values = field.get(entity)
            if values.isEmpty { continue }
            let value: GLUEJSONValue = d.isMultiValued
                ? .array(values.map { jsonScalar($0, d.kind) }) : jsonScalar(values[0], d.kind)
            switch d.xml {
            case .association, .jsonAssociation: associations[key] = value
            default: object[key] = value
            }
        }
        if !associations.isEmpty { object["Associations"] = .object(associations) }
        return object
    }

    static func decode<E: GLUEEntity>(_ objects: [[String: GLUEJSONValue]]) throws(GLUEModelError) -> [E] {
        try objects.map { (o) throws(GLUEModelError) -> E in try entity(from: o) }
    }

    /// One entity from its JSON object.
    /// - Throws: ``GLUEModelError`` (`missingAttribute`, `invalidValue`) naming the entity's ID and key.
    static func entity<E: GLUEEntity>(from object: [String: GLUEJSONValue]) throws(GLUEModelError) -> E {
        var associations: [String: GLUEJSONValue] = [:]
        if case .object(let a)? = object["Associations"] { associations = a }
        var value = E()
        let id: String = {
            if case .string(let s)? = object["ID"] { return s }
            return "?"
        }()
        for field in E.fields {
            let d = field.descriptor
            guard let key = d.jsonKey else { continue }
            let raw: GLUEJSONValue?
            switch d.xml {
            case .association, .jsonAssociation: raw = associations[key]
            default: raw = object[key]
            }
            var strings: [String] = []
            switch raw {
            case .array(let items)?: strings = items.compactMap(\.glueString)
            case let scalar?: strings = scalar.glueString.map { [$0] } ?? []
            case nil: break
            }
            if strings.isEmpty {
                if d.isRequired {
                    throw GLUEModelError(.missingAttribute, "\(E.glueClass.name) lacks mandatory \"\(key)\"", entry: id, attribute: key)
                }
                continue
            }
            do {
                try field.set(&value, strings)
            } catch {
                throw GLUEModelError(.invalidValue, "\"\(key)\" value \"\(error.value)\" is not \(error.expected)",
                                     entry: id, attribute: key)
            }
        }
        return value
    }

    /// The document as JSON (sorted keys, so equal documents give equal bytes).
    public func jsonData(prettyPrinted: Bool = false) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = prettyPrinted ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// A document from JSON.
    /// - Throws: `DecodingError` for malformed JSON, ``GLUEModelError`` for GLUE-level problems.
    public init(jsonData: Data) throws {
        self = try JSONDecoder().decode(GLUEDocument.self, from: jsonData)
    }
}
