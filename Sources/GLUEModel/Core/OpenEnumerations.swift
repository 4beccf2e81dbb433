// GVE — GLUEModel
// Open enumerations (GFD.147 appendix B and GLUE 2.1 draft chapter 8): well-known values as
// constants; any other string is valid. Generated once from the lists in the specification, then kept by hand.

/// Capability_t: a capability of a service or endpoint.
public struct Capability: GLUEOpenEnumeration {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let executionManagementJobExecution = Self(rawValue: "executionmanagement.jobexecution")
    public static let executionManagementJobManager = Self(rawValue: "executionmanagement.jobmanager")
    public static let executionManagementJobDescription = Self(rawValue: "executionmanagement.jobdescription")
    public static let executionManagementDynamicVMDeploy = Self(rawValue: "executionmanagement.dynamicvmdeploy")
    public static let informationDiscoveryResource = Self(rawValue: "information.discovery.resource")
    public static let informationPublication = Self(rawValue: "information.publication")
    public static let dataTransfer = Self(rawValue: "data.transfer")
    public static let cloudManagement = Self(rawValue: "cloud.management")
    public static let cloudVMUploading = Self(rawValue: "cloud.vm.uploading")
    public static let cloudStorage = Self(rawValue: "cloud.storage")
}
extension Capability: GLUEScalar {}

/// InterfaceName_t: the protocol an endpoint speaks.
public struct InterfaceName: GLUEOpenEnumeration {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let ogfBES = Self(rawValue: "ogf.bes")
    public static let ogfSRM = Self(rawValue: "ogf.srm")
    public static let emiExecutionService = Self(rawValue: "emi.executionservice")
    public static let ogfGLUE2LDAP = Self(rawValue: "org.nordugrid.ldapglue2")
    public static let openStackNova = Self(rawValue: "org.openstack.nova")
    public static let ogfOCCI = Self(rawValue: "org.ogf.occi")
    public static let gveSiteService = Self(rawValue: "org.gve.siteservice")
    public static let gveAgent = Self(rawValue: "org.gve.agent")
}
extension InterfaceName: GLUEScalar {}

/// ServiceType_t: the kind of a service.
public struct ServiceType: GLUEOpenEnumeration {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let nordugridAREX = Self(rawValue: "org.nordugrid.arex")
    public static let openStackNova = Self(rawValue: "org.openstack.nova")
    public static let cloudComputing = Self(rawValue: "org.cloud.iaas")
    public static let gveSiteService = Self(rawValue: "org.gve.site")
}
extension ServiceType: GLUEScalar {}

/// EndpointTechnology_t.
public struct EndpointTechnology: GLUEOpenEnumeration {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let webservice = Self(rawValue: "webservice")
    public static let rest = Self(rawValue: "rest")
    public static let ldap = Self(rawValue: "ldap")
    public static let corba = Self(rawValue: "corba")
    public static let jndi = Self(rawValue: "jndi")
}
extension EndpointTechnology: GLUEScalar {}

/// ContactType_t.
public struct ContactType: GLUEOpenEnumeration {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let general = Self(rawValue: "general")
    public static let security = Self(rawValue: "security")
    public static let sysadmin = Self(rawValue: "sysadmin")
    public static let userSupport = Self(rawValue: "usersupport")
}
extension ContactType: GLUEScalar {}

/// OSFamily_t: the general family of an operating system.
public struct OSFamily: GLUEOpenEnumeration {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let linux = Self(rawValue: "linux")
    public static let macOSX = Self(rawValue: "macosx")
    public static let solaris = Self(rawValue: "solaris")
    public static let windows = Self(rawValue: "windows")
}
extension OSFamily: GLUEScalar {}

/// OSName_t: the name of an operating system.
public struct OSName: GLUEOpenEnumeration {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let centos = Self(rawValue: "centos")
    public static let debian = Self(rawValue: "debian")
    public static let fedora = Self(rawValue: "fedora")
    public static let redHatEnterprise = Self(rawValue: "redhatenterprise")
    public static let scientificLinux = Self(rawValue: "scientificlinux")
    public static let suse = Self(rawValue: "suse")
    public static let ubuntu = Self(rawValue: "ubuntu")
    public static let almaLinux = Self(rawValue: "almalinux")
    public static let rocky = Self(rawValue: "rocky")
}
extension OSName: GLUEScalar {}

/// Platform_t: a processor architecture.
public struct Platform: GLUEOpenEnumeration {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let amd64 = Self(rawValue: "amd64")
    public static let i386 = Self(rawValue: "i386")
    public static let itanium = Self(rawValue: "itanium")
    public static let powerPC = Self(rawValue: "powerpc")
    public static let sparc = Self(rawValue: "sparc")
    public static let aarch64 = Self(rawValue: "aarch64")
    public static let x86_64 = Self(rawValue: "x86_64")
}
extension Platform: GLUEScalar {}

