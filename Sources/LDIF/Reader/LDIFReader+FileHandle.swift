// GVE — LDIF
// Reading from a Foundation FileHandle.

public import Foundation

extension LDIFReader {
    /// Reads from a `FileHandle` (its descriptor; the handle stays open and owned by the caller).
    public init(fileHandle: FileHandle, configuration: Configuration = Configuration(), chunkSize: Int = 256 * 1024) {
        self.init(fileDescriptor: fileHandle.fileDescriptor, configuration: configuration, chunkSize: chunkSize)
    }
}
