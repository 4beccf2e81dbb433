// GVE — Agent: the rows of the Agent's SQLite database.
import Foundation
import GRDB

/// A template image in the VM Disk Database.
public struct ImageRecord: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "images"
    public var id: Int64?
    public var name: String
    public var osFamily: String
    public var osName: String
    public var osVersion: String
    /// The CPU architecture the image boots on (`x86_64`, `aarch64`…).
    public var platform: String
    /// The disk format `qemu-img info` reports (`qcow2`, `raw`…).
    public var format: String
    public var virtualSizeBytes: Int64
    public var actualSizeBytes: Int64
    /// SHA-256 of the stored file, lower-case hex.
    public var sha256: String
    public var minCpus: Int
    public var recommendedCpus: Int
    public var minMemoryMB: Int
    public var recommendedMemoryMB: Int
    public var defaultUser: String?
    /// The libvirt domain XML new VMs are made from.
    public var domainXML: String
    /// Absolute path of the stored template file.
    public var path: String
    public var imported: Date

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    public static let packages = hasMany(SoftwarePackageRecord.self)
}

/// A software package carried by an image.
public struct SoftwarePackageRecord: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "software_packages"
    public var id: Int64?
    public var imageId: Int64
    public var name: String
    public var version: String

    public init(id: Int64? = nil, imageId: Int64 = 0, name: String, version: String) {
        self.id = id
        self.imageId = imageId
        self.name = name
        self.version = version
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// Who holds a VM (after the GVE paper): being made, in use, or released.
public enum VMAllocation: String, Codable, Sendable, Hashable, DatabaseValueConvertible {
    /// Released: destroyed and undefined; the row stays for idempotency and history.
    case free
    /// Being cloned: capacity is held but the VM is not usable yet.
    case reserved
    /// Cloned and owned.
    case acquired
}

/// A VM the Agent made.
public struct VMRecord: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "vms"
    public var id: Int64?
    public var name: String
    public var uuid: String
    public var image: String
    public var allocation: VMAllocation
    /// libvirt's state name (`running`, `shut off`…), or `missing` / `undefined`.
    public var libvirtState: String
    public var instanceState: InstanceState
    public var owner: String
    public var siteService: String
    public var vcpus: Int
    public var memoryMB: Int
    public var diskGB: Int
    public var diskPath: String
    public var fullCopy: Bool
    public var domainXML: String
    public var requestId: String
    public var created: Date
    public var deleted: Date?

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension InstanceState: DatabaseValueConvertible {}

/// One request to the Agent, with its outcome.
public struct JobRecord: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "jobs"
    public enum State: String, Codable, Sendable, Hashable, DatabaseValueConvertible {
        case running, succeeded, failed
    }
    public var id: Int64?
    public var operation: String
    public var vmName: String?
    public var siteService: String?
    public var requestId: String?
    public var state: State
    public var errorCode: String?
    public var errorMessage: String?
    public var started: Date
    public var finished: Date?
    /// What a succeeded job wants recorded beside its result (for example a forced power-off).
    public var note: String?

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A Site Service this Agent serves, with its credential and grant.
public struct SiteServiceRecord: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "site_services"
    public var id: Int64?
    public var name: String
    /// bcrypt hash of the Site Service's password.
    public var credentialHash: String
    /// CPUs granted to this Site Service's VMs; `nil` for no limit beyond the host's.
    public var grantedCpus: Int?
    /// Memory (MiB) granted; `nil` for no limit beyond the host's.
    public var grantedMemoryMB: Int?
    /// VMs granted; `nil` for no limit.
    public var grantedInstances: Int?
    public var created: Date

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
