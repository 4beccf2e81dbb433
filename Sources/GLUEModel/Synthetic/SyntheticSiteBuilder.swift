// GVE — GLUEModel
// Builds one synthetic site for GLUESyntheticGenerator.
import Foundation

struct SyntheticSiteBuilder {
    let configuration: GLUESyntheticGenerator.Configuration
    let index: Int
    let siteID: String
    let host: String
    var rng: SplitMix64

    static let countries: [(String, String, Double, Double)] = [
        ("Sweden", "Lund", 55.7, 13.2), ("Switzerland", "Geneva", 46.2, 6.1), ("Germany", "Karlsruhe", 49.0, 8.4),
        ("Italy", "Bologna", 44.5, 11.3), ("Norway", "Oslo", 59.9, 10.7), ("Denmark", "Copenhagen", 55.7, 12.6),
        ("Slovenia", "Ljubljana", 46.0, 14.5), ("Spain", "Barcelona", 41.4, 2.2),
    ]
    /// MB; half of the values are >= 131072.
    static let memorySizes = [16_384, 32_768, 65_536, 131_072, 262_144, 524_288]
    static let cpus: [(String, String, Int)] = [
        ("GenuineIntel", "Xeon Gold 6248", 2500), ("AuthenticAMD", "EPYC 7742", 2250),
        ("GenuineIntel", "Xeon Platinum 8380", 2300), ("AuthenticAMD", "EPYC 9654", 2400),
    ]
    static let systems: [(OSName, String)] = [(.debian, "12"), (.ubuntu, "22.04"), (.almaLinux, "9.4"), (.rocky, "8.10")]
    static let lrms: [(String, String)] = [("SLURM", "23.02.7"), ("HTCondor", "10.0.9"), ("PBSPro", "2022.1")]
    static let flavours: [(String, Int, Int, Int)] = [
        ("small", 1, 2048, 20), ("medium", 2, 4096, 40), ("large", 4, 8192, 80), ("xlarge", 8, 16_384, 160),
    ]
    static let vos = ["atlas", "cms", "lhcb", "alice", "ops", "dteam", "biomed", "belle"]
    static let states: [CloudComputingInstanceState] = [.running, .pending, .suspended, .halted]

    init(configuration: GLUESyntheticGenerator.Configuration, index: Int) {
        self.configuration = configuration
        self.index = index
        self.siteID = "SITE-" + String(String(index + 100_000).dropFirst())
        self.host = siteID.lowercased() + ".example.org"
        self.rng = SplitMix64(seed: configuration.seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(truncatingIfNeeded: index))
    }

    func stamp<E: GLUEEntity>(_ e: inout E, _ name: String? = nil) {
        e.creationTime = configuration.creationTime
        e.validity = configuration.validity
        if let name { e.name = name }
    }

    mutating func site() -> GLUESite {
        var domain = AdminDomain(id: siteID)
        stamp(&domain, siteID)
        domain.description = "Synthetic site \(index)"
        domain.www = ["https://www.\(host)/"]
        domain.distributed = false
        domain.owners = ["Synthetic Grid Organisation"]
        domain.parentDomainID = "urn:ogf:AdminDomain:synthetic-grid"

        let (country, town, lat, lon) = Self.countries[index % Self.countries.count]
        var location = Location(id: "urn:ogf:Location:\(siteID)")
        stamp(&location, town)
        location.address = "\(index % 400 + 1) Grid Road"
        location.place = town
        location.country = country
        location.postCode = String(10_000 + index % 89_999)
        location.latitude = ((lat + Double(rng.between(-500, 500)) / 1000) * 1000).rounded() / 1000
        location.longitude = ((lon + Double(rng.between(-500, 500)) / 1000) * 1000).rounded() / 1000
        location.domainIDs = [siteID]

        var contact = Contact(id: "urn:ogf:Contact:\(siteID):sysadmin")
        stamp(&contact)
        contact.detail = "mailto:grid-admin@\(host)"
        contact.type = .sysadmin
        contact.domainIDs = [siteID]

        return GLUESite(domain: domain, location: location, contacts: [contact],
                        computingServices: [computing()], cloudServices: [cloud()])
    }

