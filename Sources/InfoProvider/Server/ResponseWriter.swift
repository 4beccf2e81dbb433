// GVE — InfoProvider

import LDAPCore
import LDAPProtocol
import NIOCore

/// Encodes responses straight into outbound buffers and writes them in batches of about
/// ``batchSize`` bytes, one flush per batch.
struct ResponseWriter: Sendable {
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let allocator: ByteBufferAllocator
    let batchSize: Int

    /// Writes one message now.
    func send(_ message: LDAPMessage) async throws {
        var buffer = allocator.buffer(capacity: 128)
        message.serialize(into: &buffer)
        try await outbound.write(buffer)
    }

    /// Sends the Notice of Disconnection (RFC 4511 §4.4.1).
    func notice(_ code: LDAPResultCode, _ message: String) async throws {
        try await send(LDAPMessage(messageID: 0, .extendedResponse(.noticeOfDisconnection(LDAPResult(code, diagnosticMessage: message)))))
    }

    func makeBuffer() -> ByteBuffer { allocator.buffer(capacity: batchSize + batchSize / 4) }
}
