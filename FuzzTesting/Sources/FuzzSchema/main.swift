// GVE — FuzzSchema: libFuzzer entry point for the OpenLDAP schema-file parser.
//
// For any input: parsing must not crash (it returns a schema or a SchemaError), and when it
// succeeds, every definition published in the subschema entry must parse back to itself.

import CLibFuzzer
import LDAPCore
import LDAPSchema

@_cdecl("FuzzSchema_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        guard let data else { return 0 }
        return fuzzSchema(data, size)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSchema(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    guard let schema = try? Schema(texts: [(text, "fuzz.schema")]) else { return 0 }
    let entry = schema.subschemaEntry()
    let published = entry.strings("attributeTypes").map { "attributetype \($0)" }
        + entry.strings("objectClasses").map { "objectclass \($0)" }
    do {
        let again = try Schema(texts: [(published.joined(separator: "\n"), "published")])
        precondition(again.attributeTypes.map(\.definition) == schema.attributeTypes.map(\.definition), "attribute types changed in round trip")
        precondition(again.objectClasses.map(\.definition) == schema.objectClasses.map(\.definition), "object classes changed in round trip")
    } catch {
        preconditionFailure("published definitions do not parse: \(error)")
    }
    return 0
}
