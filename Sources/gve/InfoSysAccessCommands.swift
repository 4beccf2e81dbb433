// GVE — `gve infosys hash-password` and the publishers file of `gve infosys serve --publishers`.

import ArgumentParser
import Foundation
import InfoProvider

/// `gve infosys hash-password [--scheme SSHA512] [--password-file FILE]`: prints a stored-password hash, like slappasswd.
struct InfoSysHashPassword: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash-password",
        abstract: "Hash a password for --publishers or --root-password-file (like slappasswd).",
        discussion: """
        Reads the password from --password-file, or from standard input (one trailing newline is dropped), and
        prints its {SCHEME}base64 hash: {SSHA512} by default (a 16-byte random salt), or {SSHA} / {SSHA256}.
        The hashes are the ones slapd and slappasswd use, so they work in slapd too (SHA-2 needs its pw-sha2 module).
        Example: gve infosys hash-password < agent-1.password
        """)

    enum Scheme: String, ExpressibleByArgument, CaseIterable {
        case ssha = "SSHA", ssha256 = "SSHA256", ssha512 = "SSHA512"
        var hashScheme: PasswordHash.Scheme {
            switch self {
            case .ssha: .ssha
            case .ssha256: .ssha256
            case .ssha512: .ssha512
            }
        }
    }

    @Option(help: "Hash scheme: SSHA, SSHA256 or SSHA512.") var scheme: Scheme = .ssha512
    @Option(help: "File holding the password (default: standard input).") var passwordFile: String?

    func run() throws {
        var bytes: [UInt8]
        if let passwordFile {
            guard let data = FileManager.default.contents(atPath: passwordFile) else {
                throw ValidationError("--password-file: cannot read \(passwordFile)")
            }
            bytes = [UInt8](data)
        } else {
            bytes = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        }
        if bytes.last == 0x0A { bytes.removeLast() }
        if bytes.last == 0x0D { bytes.removeLast() }
        guard !bytes.isEmpty else { throw ValidationError("the password is empty") }
        print(PasswordHash(hashing: bytes, scheme: scheme.hashScheme))
    }
}

extension InfoSysServe {
    /// Reads a publishers file (see ``Publisher/parseFile(_:)``), with errors naming the file and line.
    static func publishers(fromFile path: String) throws -> [Publisher] {
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("--publishers: cannot read \(path)") }
        do {
            return try Publisher.parseFile(String(decoding: data, as: UTF8.self))
        } catch {
            throw ValidationError("--publishers \(path): \(error)")
        }
    }
}
