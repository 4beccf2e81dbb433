// GVE — InfoProvider
// Routes responses to the operation that asked for them, by messageID (RFC 4511 §4.1.1.1).

import LDAPProtocol
import NIOCore

/// One request in flight: the message to send and where its responses go. A search's entries and
/// references are collected until its SearchResultDone.
struct LDAPClientRequest: Sendable {
    var message: LDAPMessage
    var promise: EventLoopPromise<[LDAPMessage]>
    /// When set, every response is yielded here as it arrives instead of being collected (persistent
    /// searches, which have no end); the promise then succeeds with no messages once the request is sent.
    var stream: AsyncThrowingStream<LDAPMessage, any Error>.Continuation? = nil
}

final class LDAPClientHandler: ChannelDuplexHandler {
    typealias InboundIn = LDAPMessage
    typealias OutboundIn = LDAPClientRequest
    typealias OutboundOut = LDAPMessage

    private var pending: [Int: (promise: EventLoopPromise<[LDAPMessage]>, collected: [LDAPMessage])] = [:]
    /// Streamed requests, by messageID.
    private var streams: [Int: AsyncThrowingStream<LDAPMessage, any Error>.Continuation] = [:]

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        guard context.channel.isActive else {
            request.promise.fail(LDAPClientError(.connection, message: "connection closed"))
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        // Unbind and Abandon have no response. Others wait for theirs; if the connection fails first,
        // channelInactive fails them.
        if let stream = request.stream {
            streams[request.message.messageID] = stream
            request.promise.succeed([])
            context.write(wrapOutboundOut(request.message), promise: promise)
            return
        }
        switch request.message.protocolOp {
        case .abandonRequest(let a):
            streams.removeValue(forKey: a.messageID)?.finish()
            request.promise.succeed([])
        case .unbindRequest:
            request.promise.succeed([])
        default:
            pending[request.message.messageID] = (request.promise, [])
        }
        context.write(wrapOutboundOut(request.message), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message = unwrapInboundIn(data)
        if message.messageID == 0, case .extendedResponse(let r) = message.protocolOp {
            // Unsolicited notification; the only one defined is the Notice of Disconnection.
            failAll(LDAPClientError(.disconnected, resultCode: r.result.resultCode,
                                    message: "server disconnected: \(r.result.diagnosticMessage)"))
            context.close(promise: nil)
            return
        }
        if let stream = streams[message.messageID] {
            switch message.protocolOp {
            case .searchResultEntry, .searchResultReference, .intermediateResponse:
                if case .dropped = stream.yield(message) {
                    streams[message.messageID] = nil
                    stream.finish(throwing: LDAPClientError(.connection, message: "the reader fell too far behind the server's messages"))
                }
            default:
                streams[message.messageID] = nil
                stream.yield(message)
                stream.finish()
            }
            return
        }
        guard var entry = pending[message.messageID] else { return }  // abandoned or unknown: ignore
        switch message.protocolOp {
        case .searchResultEntry, .searchResultReference, .intermediateResponse:
            entry.collected.append(message)
            pending[message.messageID] = entry
        default:
            pending[message.messageID] = nil
            entry.collected.append(message)
            entry.promise.succeed(entry.collected)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(LDAPClientError(.connection, message: "\(error)"))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(LDAPClientError(.connection, message: "connection closed"))
        context.fireChannelInactive()
    }

    private func failAll(_ error: LDAPClientError) {
        let all = pending
        pending = [:]
        let open = streams
        streams = [:]
        for (_, s) in open { s.finish(throwing: error) }
        for (_, p) in all { p.promise.fail(error) }
    }
}

@available(*, unavailable)
extension LDAPClientHandler: Sendable {}
