import Testing
@testable import Broker

@Suite struct QuantitiesTests {
    /// Sizes read with binary units; a bare number is the field's unit.
    @Test func readsSizes() throws {
        #expect(try Quantities.mebibytes("2G", field: "--memory") == 2048)
        #expect(try Quantities.mebibytes("512M", field: "--memory") == 512)
        #expect(try Quantities.mebibytes("1.5GiB", field: "--memory") == 1536)
        #expect(try Quantities.mebibytes("4096", field: "--memory") == 4096)
        #expect(try Quantities.gibibytes("10G", field: "--disk") == 10)
        #expect(try Quantities.gibibytes("1T", field: "--disk") == 1024)
    }

    /// Durations combine units.
    @Test func readsDurations() throws {
        #expect(try Quantities.seconds("2h", field: "--lifetime") == 7200)
        #expect(try Quantities.seconds("1h30m", field: "--lifetime") == 5400)
        #expect(try Quantities.seconds("90", field: "--lifetime") == 90)
        #expect(try Quantities.seconds("7d", field: "--lifetime") == 604_800)
    }

    /// Bad quantities name the field and what is accepted.
    @Test(arguments: ["", "G", "-1G", "2X", "0"]) func rejectsBadSizes(_ s: String) {
        #expect(throws: QuantityError.self) { try Quantities.mebibytes(s, field: "--memory") }
    }

    @Test func errorNamesField() {
        do { _ = try Quantities.seconds("soon", field: "--lifetime"); Issue.record("accepted") } catch {
            #expect(error.description.contains("--lifetime"))
            #expect(error.description.contains("2h"))
        }
    }
}
