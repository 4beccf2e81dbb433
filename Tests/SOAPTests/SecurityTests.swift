// GVE — SOAPTests
import Foundation
import Testing
@testable import SOAP

@Suite struct SecurityTests {
    private func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    /// SHA-1 matches the FIPS 180-4 example vectors (and the million-'a' vector).
    @Test func sha1MatchesStandardVectors() {
        #expect(hex(SHA1.hash(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(hex(SHA1.hash([UInt8]())) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(hex(SHA1.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
            == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        #expect(hex(SHA1.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)))
            == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    /// PasswordDigest = Base64(SHA-1(nonce + created + password)); the vector is computed independently with Python's hashlib.
    @Test func passwordDigestMatchesReferenceVector() {
        // python3 -c 'import hashlib,base64; print(base64.b64encode(hashlib.sha1(bytes(range(16))+b"2026-11-25T10:00:00Z"+b"s3cret").digest()))'
        let digest = UsernameToken.computeDigest(nonce: Data(0..<16), created: "2026-11-25T10:00:00Z", password: "s3cret")
        #expect(digest == "q3A5doWdvYlZiwUvrxG6Ng9ksFE=")
    }

    /// A digest token verifies with the right password only.
    @Test func digestTokenVerifiesOnlyWithRightPassword() throws {
        let token = UsernameToken.digest(username: "bob", password: "pw", nonce: Data([1, 2, 3, 4]), created: Date(timeIntervalSince1970: 1_800_000_000))
        let env = SOAPEnvelope(version: .soap11, headerBlocks: [token.securityHeader()], body: SOAPElement("x", namespace: "urn:t"))
        let parsed = try #require(try UsernameToken(header: try SOAPEnvelope(data: env.serialized()).header))
        #expect(parsed.passwordType == .digest)
        #expect(parsed.verify(clearPassword: "pw"))
        #expect(!parsed.verify(clearPassword: "pW"))
        #expect(parsed.createdDate == Date(timeIntervalSince1970: 1_800_000_000))
    }

    /// A zeep-shaped digest header (prefixed wsse/wsu, microsecond Created) parses and verifies.
    @Test func parsesZeepStyleHeader() throws {
        let created = "2026-11-25T10:00:00.123456+00:00"
        let nonce = Data("0123456789abcdef".utf8)
        let digest = UsernameToken.computeDigest(nonce: nonce, created: created, password: "pw")
        let xml = """
        <soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/"><soap-env:Header>\
        <wsse:Security xmlns:wsse="\(SOAPNamespace.wsse)"><wsse:UsernameToken>\
        <wsse:Username>carol</wsse:Username>\
        <wsse:Password Type="\(UsernameToken.passwordDigestURI)">\(digest)</wsse:Password>\
        <wsse:Nonce EncodingType="\(UsernameToken.base64BinaryURI)">\(nonce.base64EncodedString())</wsse:Nonce>\
        <wsu:Created xmlns:wsu="\(SOAPNamespace.wsu)">\(created)</wsu:Created>\
        </wsse:UsernameToken></wsse:Security></soap-env:Header><soap-env:Body><x/></soap-env:Body></soap-env:Envelope>
        """
        let token = try #require(try UsernameToken(header: try SOAPEnvelope(data: Data(xml.utf8)).header))
        #expect(token.username == "carol")
        #expect(token.verify(clearPassword: "pw"))
        #expect(token.createdDate != nil)
    }

    /// Tokens missing required parts are refused with the part named.
    @Test func rejectsIncompleteTokens() {
        func token(_ inner: String) -> SOAPElement {
            let xml = "<Envelope xmlns=\"http://schemas.xmlsoap.org/soap/envelope/\"><Header><Security xmlns=\"\(SOAPNamespace.wsse)\"><UsernameToken>\(inner)</UsernameToken></Security></Header><Body><x/></Body></Envelope>"
            return try! SOAPEnvelope(data: Data(xml.utf8)).header!
        }
        #expect(throws: SOAPError(.malformedSecurityToken, "")) { try UsernameToken(header: token("<Password>x</Password>")) }
        #expect(throws: SOAPError(.malformedSecurityToken, "")) { try UsernameToken(header: token("<Username>u</Username>")) }
        #expect(throws: SOAPError(.malformedSecurityToken, "")) {
            try UsernameToken(header: token("<Username>u</Username><Password Type=\"\(UsernameToken.passwordDigestURI)\">x</Password>"))
        }
        #expect(throws: SOAPError(.malformedSecurityToken, "")) {
            try UsernameToken(header: token("<Username>u</Username><Password Type=\"urn:other\">x</Password>"))
        }
        #expect(throws: SOAPError(.malformedSecurityToken, "")) {
            try UsernameToken(header: token("<Username>u</Username><Password>x</Password><Nonce>!!!</Nonce>"))
        }
        #expect((try? UsernameToken(header: nil)) == .some(nil))
    }

    /// HTTP Basic parses user and password (password may contain colons) and rejects bad payloads.
    @Test func parsesHTTPBasic() throws {
        let c = HTTPBasicCredential(username: "site", password: "a:b:c")
        let back = try #require(try HTTPBasicCredential(authorization: c.authorizationHeader))
        #expect(back == c)
        #expect(try HTTPBasicCredential(authorization: "Bearer abc") == nil)
        #expect(throws: SOAPError(.malformedAuthorization, "")) { try HTTPBasicCredential(authorization: "Basic !!!") }
        #expect(throws: SOAPError(.malformedAuthorization, "")) {
            try HTTPBasicCredential(authorization: "Basic " + Data("nocolon".utf8).base64EncodedString())
        }
    }
}