/// PolicyScheme_t: how policy rules are written.
public struct PolicyScheme: GLUEOpenEnumeration {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let basic = Self(rawValue: "basic")
    public static let gacl = Self(rawValue: "gacl")
    public static let gliteStandard = Self(rawValue: "org.glite.standard")
}
extension PolicyScheme: GLUEScalar {}

/// NetworkInfo_t: a kind of network.
public struct NetworkInfo: GLUEOpenEnumeration {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let ethernet100Megabit = Self(rawValue: "100megabitethernet")
    public static let gigabitEthernet = Self(rawValue: "gigabitethernet")
    public static let tenGigabitEthernet = Self(rawValue: "10gigabitethernet")
    public static let infiniband = Self(rawValue: "infiniband")
    public static let myrinet = Self(rawValue: "myrinet")
}
extension NetworkInfo: GLUEScalar {}

/// JobDescription_t: a job description language.
public struct JobDescription: GLUEOpenEnumeration {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let nordugridXRSL = Self(rawValue: "nordugrid:xrsl")
    public static let ogfJSDL = Self(rawValue: "ogf:jsdl")
    public static let emiADL = Self(rawValue: "emi:adl")
    public static let gliteJDL = Self(rawValue: "glite:jdl")
    public static let condorClassAd = Self(rawValue: "condor:classad")
}
extension JobDescription: GLUEScalar {}

/// Benchmark_t.
public struct BenchmarkType: GLUEOpenEnumeration {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let bogomips = Self(rawValue: "bogomips")
    public static let cfp2006 = Self(rawValue: "cfp2006")
    public static let cint2006 = Self(rawValue: "cint2006")
    public static let linpack = Self(rawValue: "linpack")
    public static let specfp2000 = Self(rawValue: "specfp2000")
    public static let specint2000 = Self(rawValue: "specint2000")
    public static let hepSpec06 = Self(rawValue: "hep-spec06")
    public static let hepScore23 = Self(rawValue: "hepscore23")
}
extension BenchmarkType: GLUEScalar {}

/// SchedulingPolicy_t.
public struct SchedulingPolicy: GLUEOpenEnumeration {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let fairshare = Self(rawValue: "fairshare")
    public static let fifo = Self(rawValue: "fifo")
    public static let random = Self(rawValue: "random")
}
extension SchedulingPolicy: GLUEScalar {}

/// AppEnvState_t.
public struct ApplicationEnvironmentState: GLUEOpenEnumeration {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let installable = Self(rawValue: "installable")
    public static let installedVerified = Self(rawValue: "installedverified")
    public static let installedNotVerified = Self(rawValue: "installednotverified")
    public static let notInstallable = Self(rawValue: "notinstallable")
    public static let pendingRemoval = Self(rawValue: "pendingremoval")
}
extension ApplicationEnvironmentState: GLUEScalar {}

/// License_t.
public struct License: GLUEOpenEnumeration {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let commercial = Self(rawValue: "commercial")
    public static let openSource = Self(rawValue: "opensource")
    public static let unknown = Self(rawValue: "unknown")
}
extension License: GLUEScalar {}

/// ParallelSupport_t.
public struct ParallelSupport: GLUEOpenEnumeration {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let mpi = Self(rawValue: "mpi")
    public static let openMP = Self(rawValue: "openmp")
    public static let none = Self(rawValue: "none")
}
extension ParallelSupport: GLUEScalar {}

/// DiskVirtualizationT_t (GLUE 2.1): a virtual disk image format.
public struct VirtualDiskFormat: GLUEOpenEnumeration {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let qcow2 = Self(rawValue: "qcow2")
    public static let raw = Self(rawValue: "raw")
    public static let vmdk = Self(rawValue: "vmdk")
    public static let vdi = Self(rawValue: "vdi")
}
extension VirtualDiskFormat: GLUEScalar {}

/// HostAccessInfo_t (GLUE 2.1): how users get into a VM started from an image.
public struct ImageAccessInfo: GLUEOpenEnumeration {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let contextualization = Self(rawValue: "contextualization")
    public static let predefinedPassword = Self(rawValue: "predefined-password")
    public static let predefinedKey = Self(rawValue: "predefined-key")
    public static let none = Self(rawValue: "none")
}
extension ImageAccessInfo: GLUEScalar {}

/// NetworkType_t (GLUE 2.1): the default network set up for an instance.
public struct NetworkType: GLUEOpenEnumeration {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let `public` = Self(rawValue: "public")
    public static let `private` = Self(rawValue: "private")
    public static let privateOnly = Self(rawValue: "private_only")
}
extension NetworkType: GLUEScalar {}
