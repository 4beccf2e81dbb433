// GVE — `gve infosys serve --config bdii.conf`: BDII-style sources and cycles feeding the registry's directory.
import Aggregation
import Directory
import Foundation
import InfoProvider
import LDAPCore

/// The registry's sink (moved to InfoProvider, where in-process tests use it too).
typealias DirectorySinkAdapter = DirectoryAggregationSink
