// GVE — InfoProvider
// Client side of the persistent search (draft-ietf-ldapext-psearch-03): results streamed as they come,
// each change with its Entry Change Notification; and the root DSE check for what a peer supports.

public import LDAPCore
public import LDAPProtocol
import NIOCore

/// One message of a persistent search.
public enum PersistentSearchMessage: Sendable, Hashable {
    /// An entry: an initial result (no notification) or a change (with its notification, when the
    /// search asked for `returnECs`).
    case entry(LDAPEntry, EntryChangeNotificationControl?)
    /// The search ended (abandoned searches end without one).
    case done(LDAPResult)
}

/// A persistent search in progress: its messageID (for ``LDAPClient/abandon(_:)``) and its messages.
public struct LDAPPersistentSearch: Sendable {
    public let messageID: Int
    /// The messages in the order the server sent them; the stream throws ``LDAPClientError`` when the
    /// connection fails, and finishes after ``PersistentSearchMessage/done(_:)`` or an abandon.
    public let messages: AsyncThrowingStream<PersistentSearchMessage, any Error>
}

extension LDAPClient {
    /// Starts a persistent search.
    /// - Parameters:
    ///   - base, scope, filter, attributes: as for ``search(base:scope:filter:attributes:typesOnly:sizeLimit:timeLimit:pageSize:controls:)``.
    ///   - control: change types, changesOnly and returnECs (sent critical).
    ///   - bufferLimit: messages held unread before the stream fails (the connection is not slowed).
    /// - Returns: the search; iterate its messages.
    /// - Throws: ``LDAPClientError`` (`connection`) when the request cannot be sent.
    public func persistentSearch(base: DistinguishedName, scope: SearchScope = .wholeSubtree,
                                 filter: LDAPFilter = .present(attribute: "objectClass"), attributes: [String] = [],
                                 control: PersistentSearchControl, bufferLimit: Int = 100_000) async throws(LDAPClientError) -> LDAPPersistentSearch {
        let id = nextMessageID.wrappingAdd(1, ordering: .relaxed).oldValue
        let request = SearchRequest(baseObject: LDAPDN(base), scope: scope, sizeLimit: 0, timeLimit: 0,
                                    typesOnly: false, filter: filter, attributes: attributes)
        let (raw, continuation) = AsyncThrowingStream<LDAPMessage, any Error>.makeStream(bufferingPolicy: .bufferingOldest(max(1, bufferLimit)))
        let sent = try dispatch(LDAPMessage(messageID: id, .searchRequest(request), controls: [control.control()]), stream: continuation)
        do { _ = try await sent.get() } catch {
            throw LDAPClientError(.connection, message: "\(error)")
        }
        let messages = AsyncThrowingStream<PersistentSearchMessage, any Error> { out in
            let task = Task {
                do {
                    for try await m in raw {
                        switch m.protocolOp {
                        case .searchResultEntry(let e):
                            guard let entry = try? e.entry() else {
                                throw LDAPClientError(.unexpectedResponse, message: "entry with invalid DN \"\(e.objectName.string)\"")
                            }
                            out.yield(.entry(entry, m.entryChangeNotification))
                        case .searchResultDone(let d):
                            out.yield(.done(d.result))
                        default:
                            continue
                        }
                    }
                    out.finish()
                } catch {
                    out.finish(throwing: error)
                }
            }
            out.onTermination = { _ in task.cancel() }
        }
        return LDAPPersistentSearch(messageID: id, messages: messages)
    }

    /// Abandons an operation (RFC 4511 §4.11); a persistent search's stream finishes.
    public func abandon(_ messageID: Int) async {
        _ = try? await send(.abandonRequest(AbandonRequest(messageID: messageID)))
    }

    /// Whether the server's root DSE lists `oid` among its supportedControl values.
    /// - Throws: ``LDAPClientError`` when the root DSE cannot be read.
    public func supportsControl(_ oid: String) async throws(LDAPClientError) -> Bool {
        let r = try await search(base: .root, scope: .baseObject, attributes: ["supportedControl"])
        return r.entries.first?["supportedControl"].contains(Array(oid.utf8)) ?? false
    }
}