    mutating func host(_ e: inout ExecutionEnvironment, managerID: String) {
        let (vendor, model, mhz) = rng.pick(Self.cpus)
        let (osName, osVersion) = rng.pick(Self.systems)
        stamp(&e)
        e.platform = .amd64
        e.virtualMachine = false
        e.mainMemorySize = rng.pick(Self.memorySizes)
        e.virtualMemorySize = e.mainMemorySize * 2
        e.physicalCPUs = 2
        e.logicalCPUs = rng.pick([32, 64, 128, 256])
        e.totalInstances = rng.between(1, 64)
        e.usedInstances = rng.between(0, e.totalInstances!)
        e.unavailableInstances = 0
        e.cpuMultiplicity = .multiCPUMultiCore
        e.cpuVendor = vendor
        e.cpuModel = model
        e.cpuClockSpeed = mhz
        e.cpuTimeScalingFactor = 1.0
        e.osFamily = .linux
        e.osName = osName
        e.osVersion = osVersion
        e.connectivityIn = false
        e.connectivityOut = true
        e.networkInfo = [.tenGigabitEthernet]
        e.managerID = managerID
    }

    mutating func computing() -> ComputingServiceTree {
        let c = configuration
        let ce = "ce.\(host)"
        var service = ComputingService(id: "urn:ogf:ComputingService:\(ce)")
        stamp(&service, "\(ce) computing element")
        service.capabilities = [.executionManagementJobExecution, .informationDiscoveryResource]
        service.type = .nordugridAREX
        service.qualityLevel = index % 10 == 0 ? .testing : .production
        service.complexity = "endpointType=\(c.computingEndpoints),share=\(c.computingShares),resource=\(c.executionEnvironments)"
        service.adminDomainID = siteID
        let slots = rng.pick([64, 128, 256, 512, 1024, 4096])
        let running = rng.between(0, slots)
        let waiting = rng.between(0, slots / 2)
        service.runningJobs = running
        service.waitingJobs = waiting
        service.totalJobs = running + waiting
        service.stagingJobs = rng.between(0, 20)

        let managerID = "urn:ogf:ComputingManager:\(ce):slurm"
        var tree = ComputingServiceTree(service: service)
        for e in 0..<c.computingEndpoints {
            var ep = ComputingEndpoint(id: "urn:ogf:ComputingEndpoint:\(ce):emies:\(e)")
            stamp(&ep)
            ep.url = "https://\(ce):443/arex/\(e)"
            ep.capabilities = [.executionManagementJobExecution]
            ep.technology = .webservice
            ep.interfaceName = "org.ogf.glue.emies.activitycreation"
            ep.interfaceVersion = "1.16"
            ep.implementor = "NorduGrid"
            ep.implementationName = "nordugrid-arc"
            ep.implementationVersion = "6.17.0"
            ep.qualityLevel = .production
            ep.healthState = rng.below(20) == 0 ? .critical : .ok
            ep.servingState = .production
            ep.issuerCA = "/DC=org/DC=example/CN=Synthetic CA"
            ep.staging = .stagingInOut
            ep.jobDescriptions = [.emiADL, .nordugridXRSL]
            ep.serviceID = service.id
            tree.endpoints.append(ep)
            if c.policies {
                var p = AccessPolicy(id: "\(ep.id):AccessPolicy")
                stamp(&p)
                p.rules = Self.vos.prefix(2 + index % 5).map { "vo:\($0)" }
                p.userDomainIDs = Self.vos.prefix(2 + index % 5).map { $0 }
                p.endpointID = ep.id
                tree.accessPolicies.append(p)
            }
        }
        let environmentIDs = (0..<c.executionEnvironments).map { "urn:ogf:ExecutionEnvironment:\(ce):ee\($0)" }
        for s in 0..<c.computingShares {
            let vo = Self.vos[(index + s) % Self.vos.count]
            var share = ComputingShare(id: "urn:ogf:ComputingShare:\(ce):\(vo)_\(s)")
            stamp(&share, "\(vo)_\(s)")
            share.description = "queue for \(vo)"
            share.mappingQueue = "\(vo)_q"
            share.maxWallTime = rng.pick([86_400, 172_800, 604_800])
            share.maxCPUTime = share.maxWallTime
            share.defaultWallTime = 3600
            share.maxRunningJobs = slots
            share.maxSlotsPerJob = rng.pick([1, 8, 16, 64])
            share.maxMainMemory = rng.pick(Self.memorySizes)
            share.servingState = .production
            share.runningJobs = running / max(1, c.computingShares)
            share.waitingJobs = waiting / max(1, c.computingShares)
            share.totalJobs = share.runningJobs! + share.waitingJobs!
            share.freeSlots = slots - running
            share.usedSlots = share.runningJobs
            share.endpointIDs = tree.endpoints.map(\.id)
            share.executionEnvironmentIDs = environmentIDs
            share.serviceID = service.id
            tree.shares.append(share)
            if c.policies {
                var p = MappingPolicy(id: "\(share.id):MappingPolicy")
                stamp(&p)
                p.rules = ["vo:\(vo)"]
                p.userDomainIDs = [vo]
                p.shareID = share.id
                tree.mappingPolicies.append(p)
            }
        }
        let (lrms, version) = Self.lrms[index % Self.lrms.count]
        var manager = ComputingManager(id: managerID)
        stamp(&manager, lrms)
        manager.productName = lrms
        manager.productVersion = version
        manager.totalPhysicalCPUs = max(1, slots / 8)
        manager.totalLogicalCPUs = slots
        manager.totalSlots = slots
        manager.slotsUsedByGridJobs = running
        manager.slotsUsedByLocalJobs = 0
        manager.homogeneous = c.executionEnvironments == 1
        manager.workingAreaShared = true
        manager.tmpDir = "/tmp"
        manager.serviceID = service.id
        tree.managers = [manager]
        for (x, eeID) in environmentIDs.enumerated() {
            var ee = ExecutionEnvironment(id: eeID)
            host(&ee, managerID: managerID)
            ee.name = "ee\(x)"
            tree.executionEnvironments.append(ee)
            if c.benchmarks {
                var b = Benchmark(id: "\(eeID):hep-spec06")
                stamp(&b)
                b.type = .hepSpec06
                b.value = Double(rng.between(80, 200)) / 10
                b.executionEnvironmentID = eeID
                tree.benchmarks.append(b)
            }
        }
        for a in 0..<c.applicationEnvironments {
            var app = ApplicationEnvironment(id: "urn:ogf:ApplicationEnvironment:\(ce):rte\(a)")
            stamp(&app)
            app.appName = "APPS/HEP/ATLAS-SITE-\(a)"
            app.appVersion = "1.\(a)"
            app.state = .installedVerified
            app.executionEnvironmentIDs = environmentIDs
            app.managerID = managerID
            tree.applicationEnvironments.append(app)
        }
        return tree
    }

