// GVE — InfoProvider
// The bind and write rules a server derives from its configuration, and the state its sessions share.

import LDAPCore

extension LDAPServerConfiguration {
    /// The root DN, its credential and the publishers, validated.
    /// - Throws: ``AccessConfigurationError`` `invalidHash` when ``rootPassword`` looks like a `{SCHEME}` hash
    ///   but is not a usable one.
    public func accessControl() throws(AccessConfigurationError) -> AccessControl {
        var credential: AccessControl.RootCredential?
        if let rootPassword {
            do { credential = try AccessControl.RootCredential(rootPassword) } catch {
                throw AccessConfigurationError(error.code, "root password: \(error.message)")
            }
        }
        return AccessControl(rootDN: rootDN, rootCredential: credential, publishers: publishers)
    }
}

/// What every session of one server shares for binds and writes.
struct SessionAccess: Sendable {
    let control: AccessControl
    let throttle: BindThrottle
    let glue: GLUEWriteCheck?

    init(_ configuration: LDAPServerConfiguration) {
        // An unusable root hash makes LDAPServer.run() fail before listening; until then nobody binds as root.
        control = (try? configuration.accessControl())
            ?? AccessControl(rootDN: configuration.rootDN, rootCredential: nil, publishers: configuration.publishers)
        throttle = BindThrottle(base: configuration.failedBindDelay, cap: configuration.failedBindMaxDelay)
        glue = configuration.validatesGLUE ? GLUEWriteCheck() : nil
    }
}
