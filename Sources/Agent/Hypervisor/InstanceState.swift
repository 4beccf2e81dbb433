// GVE — Agent: libvirt domain states and their GLUE 2.1 instance-state mapping.

/// libvirt's domain state (`virDomainState`). Unknown values keep their raw value.
public struct LibvirtDomainState: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let noState = Self(rawValue: 0)
    public static let running = Self(rawValue: 1)
    public static let blocked = Self(rawValue: 2)
    public static let paused = Self(rawValue: 3)
    public static let shuttingDown = Self(rawValue: 4)
    public static let shutOff = Self(rawValue: 5)
    public static let crashed = Self(rawValue: 6)
    public static let pmSuspended = Self(rawValue: 7)

    /// The name virsh prints (`running`, `paused`, `shut off`…).
    public var description: String {
        switch self {
        case .noState: "nostate"
        case .running: "running"
        case .blocked: "blocked"
        case .paused: "paused"
        case .shuttingDown: "in shutdown"
        case .shutOff: "shut off"
        case .crashed: "crashed"
        case .pmSuspended: "pmsuspended"
        default: "state(\(rawValue))"
        }
    }

    /// The GLUE 2.1 instance state this libvirt state means.
    public var instanceState: InstanceState {
        switch self {
        case .running, .blocked, .shuttingDown: .running
        case .paused, .pmSuspended: .suspended
        case .shutOff, .crashed: .halted
        default: .pending
        }
    }
}

/// GLUE 2.1 `CloudComputingInstance` state as the Agent reports it.
public enum InstanceState: String, Sendable, Hashable, CaseIterable, Codable {
    case running
    case pending
    case suspended
    case halted
}
