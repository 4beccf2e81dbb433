// GVE — Directory
// Hands freed heap memory back to the system after bulk work (loading a snapshot or a large batch
// frees the decoded records, which glibc otherwise keeps in its arenas), and keeps glibc from
// returning the small working set of searches after every one.
#if canImport(Glibc)
import Glibc

/// glibc's `malloc_trim`, looked up at run time (its header is not part of the Glibc module).
private let mallocTrim: (@convention(c) (Int) -> Int32)? = {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
    return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
}()

/// glibc's `mallopt`, looked up the same way.
private let mallocOption: (@convention(c) (Int32, Int32) -> Int32)? = {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return nil }
    return unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
}()

func releaseFreeMemory() { _ = mallocTrim?(0) }

/// Raises glibc's trim threshold (`M_TRIM_THRESHOLD`, -1) to 8 MB. A large search writes its results in
/// 64 KB buffers allocated and freed on the worker threads; with the default threshold each free at the
/// top of a thread arena was handed back with madvise and the next buffer faulted its pages in again
/// (about a tenth of the server's CPU time on 3,800-entry results). Done once per process;
/// ``releaseFreeMemory()`` still trims everything after bulk loads.
let keepWorkingHeap: Void = { _ = mallocOption?(-1, 8 << 20) }()
#else
func releaseFreeMemory() {}
let keepWorkingHeap: Void = ()
#endif
