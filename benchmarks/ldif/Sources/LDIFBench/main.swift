// GVE — LDIFBench: reads each file given and prints
// `<path>: <records> records, <values> values, <errors> errors, <seconds> s`.
//   (default)      LDIFReader.next(): every record fully materialised (LDAPEntry: DN, attributes, values)
//   --stream       LDIFReader.nextRecord(into:): the streaming visitor API, no values built; the visitor
//                  counts values and sums their lengths (so every byte is looked at)
//   --threads N    (N > 1) LDIFParallelReader, materialising
// Not a test: see run.sh.

import LDIF

#if canImport(Glibc)
import Glibc
#endif

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Counts records and values and sums the value lengths and DN lengths.
struct CountingVisitor: LDIFVisitor {
    var values = 0
    var bytes = 0
    mutating func beginRecord(dn: Span<UInt8>, line: Int) { bytes &+= dn.count }
    mutating func attribute(_ description: Span<UInt8>, value: Span<UInt8>) {
        values += 1
        bytes &+= value.count
    }
    mutating func modificationValue(_ value: Span<UInt8>) {
        values += 1
        bytes &+= value.count
    }
}

var args = Array(CommandLine.arguments.dropFirst())
var threads = 1
var stream = false
if let i = args.firstIndex(of: "--threads"), i + 1 < args.count, let n = Int(args[i + 1]) {
    threads = n
    args.removeSubrange(i...(i + 1))
}
if let i = args.firstIndex(of: "--stream") {
    stream = true
    args.remove(at: i)
}

var failed = false
for path in args {
    let start = now()
    var records = 0, values = 0, errors = 0
    func count(_ record: LDIFRecord) {
        records += 1
        if case .content(let entry) = record { for a in entry.attributes { values += a.values.count } }
    }
    func report(_ error: LDIFError) {
        errors += 1
        if errors <= 5 { print("\(path): \(error)") }
    }
    do {
        if threads > 1 {
            try LDIFParallelReader.read(path: path, threads: threads) { result, _ in
                switch result {
                case .success(let record): count(record)
                case .failure(let error): report(error)
                }
            }
        } else if stream {
            var reader = try LDIFReader(path: path)
            var visitor = CountingVisitor()
            while true {
                do {
                    guard try reader.nextRecord(into: &visitor) else { break }
                    records += 1
                } catch {
                    report(error)
                }
            }
            values = visitor.values
        } else {
            var reader = try LDIFReader(path: path)
            while true {
                do {
                    guard let record = try reader.next() else { break }
                    count(record)
                } catch {
                    report(error)
                }
            }
        }
    } catch {
        print("\(path): \(error)")
        failed = true
        continue
    }
    let seconds = now() - start
    print("\(path): \(records) records, \(values) values, \(errors) errors, \((seconds * 1000).rounded() / 1000) s")
}
if failed { exit(1) }
