#!/usr/bin/env python3
"""Writes N GLUE 2-shaped LDIF entries (BDII top-level layout) to stdout: sites with services,
endpoints, shares, managers and execution environments, ~15-25 attributes each, some long values
(folded at 76 columns) and some base64 values. Deterministic. Usage: gen.py N > file.ldif"""
import base64, sys

def line(out, name, value):
    if value and (value[0] in " :<" or value[-1] == " " or any(ord(c) < 32 or ord(c) > 126 for c in value)):
        text = "%s:: %s" % (name, base64.b64encode(value.encode()).decode())
    else:
        text = "%s: %s" % (name, value)
    out.append(text[:76])
    rest = text[76:]
    while rest:
        out.append(" " + rest[:75])
        rest = rest[75:]

def entry(out, dn, attrs):
    line(out, "dn", dn)
    for name, value in attrs:
        line(out, name, str(value))
    out.append("")

def main():
    n = int(sys.argv[1])
    w = sys.stdout.write
    count = 0
    site = 0
    buf = []
    def flush():
        w("\n".join(buf)); w("\n"); buf.clear()
    buf.append("version: 1"); buf.append("")
    while count < n:
        site += 1
        s = "SITE-%05d" % site
        base = "GLUE2DomainID=%s,GLUE2GroupID=grid,o=glue" % s
        common = [("GLUE2EntityCreationTime", "2026-11-25T09:00:00Z"), ("GLUE2EntityValidity", 3600)]
        entry(buf, base, [("objectClass", "GLUE2Domain"), ("objectClass", "GLUE2AdminDomain"), ("GLUE2DomainID", s),
                          ("GLUE2EntityName", "Site %d" % site), ("GLUE2DomainDescription", "A site of the synthetic grid number %d, with a description long enough to be folded by the writer" % site),
                          ("GLUE2DomainWWW", "https://www.site%d.example.org/" % site), ("GLUE2AdminDomainDistributed", "FALSE")] + common)
        count += 1
        svc = "GLUE2ServiceID=urn:ogf:ComputingService:ce%d.site%d.example.org,GLUE2GroupID=resource,%s" % (site, site, base)
        entry(buf, svc, [("objectClass", "GLUE2Service"), ("objectClass", "GLUE2ComputingService"),
                         ("GLUE2ServiceID", "urn:ogf:ComputingService:ce%d.site%d.example.org" % (site, site)),
                         ("GLUE2ServiceCapability", "executionmanagement.jobexecution"), ("GLUE2ServiceType", "org.nordugrid.arex"),
                         ("GLUE2ServiceQualityLevel", "production"), ("GLUE2ServiceComplexity", "endpointType=2, share=3, resource=1"),
                         ("GLUE2ServiceAdminDomainForeignKey", s), ("GLUE2ComputingServiceTotalJobs", site * 7 % 1000),
                         ("GLUE2ComputingServiceRunningJobs", site * 5 % 800), ("GLUE2ComputingServiceWaitingJobs", site * 3 % 200),
                         ("GLUE2EntityOtherInfo", "InfoProviderName=gve; InfoProviderVersion=1.0; ProfileName=EGI; ProfileVersion=1.0 caf\u00e9")] + common)
        count += 1
        for e in range(2):
            eid = "urn:ogf:ComputingEndpoint:ce%d.site%d.example.org:%d" % (site, site, e)
            entry(buf, "GLUE2EndpointID=%s,%s" % (eid, svc), [("objectClass", "GLUE2Endpoint"), ("objectClass", "GLUE2ComputingEndpoint"),
                  ("GLUE2EndpointID", eid), ("GLUE2EndpointURL", "https://ce%d.site%d.example.org:443/arex/%d" % (site, site, e)),
                  ("GLUE2EndpointCapability", "executionmanagement.jobexecution"), ("GLUE2EndpointCapability", "security.delegation"),
                  ("GLUE2EndpointInterfaceName", "org.ogf.glue.emies.activitycreation"), ("GLUE2EndpointInterfaceVersion", "1.16"),
                  ("GLUE2EndpointQualityLevel", "production"), ("GLUE2EndpointHealthState", "ok"), ("GLUE2EndpointServingState", "production"),
                  ("GLUE2EndpointServiceForeignKey", "urn:ogf:ComputingService:ce%d.site%d.example.org" % (site, site)),
                  ("GLUE2EndpointIssuerCA", "/DC=org/DC=example/CN=Example Grid CA %d" % (site % 7)),
                  ("GLUE2EndpointTrustedCA", "/DC=org/DC=example/CN=Example Grid CA %d" % (site % 7)),
                  ("GLUE2ComputingEndpointStaging", "staginginout"), ("GLUE2ComputingEndpointJobDescription", "ogf:jsdl:1.0")] + common)
            count += 1
        for vo in ("atlas", "cms", "ops"):
            sid = "urn:ogf:ComputingShare:ce%d.site%d.example.org:%s" % (site, site, vo)
            entry(buf, "GLUE2ShareID=%s,%s" % (sid, svc), [("objectClass", "GLUE2Share"), ("objectClass", "GLUE2ComputingShare"),
                  ("GLUE2ShareID", sid), ("GLUE2ShareDescription", " share for %s " % vo), ("GLUE2ComputingShareMappingQueue", vo),
                  ("GLUE2ComputingShareMaxWallTime", 259200), ("GLUE2ComputingShareMaxCPUTime", 259200),
                  ("GLUE2ComputingShareMaxRunningJobs", 2000), ("GLUE2ComputingShareRunningJobs", site % 97),
                  ("GLUE2ComputingShareWaitingJobs", site % 13), ("GLUE2ComputingShareTotalJobs", site % 110),
                  ("GLUE2ComputingShareServingState", "production"), ("GLUE2ComputingShareEstimatedAverageWaitingTime", 600),
                  ("GLUE2ShareServiceForeignKey", "urn:ogf:ComputingService:ce%d.site%d.example.org" % (site, site))] + common)
            count += 1
        mid = "urn:ogf:ComputingManager:ce%d.site%d.example.org" % (site, site)
        mgr = "GLUE2ManagerID=%s,%s" % (mid, svc)
        entry(buf, mgr, [("objectClass", "GLUE2Manager"), ("objectClass", "GLUE2ComputingManager"), ("GLUE2ManagerID", mid),
                         ("GLUE2ManagerProductName", "SLURM"), ("GLUE2ManagerProductVersion", "23.02.7"),
                         ("GLUE2ComputingManagerTotalLogicalCPUs", 4096), ("GLUE2ComputingManagerTotalPhysicalCPUs", 128),
                         ("GLUE2ComputingManagerTotalSlots", 4096), ("GLUE2ManagerServiceForeignKey", "urn:ogf:ComputingService:ce%d.site%d.example.org" % (site, site))] + common)
        count += 1
        for r in range(2):
            rid = "urn:ogf:ExecutionEnvironment:ce%d.site%d.example.org:%d" % (site, site, r)
            entry(buf, "GLUE2ResourceID=%s,%s" % (rid, mgr), [("objectClass", "GLUE2Resource"), ("objectClass", "GLUE2ExecutionEnvironment"),
                  ("GLUE2ResourceID", rid), ("GLUE2ResourceManagerForeignKey", mid), ("GLUE2ExecutionEnvironmentPlatform", "amd64"),
                  ("GLUE2ExecutionEnvironmentTotalInstances", 64), ("GLUE2ExecutionEnvironmentUsedInstances", site % 64),
                  ("GLUE2ExecutionEnvironmentPhysicalCPUs", 2), ("GLUE2ExecutionEnvironmentLogicalCPUs", 64),
                  ("GLUE2ExecutionEnvironmentCPUMultiplicity", "multicpu-multicore"), ("GLUE2ExecutionEnvironmentCPUVendor", "AuthenticAMD"),
                  ("GLUE2ExecutionEnvironmentCPUModel", "EPYC 7742"), ("GLUE2ExecutionEnvironmentCPUClockSpeed", 2250),
                  ("GLUE2ExecutionEnvironmentMainMemorySize", 262144), ("GLUE2ExecutionEnvironmentOSFamily", "linux"),
                  ("GLUE2ExecutionEnvironmentOSName", "almalinux"), ("GLUE2ExecutionEnvironmentOSVersion", "9.4"),
                  ("GLUE2ExecutionEnvironmentConnectivityIn", "FALSE"), ("GLUE2ExecutionEnvironmentConnectivityOut", "TRUE")] + common)
            count += 1
        if len(buf) > 20000:
            flush()
    flush()

main()