    mutating func cloud() -> CloudComputingServiceTree {
        let c = configuration
        let cloudHost = "cloud.\(host)"
        var service = CloudComputingService(id: "urn:ogf:CloudComputingService:\(cloudHost)")
        stamp(&service, "\(cloudHost) cloud")
        service.capabilities = [.executionManagementDynamicVMDeploy, .cloudManagement]
        service.type = .cloudComputing
        service.qualityLevel = .production
        service.adminDomainID = siteID
        service.aup = "https://www.\(host)/aup"

        let endpointID = "urn:ogf:CloudComputingEndpoint:\(cloudHost):gve"
        let shareID = "urn:ogf:CloudComputingShare:\(cloudHost):default"
        let managerID = "urn:ogf:CloudComputingManager:\(cloudHost):libvirt"
        var endpoint = CloudComputingEndpoint(id: endpointID)
        stamp(&endpoint)
        endpoint.url = "https://\(cloudHost):8443/gve/soap"
        endpoint.capabilities = [.executionManagementDynamicVMDeploy]
        endpoint.technology = .webservice
        endpoint.interfaceName = .gveSiteService
        endpoint.interfaceVersion = "1.0"
        endpoint.implementationName = "gve"
        endpoint.implementationVersion = "0.1"
        endpoint.healthState = .ok
        endpoint.servingState = .production
        endpoint.serviceID = service.id

        var manager = CloudComputingManager(id: managerID)
        stamp(&manager, "libvirt")
        manager.productName = "libvirt"
        manager.productVersion = "9.0.0"
        manager.hypervisorName = "KVM"
        manager.hypervisorVersion = "7.2"
        manager.virtualDiskFormats = [.qcow2, .raw]
        manager.liveMigration = false
        manager.serviceID = service.id

        var tree = CloudComputingServiceTree(service: service, endpoints: [endpoint])
        for h in 0..<c.cloudHosts {
            var ee = ExecutionEnvironment(id: "urn:ogf:ExecutionEnvironment:\(cloudHost):host\(h)")
            host(&ee, managerID: managerID)
            ee.name = "host\(h).\(host)"
            ee.virtualMachine = false
            tree.hosts.append(ee)
        }
        manager.totalCPUs = tree.hosts.reduce(0) { $0 + ($1.logicalCPUs ?? 0) }
        manager.totalRAM = tree.hosts.reduce(0) { $0 + $1.mainMemorySize }
        manager.instanceMinCPU = 1
        manager.instanceMaxCPU = Self.flavours[max(0, min(c.instanceTypes, Self.flavours.count) - 1)].1
        manager.instanceMinRAM = 2048
        manager.instanceMaxRAM = Self.flavours[max(0, min(c.instanceTypes, Self.flavours.count) - 1)].2
        tree.managers = [manager]

        for t in 0..<c.instanceTypes {
            let (flavour, cpu, ram, disk) = Self.flavours[t % Self.flavours.count]
            var type = CloudComputingInstanceType(id: "urn:ogf:CloudComputingInstanceType:\(cloudHost):\(flavour)\(t < Self.flavours.count ? "" : String(t))")
            stamp(&type, flavour)
            type.templateID = flavour
            type.platform = .amd64
            type.cpu = cpu
            type.ram = ram
            type.disk = disk
            type.networkIn = true
            type.networkOut = true
            type.managerID = managerID
            type.shareIDs = [shareID]
            type.endpointIDs = [endpointID]
            tree.instanceTypes.append(type)
        }
        for i in 0..<c.images {
            let (osName, osVersion) = Self.systems[(index + i) % Self.systems.count]
            let template = "\(osName.rawValue)-\(osVersion)"
            var image = CloudComputingImage(id: "urn:ogf:CloudComputingImage:\(cloudHost):\(template)\(i < Self.systems.count ? "" : String(i))")
            stamp(&image, template)
            image.templateID = template
            image.osPlatform = .amd64
            image.osFamily = .linux
            image.osName = osName
            image.osVersion = osVersion
            image.diskSize = rng.pick([2, 4, 10, 20])
            image.minCPU = 1
            image.minRAM = 1024
            image.recommendedRAM = 4096
            image.accessInfo = .contextualization
            image.contextualizationName = "cloud-init"
            image.managerID = managerID
            image.shareIDs = [shareID]
            image.endpointIDs = [endpointID]
            tree.images.append(image)
        }
        var counts: [CloudComputingInstanceState: Int] = [:]
        for v in 0..<c.instances {
            var vm = CloudComputingInstance(id: "urn:ogf:CloudComputingInstance:\(cloudHost):vm\(v)")
            stamp(&vm)
            vm.vmID = "https://\(cloudHost):8443/gve/vm/\(v)"
            vm.localID = "gve-\(siteID.lowercased())-vm\(v)"
            vm.state = rng.pick(Self.states)
            counts[vm.state, default: 0] += 1
            vm.owner = "/DC=org/DC=example/CN=user\(rng.below(100))"
            if !tree.hosts.isEmpty, vm.state == .running || vm.state == .suspended {
                vm.executionNodes = [tree.hosts[rng.below(tree.hosts.count)].name ?? host]
            }
            vm.startTime = configuration.creationTime
            vm.endpointID = endpointID
            vm.shareID = shareID
            vm.instanceTypeID = tree.instanceTypes.isEmpty ? nil : tree.instanceTypes[rng.below(tree.instanceTypes.count)].id
            vm.imageID = tree.images.isEmpty ? nil : tree.images[rng.below(tree.images.count)].id
            tree.instances.append(vm)
        }
        service.totalVM = c.instances
        service.runningVM = counts[.running, default: 0]
        service.pendingVM = counts[.pending, default: 0]
        service.suspendedVM = counts[.suspended, default: 0]
        service.haltedVM = counts[.halted, default: 0]
        tree.service = service

        var share = CloudComputingShare(id: shareID)
        stamp(&share, "default")
        share.description = "default project"
        share.totalVM = service.totalVM
        share.runningVM = service.runningVM
        share.pendingVM = service.pendingVM
        share.suspendedVM = service.suspendedVM
        share.haltedVM = service.haltedVM
        share.maxVM = 100
        share.instanceMaxCPU = manager.instanceMaxCPU
        share.instanceMaxRAM = manager.instanceMaxRAM
        share.defaultNetworkType = .private
        share.projectID = "default"
        share.serviceID = service.id
        share.endpointIDs = [endpointID]
        share.instanceTypeIDs = tree.instanceTypes.map(\.id)
        share.imageIDs = tree.images.map(\.id)
        tree.shares = [share]
        return tree
    }
}
