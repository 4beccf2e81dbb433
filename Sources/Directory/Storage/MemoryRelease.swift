// GVE — Directory
// Hands freed heap memory back to the system after bulk work (loading a snapshot or a large batch
// frees the decoded records, which glibc otherwise keeps in its arenas).
#if canImport(Glibc)
import Glibc

/// glibc's `malloc_trim`, looked up at run time (its header is not part of the Glibc module).
private let mallocTrim: (@convention(c) (Int) -> Int32)? = {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
    return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
}()

func releaseFreeMemory() { _ = mallocTrim?(0) }
#else
func releaseFreeMemory() {}
#endif
