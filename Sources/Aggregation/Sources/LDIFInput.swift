// GVE — Aggregation
// The one place where source output (LDIF bytes) becomes entries and change records, through the LDIF
// module's RFC 2849 reader.

public import LDAPCore
import LDIF

/// Turns source output into values.
public enum LDIFInput {
    /// Reader options for source output: `:<` URL values are refused (a provider must not make the
    /// registry read local files), other limits are LDIFReader's defaults.
    static let configuration = LDIFReader.Configuration(urlPolicy: .refuse)

    /// Parses content records (what LDIF files and providers print). A `changetype: add` record counts
    /// as an entry; any other change record is an error.
    /// - Parameters:
    ///   - bytes: the LDIF text.
    ///   - source: the source's name, for error messages.
    /// - Returns: the entries in input order.
    /// - Throws: ``AggregationError`` `.invalidLDIF` naming the source, line and column.
    public static func entries(from bytes: [UInt8], source: String) throws(AggregationError) -> [LDAPEntry] {
        var reader = LDIFReader(bytes: bytes, configuration: configuration)
        var entries: [LDAPEntry] = []
        while true {
            let record: LDIFRecord?
            do { record = try reader.next() } catch { throw invalid(source, error) }
            guard let record else { return entries }
            switch record {
            case .content(let entry): entries.append(entry)
            case .change(let change):
                guard case .add(let attributes) = change.operation else {
                    throw AggregationError(.invalidLDIF, "\(source):\(reader.recordLine): change record for \(change.dn) where an entry was expected")
                }
                entries.append(LDAPEntry(dn: change.dn, attributes: attributes))
            }
        }
    }

    /// Parses change records (what plugins print). A content record is an add.
    /// - Throws: ``AggregationError`` `.invalidLDIF` naming the source, line and column.
    public static func changes(from bytes: [UInt8], source: String) throws(AggregationError) -> [LDAPChange] {
        let records: [LDIFRecord]
        do { records = try LDIFReader.parse(bytes: bytes, configuration: configuration) } catch { throw invalid(source, error) }
        return records.map { record in
            switch record {
            case .content(let entry): return .add(entry)
            case .change(let change):
                switch change.operation {
                case .add(let attributes): return .add(LDAPEntry(dn: change.dn, attributes: attributes))
                case .delete: return .delete(change.dn)
                case .modify(let mods): return .modify(change.dn, mods)
                case .modifyDN(let rdn, let deleteOld, let superior):
                    return .modifyDN(change.dn, newRDN: rdn, deleteOldRDN: deleteOld, newSuperior: superior)
                }
            }
        }
    }

    static func invalid(_ source: String, _ error: LDIFError) -> AggregationError {
        AggregationError(.invalidLDIF, "\(source):\(error.line):\(error.column): \(error.message)", cause: error)
    }
}
