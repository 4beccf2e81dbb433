// GVE — Agent: one libvirt connection, used only from its own serial queue.
import CLibVirt
import Dispatch
import Foundation

/// Owns one `virConnectPtr` and the serial queue every call on it runs on.
///
/// Blocking libvirt calls never run on the cooperative pool or an event loop: ``perform(_:_:)`` hops to the
/// connection's queue and resumes the caller when libvirt returns. libvirt's last-error slot is thread-local, so
/// reading it on the same queue block as the failing call gives that call's error.
///
/// `@unchecked Sendable`: the C handle is read and cleared only inside blocks on `queue`, which is serial.
final class LibvirtConnection: @unchecked Sendable {
    let uri: String
    private let queue: DispatchQueue
    private var handle: OpaquePointer?

    private init(uri: String, handle: OpaquePointer, queue: DispatchQueue) {
        self.uri = uri
        self.handle = handle
        self.queue = queue
    }

    /// Opens `uri` read-write on a new queue.
    static func open(uri: String) async throws -> LibvirtConnection {
        LibvirtRuntime.ensureInitialized()
        let queue = DispatchQueue(label: "gve.libvirt.\(uri)")
        return try await withCheckedThrowingContinuation { continuation in
            queue.async {
                virResetLastError()
                guard let handle = virConnectOpen(uri) else {
                    var error = LibvirtConnection.lastError("virConnectOpen(\(uri))")
                    error.code = .connectionFailed
                    continuation.resume(throwing: error)
                    return
                }
                gve_install_silent_connection_error_handler(handle)
                continuation.resume(returning: LibvirtConnection(uri: uri, handle: handle, queue: queue))
            }
        }
    }

    /// Runs `body` with the connection handle on the connection's queue.
    /// - Throws: what `body` throws, or ``HypervisorError/Code/connectionClosed``.
    func perform<T: Sendable>(
        _ operation: String, _ body: @escaping @Sendable (OpaquePointer) throws -> T
    ) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                guard let handle = self.handle else {
                    continuation.resume(
                        throwing: HypervisorError(code: .connectionClosed, message: "connection to \(self.uri) is closed", operation: operation))
                    return
                }
                virResetLastError()
                continuation.resume(with: Result { try body(handle) })
            }
        }
    }

    /// Runs `beforeClose` with the handle, then closes the connection.
    func close(beforeClose: @escaping @Sendable (OpaquePointer) -> Void) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async {
                if let handle = self.handle {
                    beforeClose(handle)
                    virConnectClose(handle)
                    self.handle = nil
                }
                continuation.resume()
            }
        }
    }

    deinit {
        if let handle { virConnectClose(handle) }
    }

    /// libvirt's last error on this thread, as a ``HypervisorError``.
    static func lastError(_ operation: String) -> HypervisorError {
        guard let error = virGetLastError() else {
            return HypervisorError(code: .libvirt, message: "libvirt reported no error detail", operation: operation)
        }
        let number = error.pointee.code
        let message = error.pointee.message.map { String(cString: $0) } ?? "libvirt error \(number)"
        return HypervisorError(
            code: code(forLibvirtError: number), libvirtCode: number, libvirtDomain: error.pointee.domain,
            message: message, operation: operation)
    }

    /// Classifies a libvirt `virErrorNumber`.
    static func code(forLibvirtError number: Int32) -> HypervisorError.Code {
        switch UInt32(bitPattern: number) {
        case VIR_ERR_NO_DOMAIN.rawValue: .domainNotFound
        case VIR_ERR_OPERATION_INVALID.rawValue: .invalidState
        case VIR_ERR_XML_ERROR.rawValue, VIR_ERR_XML_DETAIL.rawValue, VIR_ERR_XML_INVALID_SCHEMA.rawValue,
            VIR_ERR_CONFIG_UNSUPPORTED.rawValue:
            .invalidDefinition
        case VIR_ERR_DOM_EXIST.rawValue: .alreadyExists
        default: .libvirt
        }
    }
}

/// Process-wide libvirt setup: silent error reporting and the default event loop.
///
/// libvirt delivers domain events only through a registered event loop implementation, which must be in place
/// before any connection is opened. It runs on one dedicated OS thread for the life of the process (it is the
/// C library's loop, not Swift work, so it cannot be a structured task).
enum LibvirtRuntime {
    private static let initialized: Bool = {
        gve_install_silent_error_handler()
        virInitialize()
        let registered = virEventRegisterDefaultImpl() == 0
        if registered {
            let thread = Thread {
                while true { _ = virEventRunDefaultImpl() }
            }
            thread.name = "gve.libvirt.events"
            thread.start()
        }
        return registered
    }()

    /// Installs the silent error handler and starts the event loop thread, once per process.
    static func ensureInitialized() {
        _ = initialized
    }
}
