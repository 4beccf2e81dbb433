// GVE — SiteService
// Optional TLS for the Site Service, with client certificates verified against a CA and mapped to users by subject.
import Foundation
import NIOCore
import NIOSSL

/// TLS settings: the server's certificate and key, and optionally the CA bundle client certificates are verified
/// against (the grid way of authenticating: a user whose certificate subject is mapped needs no password).
public struct SiteTLSConfiguration: Sendable, Hashable {
    /// PEM file with the server certificate (and its chain).
    public var certificatePath: String
    /// PEM file with the server's private key.
    public var privateKeyPath: String
    /// PEM file with the CAs client certificates must chain to; nil: client certificates are not requested.
    public var clientCAPath: String?

    public init(certificatePath: String, privateKeyPath: String, clientCAPath: String? = nil) {
        self.certificatePath = certificatePath
        self.privateKeyPath = privateKeyPath
        self.clientCAPath = clientCAPath
    }

    /// The NIOSSL server configuration. Client certificates are optional (users may still authenticate with a
    /// password over TLS) but a presented one must verify against ``clientCAPath``, or the handshake fails.
    /// - Throws: SiteError `.invalidRequest` naming the file that cannot be read.
    public func serverConfiguration() throws -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        do { chain = try NIOSSLCertificate.fromPEMFile(certificatePath) } catch {
            throw SiteError.invalid("tls-cert", "\(certificatePath): \(error)")
        }
        guard !chain.isEmpty else { throw SiteError.invalid("tls-cert", "\(certificatePath) holds no PEM certificate") }
        let key: NIOSSLPrivateKey
        do { key = try NIOSSLPrivateKey(file: privateKeyPath, format: .pem) } catch {
            throw SiteError.invalid("tls-key", "\(privateKeyPath): \(error)")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        if let clientCAPath {
            let roots: [NIOSSLCertificate]
            do { roots = try NIOSSLCertificate.fromPEMFile(clientCAPath) } catch {
                throw SiteError.invalid("client-ca", "\(clientCAPath): \(error)")
            }
            guard !roots.isEmpty else { throw SiteError.invalid("client-ca", "\(clientCAPath) holds no PEM certificate") }
            configuration.trustRoots = .certificates(roots)
            configuration.certificateVerification = .optionalVerification
        }
        return configuration
    }
}

extension CertificateSubject {
    /// The subject of the verified client certificate on a TLS channel, or nil when the channel is not TLS or the
    /// client sent no certificate. (The handshake already failed for a certificate that does not verify.)
    static func peer(of channel: any Channel) async -> CertificateSubject? {
        guard let certificate = try? await channel.nioSSL_peerCertificate().get(), let der = try? certificate.toDERBytes() else {
            return nil
        }
        return try? CertificateSubject(certificateDER: der)
    }
}
