// GVE — Agent: a coalescing "something changed" signal.
import Synchronization

/// Tells one consumer (the publisher) that VMs or images changed; signals coalesce while it is busy.
public final class ChangeSignal: Sendable {
    private let continuation: AsyncStream<Void>.Continuation
    private let stream: Mutex<AsyncStream<Void>?>

    public init() {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.stream = Mutex(stream)
        self.continuation = continuation
    }

    /// Records that something changed.
    public func signal() { continuation.yield() }

    /// The stream of change signals; only the first caller gets it.
    public func takeStream() -> AsyncStream<Void>? { stream.withLock { value in defer { value = nil }; return value } }

    deinit { continuation.finish() }
}
