// GVE — SOAP
// Checks made on raw bytes before any XML parser sees them.
import Foundation

/// Limits applied when reading a SOAP message.
public struct SOAPParserConfiguration: Sendable, Hashable {
    /// Largest accepted message, in bytes. Default 1 MiB.
    public var maximumSize: Int
    /// Deepest accepted element nesting, the `Envelope` counting as 1. Default 64.
    public var maximumDepth: Int

    /// Creates a configuration.
    public init(maximumSize: Int = 1 << 20, maximumDepth: Int = 64) {
        self.maximumSize = maximumSize
        self.maximumDepth = maximumDepth
    }
}

/// Byte-level guards: size, encoding, and the ban on markup declarations.
enum XMLSafety {
    /// Throws unless the bytes are small enough, UTF-8, and free of `<!DOCTYPE`, `<!ENTITY` and every other `<!…`
    /// declaration except comments and CDATA sections, and of processing instructions other than the XML
    /// declaration (SOAP 1.1 §3 and SOAP 1.2 part 1 §5 forbid them; FoundationXML's parser also crashes on
    /// one without data, `<?p?>`: FuzzTesting/FailCases/FuzzSOAP/crash-empty-processing-instruction).
    ///
    /// SOAP 1.1 §3 says a message must not contain a DTD; SOAP 1.2 part 1 §5 says the infoset must not have a
    /// document type declaration. Refusing them before parsing defeats XXE and entity expansion (billion laughs).
    static func check(_ data: Data, configuration: SOAPParserConfiguration) throws {
        if data.count > configuration.maximumSize {
            throw SOAPError(.tooLarge, "message is \(data.count) bytes; the limit is \(configuration.maximumSize)")
        }
        if data.isEmpty { throw SOAPError(.malformedXML, "message is empty") }
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            let n = bytes.count
            if n >= 2, (bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE) {
                throw SOAPError(.unsupportedEncoding, "UTF-16 byte order mark: only UTF-8 messages are accepted")
            }
            var i = 0
            var line = 1
            var column = 1
            while i < n {
                let b = bytes[i]
                if b == 0 {
                    throw SOAPError(.unsupportedEncoding, "NUL byte at line \(line), column \(column): only UTF-8 messages are accepted")
                }
                if b == UInt8(ascii: "<"), i + 1 < n, bytes[i + 1] == UInt8(ascii: "!") {
                    if matches(bytes, at: i + 2, "--") || matches(bytes, at: i + 2, "[CDATA[") {
                        // Comments and CDATA are allowed; skip to their end so their content is not scanned.
                        let terminator = matches(bytes, at: i + 2, "--") ? "-->" : "]]>"
                        var j = i + 2
                        while j < n && !matches(bytes, at: j, terminator) { j += 1 }
                        i = j
                        continue
                    }
                    var word = ""
                    var j = i + 2
                    while j < n, word.count < 12, bytes[j] >= 0x41, bytes[j] <= 0x7A { word.append(Character(UnicodeScalar(bytes[j]))); j += 1 }
                    let what = word.isEmpty ? "markup declaration" : "<!\(word)"
                    throw SOAPError(.forbiddenDeclaration,
                                    "\(what) at line \(line), column \(column): SOAP messages must not contain a DTD or entity declarations")
                }
                if b == UInt8(ascii: "<"), i + 1 < n, bytes[i + 1] == UInt8(ascii: "?") {
                    // Only the XML declaration, first in the document (after a UTF-8 byte order mark).
                    let start = n >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
                    let isDeclaration = i == start && matches(bytes, at: i + 2, "xml") && i + 5 < n
                        && (bytes[i + 5] == 0x20 || bytes[i + 5] == 0x09 || bytes[i + 5] == 0x0D || bytes[i + 5] == 0x0A)
                    if !isDeclaration {
                        throw SOAPError(.forbiddenDeclaration,
                                        "processing instruction at line \(line), column \(column): SOAP messages must not contain processing instructions")
                    }
                }
                if b == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
                i += 1
            }
        }
        if String(data: data, encoding: .utf8) == nil {
            throw SOAPError(.unsupportedEncoding, "message is not valid UTF-8")
        }
    }

    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, _ literal: String) -> Bool {
        let utf8 = Array(literal.utf8)
        guard index + utf8.count <= bytes.count else { return false }
        for k in 0..<utf8.count where bytes[index + k] != utf8[k] { return false }
        return true
    }
}
