// GVE — LDIFBench: reads each file given with LDIFReader (streaming, 256 KiB chunks) and prints
// `<records> records, <errors> errors, <seconds> s` for each. Not a test: see benchmarks/ldif/run.sh.

import LDIF

#if canImport(Glibc)
import Glibc
#endif

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

var failed = false
for path in CommandLine.arguments.dropFirst() {
    let start = now()
    var records = 0, values = 0, errors = 0
    do {
        var reader = try LDIFReader(path: path)
        while true {
            do {
                guard let record = try reader.next() else { break }
                records += 1
                if case .content(let entry) = record { for a in entry.attributes { values += a.values.count } }
            } catch {
                errors += 1
                if errors <= 5 { print("\(path): \(error)") }
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
