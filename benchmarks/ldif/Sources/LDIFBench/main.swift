// GVE — LDIFBench: reads each file given and prints
// `<path>: <records> records, <values> values, <errors> errors, <seconds> s`.
// `--threads N` (N > 1) reads with LDIFParallelReader, otherwise with the streaming LDIFReader.
// Every record is fully materialised (LDAPEntry with DN, attributes, values). Not a test: see run.sh.

import LDIF

#if canImport(Glibc)
import Glibc
#endif

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

var args = Array(CommandLine.arguments.dropFirst())
var threads = 1
if let i = args.firstIndex(of: "--threads"), i + 1 < args.count, let n = Int(args[i + 1]) {
    threads = n
    args.removeSubrange(i...(i + 1))
}

var failed = false
for path in args {
    let start = now()
    var records = 0, values = 0, errors = 0
    func count(_ record: LDIFRecord) {
        records += 1
        if case .content(let entry) = record { for a in entry.attributes { values += a.values.count } }
    }
    do {
        if threads > 1 {
            try LDIFParallelReader.read(path: path, threads: threads) { result, _ in
                switch result {
                case .success(let record): count(record)
                case .failure(let error):
                    errors += 1
                    if errors <= 5 { print("\(path): \(error)") }
                }
            }
        } else {
            var reader = try LDIFReader(path: path)
            while true {
                do {
                    guard let record = try reader.next() else { break }
                    count(record)
                } catch {
                    errors += 1
                    if errors <= 5 { print("\(path): \(error)") }
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
