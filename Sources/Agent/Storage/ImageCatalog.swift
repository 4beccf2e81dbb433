// GVE — Agent: the VM Disk Database — template images, their software packages and domain XML.
import Foundation
import GRDB

/// Descriptive facts about an image, given at import.
public struct ImageMetadata: Sendable, Hashable {
    public var name: String
    public var osFamily: String
    public var osName: String
    public var osVersion: String
    public var platform: String
    public var minCpus: Int
    public var recommendedCpus: Int
    public var minMemoryMB: Int
    public var recommendedMemoryMB: Int
    public var defaultUser: String?
    /// Software the image carries, as (name, version).
    public var packages: [SoftwarePackage]
    /// The libvirt domain XML new VMs start from; `nil` uses ``DomainTemplate/standard(arch:)``.
    public var domainXML: String?

    public struct SoftwarePackage: Sendable, Hashable {
        public var name: String
        public var version: String
        public init(name: String, version: String) {
            self.name = name
            self.version = version
        }
    }

    public init(
        name: String, osFamily: String = "linux", osName: String = "unknown", osVersion: String = "unknown",
        platform: String = "x86_64", minCpus: Int = 1, recommendedCpus: Int? = nil, minMemoryMB: Int = 256,
        recommendedMemoryMB: Int? = nil, defaultUser: String? = nil, packages: [SoftwarePackage] = [], domainXML: String? = nil
    ) {
        self.name = name
        self.osFamily = osFamily
        self.osName = osName
        self.osVersion = osVersion
        self.platform = platform
        self.minCpus = minCpus
        self.recommendedCpus = recommendedCpus ?? minCpus
        self.minMemoryMB = minMemoryMB
        self.recommendedMemoryMB = recommendedMemoryMB ?? minMemoryMB
        self.defaultUser = defaultUser
        self.packages = packages
        self.domainXML = domainXML
    }
}

/// The catalogue of template images (`images` and `software_packages` tables) and the files behind it.
public struct ImageCatalog: Sendable {
    public let database: AgentDatabase
    /// Where imported images are stored.
    public let imagesDirectory: URL

    public init(database: AgentDatabase, imagesDirectory: URL) {
        self.database = database
        self.imagesDirectory = imagesDirectory
    }

