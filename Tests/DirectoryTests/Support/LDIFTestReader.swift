// GVE — DirectoryTests
// Content records of an LDIF file through the LDIF module's reader.
import LDAPCore
import LDIF

struct LDIFTestReader {
    var entries: [LDAPEntry] = []

    init(path: String) throws {
        var reader = try LDIFReader(path: path)
        while let r = try reader.next() {
            if case .content(let e) = r { entries.append(e) }
        }
    }
}
