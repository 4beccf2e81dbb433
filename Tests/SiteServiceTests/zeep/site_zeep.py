#!/usr/bin/python3
"""Drive the GVE Site Service with zeep, a real SOAP client: load the WSDL from the running server and call every
operation, with WS-Security UsernameToken (PasswordText and PasswordDigest), over SOAP 1.1 and 1.2.

  /usr/bin/python3 site_zeep.py http://127.0.0.1:PORT/soap?wsdl AGENT_URL

Exits non-zero (with the failing step) on any unexpected answer; prints "zeep: N calls ok" at the end.
"""
import sys
import time

import zeep
from zeep.exceptions import Fault
from zeep.wsse.username import UsernameToken

NS = "urn:gve:site:1"
wsdl, agent_url = sys.argv[1], sys.argv[2]
calls = 0


def client(user, password, digest, port=None):
    c = zeep.Client(wsdl=wsdl, wsse=UsernameToken(user, password, use_digest=digest))
    return c.bind("SiteService", port) if port else c.service


def call(fn, *args, **kwargs):
    global calls
    calls += 1
    return fn(*args, **kwargs)


def fault_code(fn, *args, **kwargs):
    global calls
    calls += 1
    try:
        fn(*args, **kwargs)
    except Fault as f:
        code = f.detail.find("{%s}SiteFault/{%s}code" % (NS, NS))
        return code.text if code is not None else "?"
    raise AssertionError("expected a fault from %s" % fn)


def check(cond, what):
    if not cond:
        print("FAILED:", what)
        sys.exit(1)


root = client("root", "rootpw", digest=True)
root12 = client("root", "rootpw", digest=False, port="SiteSoap12Port")

# Admin operations.
u = call(root.CreateUser, name="zeepuser", password="zpw", role="user", allowDigest=True)
check(u.name == "zeepuser" and u.role == "user", "CreateUser")
q = call(root12.SetQuota, user="zeepuser", vms=2, memoryMB=4096)
check(q.limits.vms == 2 and q.remaining.memoryMB == 4096 and q.limits.vcpus is None, "SetQuota")
a = call(root.RegisterAgent, name="zeep-agent", url=agent_url, username="site", password="agent-secret", vmmType="test")
check(a.name == "zeep-agent", "RegisterAgent")
check("zeep-agent" in [x.name for x in call(root.ListAgents)], "ListAgents")

user = client("zeepuser", "zpw", digest=True)
user_text = client("zeepuser", "zpw", digest=False)
user12 = client("zeepuser", "zpw", digest=True, port="SiteSoap12Port")

# Wait for the inventory to pick the agent up.
for _ in range(600):
    images = call(user.ListImages)
    if any(i.host == "zeep-host" for i in images):
        break
    time.sleep(0.05)
check(any(i.name == "debian" for i in images), "ListImages")

r = call(user.RequestVM, image="debian", vcpus=1, memoryMB=512, diskGB=2, lifetime="PT30M", count=1,
         clientRequestId="zeep-1", hint=[{"name": "zone", "value": "a"}])
check(len(r.job) == 1 and r.replayed is False, "RequestVM")
again = call(user12.RequestVM, image="debian", vcpus=1, memoryMB=512, diskGB=2, clientRequestId="zeep-1")
check(again.replayed is True and again.job[0].id == r.job[0].id, "RequestVM idempotent")
job_id = r.job[0].id
for _ in range(600):
    job = call(user.GetJob, jobId=job_id)
    if job.state in ("running", "failed"):
        break
    time.sleep(0.05)
check(job.state == "running", "GetJob running, got %s" % job.state)
check([t.state for t in job.transition][-1] == "running", "GetJob history")
check(any(j.id == job_id for j in call(user_text.ListJobs, state="running")), "ListJobs")
name = job.vmName
vms = call(user.ListVMs, includeReleased=False)
check([v.name for v in vms] == [name], "ListVMs")
vm = call(user.DescribeVM, name=name)
check(vm.state == "running" and vm.leaseWarning is False, "DescribeVM")
# DescribeVM's GLUE 2.1 CloudComputingInstance view.
gi = vm.instance
check(gi is not None and gi.State == "running" and gi.Name == name and gi.LocalID == name, "DescribeVM instance state/name")
check(gi.ID == "urn:gve:vm:" + vm.uuid and gi.VMID == vm.uuid and gi.ExecutionNode == vm.host, "DescribeVM instance IDs")
check(gi.ImageID == "urn:gve:image:%s:debian" % vm.host and gi.InstanceType.VCPU == vm.vcpus and gi.InstanceType.RAM == vm.memoryMB
      and gi.InstanceType.Disk == vm.diskGB and gi.InstanceType.ID.startswith("urn:gve:instancetype:"), "DescribeVM instance type")
check(gi.CreationTime == vm.created and gi.LeaseEnd == vm.leaseEnd and gi.Validity == int((vm.leaseEnd - vm.created).total_seconds()),
      "DescribeVM instance validity")
check(gi.ComputingManagerSubmissionTime <= gi.StartTime and gi.EndTime is None and gi.Owner == vm.owner
      and gi.AccessProtocol == "ssh", "DescribeVM instance times")
check(all(v.instance is None for v in vms), "ListVMs leaves the instance view out")
check(call(user.ManageVM, name=name, action="stop").state == "halted", "ManageVM stop")
check(call(user12.ManageVM, name=name, action="start").state == "running", "ManageVM start")
ext = call(user.ExtendLease, name=name, extension="PT10M")
check((ext.leaseEnd - vm.leaseEnd).total_seconds() == 600, "ExtendLease")
quota = call(user.GetQuota)
check(quota.used.vms == 1 and quota.remaining.vms == 1, "GetQuota")

# Faults with machine-readable codes.
check(fault_code(user.RequestVM, image="debian", vcpus=1, memoryMB=8192, diskGB=1) == "QuotaExceeded", "QuotaExceeded")
check(fault_code(user.RequestVM, image="nope", vcpus=1, memoryMB=1, diskGB=1) == "UnknownImage", "UnknownImage")
check(fault_code(user.GetJob, jobId="missing") == "NotFound", "NotFound")
check(fault_code(user.ListAgents) == "NotAuthorized", "NotAuthorized")
check(fault_code(client("zeepuser", "wrong", digest=True).GetQuota) == "AuthenticationFailed", "AuthenticationFailed digest")
check(fault_code(client("zeepuser", "wrong", digest=False).GetQuota) == "AuthenticationFailed", "AuthenticationFailed text")

released = call(user.ReleaseVM, name=name)
check(released.state in ("releasing", "released"), "ReleaseVM")
for _ in range(600):
    if call(user.GetJob, jobId=job_id).state == "released":
        break
    time.sleep(0.05)
check(call(user.GetJob, jobId=job_id).state == "released", "released")

d = call(root.DisableUser, name="zeepuser", disabled=True)
check(d.disabled is True, "DisableUser")
audit = call(root.QueryAudit, actor="zeepuser", limit=500)
check(any(e.operation == "RequestVM" and e.outcome == "ok" for e in audit), "QueryAudit")
check(call(root.RemoveAgent, name="zeep-agent") is True, "RemoveAgent")
print("zeep: %d calls ok" % calls)