    /// Imports a disk image: checks that it can boot, copies it into ``imagesDirectory`` (sparse) unless
    /// `copy` is false, checksums it and records it.
    ///
    /// Refused (``AgentError/Code/invalidRequest``): a name already used or malformed, a file qemu-img cannot read,
    /// a format outside ``QemuImage/bootableFormats``, a raw file with neither an MBR boot signature nor a GPT
    /// header, an image that depends on a backing file, a zero-size image, bad metadata or domain XML.
    /// - Returns: the stored record.
    public func importImage(from file: String, metadata: ImageMetadata, copy: Bool = true) async throws -> ImageRecord {
        try Naming.validate(metadata.name, what: "image name")
        guard metadata.minCpus >= 1, metadata.minMemoryMB >= 1, metadata.recommendedCpus >= metadata.minCpus,
            metadata.recommendedMemoryMB >= metadata.minMemoryMB
        else {
            throw AgentError(.invalidRequest, "image '\(metadata.name)': minimum CPUs and memory must be at least 1 and not above the recommended values")
        }
        let template = try metadata.domainXML.map { try DomainTemplate(xml: $0) } ?? DomainTemplate.standard(arch: metadata.platform)
        let source = URL(fileURLWithPath: file).standardizedFileURL.path
        guard FileManager.default.fileExists(atPath: source) else {
            throw AgentError(.invalidRequest, "image file '\(file)' does not exist")
        }
        if try await self.image(named: metadata.name) != nil {
            throw AgentError(.invalidRequest, "an image named '\(metadata.name)' already exists")
        }
        let info = try await QemuImage.info(source)
        try Self.checkBootable(info, path: source)

        var storedPath = source
        if copy {
            try FileManager.default.createDirectory(at: imagesDirectory, withIntermediateDirectories: true)
            storedPath = imagesDirectory.appendingPathComponent("\(metadata.name).\(info.format)").path
            let output = try await ProcessRunner.run("cp", ["--sparse=always", "--reflink=auto", "--", source, storedPath])
            guard output.status == 0 else {
                try? FileManager.default.removeItem(atPath: storedPath)
                throw AgentError(.libvirtError, "cannot copy '\(source)' to '\(storedPath)': \(output.standardErrorText)")
            }
        }
        do {
            let digest = try await QemuImage.sha256(storedPath)
            let stored = try await QemuImage.info(storedPath)
            var record = ImageRecord(
                id: nil, name: metadata.name, osFamily: metadata.osFamily, osName: metadata.osName,
                osVersion: metadata.osVersion, platform: metadata.platform, format: stored.format,
                virtualSizeBytes: stored.virtualSizeBytes, actualSizeBytes: stored.actualSizeBytes, sha256: digest,
                minCpus: metadata.minCpus, recommendedCpus: metadata.recommendedCpus, minMemoryMB: metadata.minMemoryMB,
                recommendedMemoryMB: metadata.recommendedMemoryMB, defaultUser: metadata.defaultUser,
                domainXML: template.xml, path: storedPath, imported: Date())
            let packages = metadata.packages
            record = try await database.writer.write { [record] db in
                var record = record
                try record.insert(db)
                for package in packages {
                    var row = SoftwarePackageRecord(imageId: record.id!, name: package.name, version: package.version)
                    try row.insert(db)
                }
                return record
            }
            return record
        } catch {
            if copy { try? FileManager.default.removeItem(atPath: storedPath) }
            if let error = error as? DatabaseError, error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                throw AgentError(.invalidRequest, "an image named '\(metadata.name)' already exists", cause: error)
            }
            throw error
        }
    }

    /// Every image, by name.
    public func list() async throws -> [ImageRecord] {
        try await database.writer.read { db in try ImageRecord.order(Column("name")).fetchAll(db) }
    }

    /// The image named `name`, or `nil`.
    public func image(named name: String) async throws -> ImageRecord? {
        try await database.writer.read { db in try ImageRecord.filter(Column("name") == name).fetchOne(db) }
    }

    /// The software packages of an image, by name.
    public func packages(of image: ImageRecord) async throws -> [SoftwarePackageRecord] {
        try await database.writer.read { db in
            try SoftwarePackageRecord.filter(Column("imageId") == image.id).order(Column("name")).fetchAll(db)
        }
    }

    /// Removes an image and, when the Agent stored the copy, its file.
    /// - Throws: ``AgentError/Code/unknownImage``; ``AgentError/Code/invalidState`` while VMs cloned from it exist.
    public func remove(named name: String) async throws {
        let imagesDirectory = self.imagesDirectory.standardizedFileURL.path
        let removed: ImageRecord = try await database.writer.write { db in
            guard let image = try ImageRecord.filter(Column("name") == name).fetchOne(db) else {
                throw AgentError(.unknownImage, "no image named '\(name)'")
            }
            let clones = try String.fetchAll(
                db, sql: "SELECT name FROM vms WHERE image = ? AND deleted IS NULL ORDER BY name", arguments: [name])
            if !clones.isEmpty {
                throw AgentError(
                    .invalidState, "image '\(name)' backs \(clones.count) VM(s) (\(clones.joined(separator: ", "))); destroy them first")
            }
            _ = try image.delete(db)
            return image
        }
        if removed.path.hasPrefix(imagesDirectory + "/") {
            try? FileManager.default.removeItem(atPath: removed.path)
        }
    }

    /// Refuses images QEMU cannot boot as a VM disk.
    static func checkBootable(_ info: DiskImageInfo, path: String) throws {
        guard QemuImage.bootableFormats.contains(info.format) else {
            throw AgentError(.invalidRequest, "'\(path)' is in format '\(info.format)', which the Agent cannot boot (expected one of \(QemuImage.bootableFormats.sorted().joined(separator: ", ")))")
        }
        guard info.virtualSizeBytes > 0 else {
            throw AgentError(.invalidRequest, "'\(path)' has a virtual size of 0 bytes")
        }
        if let backing = info.backingFile {
            throw AgentError(.invalidRequest, "'\(path)' depends on backing file '\(backing)'; import a standalone image")
        }
        if info.format == "raw" {
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw AgentError(.invalidRequest, "'\(path)' cannot be read")
            }
            defer { try? handle.close() }
            let head = (try? handle.read(upToCount: 1024)) ?? Data()
            let bytes = [UInt8](head)
            let mbr = bytes.count >= 512 && bytes[510] == 0x55 && bytes[511] == 0xAA
            let gpt = bytes.count >= 520 && Array(bytes[512..<520]) == Array("EFI PART".utf8)
            guard mbr || gpt else {
                throw AgentError(.invalidRequest, "'\(path)' is not a disk image: a raw file with neither an MBR boot signature nor a GPT header")
            }
        }
    }
}

/// Names the Agent accepts for images and VMs: they become file names and libvirt domain names.
enum Naming {
    /// Letters, digits, `.`, `_` and `-`, starting with a letter or digit, at most 64 characters.
    static func validate(_ name: String, what: String) throws {
        let allowed = name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2E
                || byte == 0x5F || byte == 0x2D
        }
        guard !name.isEmpty, name.utf8.count <= 64, allowed, let first = name.utf8.first, first != 0x2E, first != 0x2D, first != 0x5F
        else {
            throw AgentError(
                .invalidRequest, "\(what) '\(name)' is invalid: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit")
        }
    }
}
