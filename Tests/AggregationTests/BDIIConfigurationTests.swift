// GVE — AggregationTests
import Aggregation
import LDAPCore
import Testing

@Suite struct BDIIConfigurationTests {
    /// BDII's keys are read with comments, blank lines, quotes and unknown keys kept.
    @Test func readsBDIIKeysAndKeepsUnknownOnes() throws {
        let conf = try BDIIConfiguration(parsing: """
            # generated
            BDII_LOG_FILE=/var/log/bdii/bdii-update.log

            BDII_LDIF_DIR=/var/lib/bdii/gip/ldif
            BDII_PROVIDER_DIR="/var/lib/bdii/gip/provider"
            BDII_PLUGIN_DIR='/var/lib/bdii/gip/plugin'
              BDII_BREATHE_TIME=60
            BDII_READ_TIMEOUT=30
            BDII_DELETE_DELAY=43200
            BDII_PORT=2170
            SLAPD_CONF=/etc/bdii/bdii-slapd.conf
            """)
        #expect(conf.ldifDirectory == "/var/lib/bdii/gip/ldif")
        #expect(conf.providerDirectory == "/var/lib/bdii/gip/provider")
        #expect(conf.pluginDirectory == "/var/lib/bdii/gip/plugin")
        #expect(conf.breatheTime == .seconds(60))
        #expect(conf.readTimeout == .seconds(30))
        #expect(conf.deleteDelay == .seconds(43200))
        #expect(conf.port == 2170)
        #expect(conf.mode == .resource)
        #expect(conf.otherKeys["SLAPD_CONF"] == "/etc/bdii/bdii-slapd.conf")
        #expect(conf.otherKeys["BDII_LOG_FILE"] == "/var/log/bdii/bdii-update.log")
    }

    /// GVE's keys give the mode, the site, remote sources with their bases, and per-source limits.
    @Test func readsRemoteSourcesAndPerSourceLimits() throws {
        let conf = try BDIIConfiguration(parsing: """
            GVE_MODE=top
            GVE_SOURCE_URLS=cern=ldap://site-bdii.cern.ch:2170/GLUE2DomainID=CERN-PROD,o=glue  ral=ldap://bdii.ral.ac.uk:2170
            GVE_SOURCE_TIMEOUT=20
            GVE_SOURCE_MAX_ENTRIES=5000
            GVE_SOURCE_TIMEOUT_ral=90
            """)
        #expect(conf.mode == .top)
        #expect(conf.remoteSources.map(\.name) == ["cern", "ral"])
        #expect(conf.remoteSources[0].base == (try DistinguishedName("GLUE2DomainID=CERN-PROD,o=glue")))
        #expect(conf.remoteSources[1].base == (try DistinguishedName("o=glue")))
        #expect(conf.limits(for: "cern") == SourceLimits(timeout: .seconds(20), maxEntries: 5000))
        // the override names only the timeout; the entry cap given on a later line still applies
        #expect(conf.limits(for: "ral") == SourceLimits(timeout: .seconds(90), maxEntries: 5000))
    }

    /// A value of the wrong type is reported with the file, the line and the key.
    @Test(arguments: [
        ("BDII_BREATHE_TIME=2m", "bdii.conf:2: BDII_BREATHE_TIME"),
        ("BDII_PORT=70000", "bdii.conf:2: BDII_PORT"),
        ("BDII_READ_TIMEOUT=-1", "bdii.conf:2: BDII_READ_TIMEOUT"),
        ("GVE_MODE=galaxy", "bdii.conf:2: GVE_MODE"),
        ("GVE_SOURCE_MAX_ENTRIES=0", "bdii.conf:2: GVE_SOURCE_MAX_ENTRIES"),
        ("just some words", "bdii.conf:2: expected KEY=value"),
        ("BDII_LDIF_DIR=\"/unterminated", "bdii.conf:2: BDII_LDIF_DIR: unterminated"),
    ])
    func rejectsBadValuesNamingKeyAndLine(line: String, expected: String) {
        #expect {
            try BDIIConfiguration(parsing: "# header\n\(line)\n")
        } throws: { error in
            guard let e = error as? AggregationError else { return false }
            return e.code == .invalidConfiguration && e.message.hasPrefix(expected)
        }
    }

    /// Malformed source URLs name the source; site mode needs a site name.
    @Test func rejectsBadSourcesAndMissingSiteName() {
        #expect(throws: AggregationError(.invalidConfiguration, "")) {
            try BDIIConfiguration(parsing: "GVE_MODE=top\nGVE_SOURCE_URLS=a=http://x/o=glue\n")
        }
        #expect(throws: AggregationError(.invalidConfiguration, "")) {
            try BDIIConfiguration(parsing: "GVE_MODE=top\nGVE_SOURCE_URLS=a=ldap://x/o=glue a=ldap://y/o=glue\n")
        }
        #expect(throws: AggregationError(.invalidConfiguration, "")) {
            try BDIIConfiguration(parsing: "GVE_MODE=site\n")
        }
        #expect(throws: AggregationError(.invalidConfiguration, "")) {
            try BDIIConfiguration(parsing: "GVE_SOURCE_URLS=a=ldap://x:2170/o=glue\n")
        }
    }

    /// A missing file is an unreadable-file error, not a crash.
    @Test func missingFileIsReported() {
        #expect(throws: AggregationError(.unreadableFile, "")) {
            try BDIIConfiguration(contentsOfFile: "/nonexistent/bdii.conf")
        }
    }
}
