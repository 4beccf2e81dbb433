// GVE — GLUEModelTests
// A minimal RFC 2849 content-record writer for feeding ldapadd in tests (the LDIF module is tested
// on its own; this keeps the GLUE tests independent of it).
import Foundation
import LDAPCore

enum TestLDIF {
    static func line(_ name: String, _ value: [UInt8]) -> String {
        let safe = !value.isEmpty ? value.allSatisfy { $0 >= 0x20 && $0 < 0x7F } && value[0] != 0x20 && value[0] != 0x3A
            && value[0] != 0x3C && value.last != 0x20 : true
        return safe ? "\(name): \(String(decoding: value, as: UTF8.self))" : "\(name):: \(Data(value).base64EncodedString())"
    }

    static func render<S: Sequence<LDAPEntry>>(_ entries: S) -> String {
        var out = ""
        for e in entries {
            out += line("dn", Array(e.dn.description.utf8)) + "\n"
            for a in e.attributes { for v in a.values { out += line(a.name, v) + "\n" } }
            out += "\n"
        }
        return out
    }
}
