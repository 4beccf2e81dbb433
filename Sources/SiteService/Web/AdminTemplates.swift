// GVE — SiteService
// The admin pages as Mustache templates (HTML-escaped by default; only `body` is inserted raw, and it is itself a
// rendered template). Accessible markup: lang, headings, labelled inputs, table headers with scope.
import Mustache

/// The compiled admin templates.
enum AdminTemplates {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in sources {
            do {
                try library.register(text, named: name)
            } catch {
                preconditionFailure("admin template '\(name)' does not parse: \(error)")  // a constant in this file
            }
        }
        return library
    }()

    /// Renders a page body inside the layout.
    static func page(_ name: String, title: String, context: [String: Any], layout: [String: Any]) -> String {
        var inner = context
        for (k, v) in layout where inner[k] == nil { inner[k] = v }
        let body = library.render(inner, withTemplate: name) ?? ""
        var outer = layout
        outer["title"] = title
        outer["body"] = body
        return library.render(outer, withTemplate: "layout") ?? ""
    }

    static let sources: [(String, String)] = [
        ("layout", layout), ("login", login), ("overview", overview), ("agents", agents), ("users", users), ("vms", vms),
        ("jobs", jobs), ("job", job), ("audit", audit), ("message", message), ("images", images), ("vm", vm), ("vmActions", vmActions),
    ]

    static let layout = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · GVE site admin</title>
        <link rel="stylesheet" href="/admin/static/app.css">
        {{#refresh}}<script src="/admin/static/app.js" defer></script>{{/refresh}}
        </head>
        <body>
        <header class="top">
        <a class="skip" href="#main">Skip to content</a>
        <p class="brand">GVE site admin</p>
        {{#signedIn}}
        <nav aria-label="Main">
        <ul>
        {{#nav}}<li><a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a></li>{{/nav}}
        </ul>
        </nav>
        <form method="post" action="/admin/logout" class="logout">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <button type="submit">Log out {{user}}</button>
        </form>
        {{/signedIn}}
        </header>
        <main id="main">
        <h1>{{title}}</h1>
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
        {{{body}}}
        </main>
        </body>
        </html>

        """

    static let login = """
        <form method="post" action="/admin/login" class="card">
        <input type="hidden" name="csrf" value="{{loginCsrf}}">
        <p><label for="user">User name</label><input id="user" name="user" autocomplete="username" required></p>
        <p><label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required></p>
        <p><button type="submit">Log in</button></p>
        </form>
        <p>Only accounts with the admin role may log in here.</p>

        """

    static let message = """
        <p><a href="/admin/overview">Back to the overview</a></p>

        """

    static let overview = """
        <section id="live" aria-labelledby="live-heading">
        <h2 id="live-heading" class="sr">Site state</h2>
        <p class="updated">As of <time datetime="{{generated}}">{{generated}}</time>.
        {{#inventoryAt}}Inventory (registry or agent poll) last reported <time datetime="{{inventoryAt}}">{{inventoryAge}}</time>.{{/inventoryAt}}
        {{#inventoryStale}}<strong class="stale">The inventory is stale: placement works on old figures.</strong>{{/inventoryStale}}
        {{^inventoryAt}}No inventory reported yet.{{/inventoryAt}}</p>
        <h2>Agents</h2>
        {{#hasAgents}}
        <div class="scroll"><table>
        <thead><tr><th scope="col">Agent</th><th scope="col">VMM type</th><th scope="col">Health</th><th scope="col">Enabled</th><th scope="col">Last check</th></tr></thead>
        <tbody>
        {{#agents}}<tr><th scope="row">{{name}}</th><td>{{vmmType}}</td><td><span class="badge {{healthClass}}">{{health}}</span>{{#lastError}} <small>{{lastError}}</small>{{/lastError}}</td><td>{{enabledText}}</td><td>{{checked}}</td></tr>
        {{/agents}}
        </tbody></table></div>
        {{/hasAgents}}
        {{^hasAgents}}<p>No agents registered. <a href="/admin/agents">Register one</a>.</p>{{/hasAgents}}
        <h2>Hosts</h2>
        {{#hasHosts}}
        <ul class="hosts">
        {{#hosts}}<li class="host">
        <h3>{{hostname}} <small>{{hypervisor}}, {{state}}, {{instances}} VMs, reported {{reported}}</small></h3>
        <p><label for="cpu-{{hostname}}">CPUs: {{usedCpus}} of {{cpus}} in use</label>
        <meter id="cpu-{{hostname}}" min="0" max="{{cpus}}" value="{{usedCpus}}">{{usedCpus}} of {{cpus}}</meter></p>
        <p><label for="mem-{{hostname}}">Memory: {{usedMemoryMB}} of {{memoryMB}} MB in use</label>
        <meter id="mem-{{hostname}}" min="0" max="{{memoryMB}}" value="{{usedMemoryMB}}">{{usedMemoryMB}} of {{memoryMB}} MB</meter></p>
        </li>
        {{/hosts}}
        </ul>
        {{/hasHosts}}
        {{^hasHosts}}<p>No hosts reported yet.</p>{{/hasHosts}}
        <h2>VMs by state</h2>
        {{#hasVMs}}
        <div class="scroll"><table>
        <thead><tr><th scope="col">State</th><th scope="col">VMs</th></tr></thead>
        <tbody>{{#vmStates}}<tr><th scope="row">{{state}}</th><td>{{count}}</td></tr>{{/vmStates}}</tbody>
        </table></div>
        {{/hasVMs}}
        {{^hasVMs}}<p>No VMs.</p>{{/hasVMs}}
        <h2>Jobs</h2>
        <p><a href="/admin/jobs">{{inFlight}} in flight</a>, <a href="/admin/jobs?state=running">{{running}} running</a>, <a href="/admin/jobs?state=failed">{{failed}} failed</a>.</p>
        {{#hasFailures}}
        <div class="scroll"><table>
        <caption>Latest failures</caption>
        <thead><tr><th scope="col">Job</th><th scope="col">Owner</th><th scope="col">Error</th><th scope="col">At</th></tr></thead>
        <tbody>{{#recentFailures}}<tr><th scope="row"><a href="/admin/jobs/{{id}}">{{id}}</a></th><td>{{owner}}</td><td>{{errorCode}}</td><td><time datetime="{{updated}}">{{updated}}</time></td></tr>{{/recentFailures}}</tbody>
        </table></div>
        {{/hasFailures}}
        <h2>Lease ends coming up</h2>
        {{#hasLeases}}
        <div class="scroll"><table>
        <thead><tr><th scope="col">VM</th><th scope="col">Owner</th><th scope="col">Lease ends</th></tr></thead>
        <tbody>{{#leases}}<tr{{#leaseWarning}} class="warn"{{/leaseWarning}}><th scope="row">{{name}}</th><td>{{owner}}</td><td><time datetime="{{leaseEnd}}">{{leaseEnd}}</time>{{#leaseWarning}} (soon){{/leaseWarning}}</td></tr>{{/leases}}</tbody>
        </table></div>
        {{/hasLeases}}
        {{^hasLeases}}<p>No leases running.</p>{{/hasLeases}}
        </section>

        """

    static let agents = """
        {{#check}}
        <section class="check {{#reachable}}good{{/reachable}}{{^reachable}}badcheck{{/reachable}}" role="status" aria-labelledby="check-heading">
        <h2 id="check-heading">Connection test: {{agent}}</h2>
        {{#reachable}}<p><strong>Reachable.</strong> {{summary}}</p>{{/reachable}}
        {{^reachable}}<p><strong>Not reachable.</strong> {{error}}</p>{{/reachable}}
        </section>
        {{/check}}
        <h2>Registered agents</h2>
        {{#hasAgents}}
        <div class="scroll"><table>
        <thead><tr><th scope="col">Agent</th><th scope="col">URL</th><th scope="col">VMM type</th><th scope="col">Health</th><th scope="col">Last check</th><th scope="col">Actions</th></tr></thead>
        <tbody>
        {{#agents}}<tr><th scope="row">{{name}}</th><td>{{url}}</td><td>{{vmmType}}</td><td><span class="badge {{healthClass}}">{{health}}</span>{{#lastError}} <small>{{lastError}}</small>{{/lastError}}</td><td>{{checked}}</td>
        <td class="actions"><form method="post" action="/admin/agents/test" class="inline">
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="name" value="{{name}}">
        <button type="submit" aria-label="Test connection to agent {{name}}">Test connection</button></form>
        <form method="post" action="/admin/agents/enable" class="inline">
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="name" value="{{name}}"><input type="hidden" name="enabled" value="{{toggleValue}}">
        <button type="submit" aria-label="{{toggleLabel}} agent {{name}}">{{toggleLabel}}</button></form>
        <form method="post" action="/admin/agents/remove" class="inline">
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="name" value="{{name}}">
        <button type="submit" class="danger" aria-label="Remove agent {{name}}">Remove</button></form></td></tr>
        {{/agents}}
        </tbody></table></div>
        {{/hasAgents}}
        {{^hasAgents}}<p>No agents registered.</p>{{/hasAgents}}
        <h2>Register an agent</h2>
        <form method="post" action="/admin/agents" class="card" id="register-agent">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <p><label for="a-name">Name</label><input id="a-name" name="name" required></p>
        <p><label for="a-url">URL</label><input id="a-url" name="url" type="url" placeholder="http://host:8190" required></p>
        <p><label for="a-user">Credential: user name</label><input id="a-user" name="username" required></p>
        <p><label for="a-password">Credential: password</label><input id="a-password" name="password" type="password" autocomplete="new-password" required></p>
        <p><label for="a-vmm">VMM type</label><input id="a-vmm" name="vmmType" value="kvm" list="vmm-types" required>
        <datalist id="vmm-types"><option value="kvm"><option value="qemu"><option value="xen"><option value="lxc"><option value="test"></datalist></p>
        <p><button type="submit">Register agent</button></p>
        </form>

        """

    static let users = """
        <h2>All users</h2>
        <div class="scroll"><table>
        <thead><tr><th scope="col">User</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Quota (VMs / vCPUs / MB / GB)</th><th scope="col">In use</th><th scope="col">Actions</th></tr></thead>
        <tbody>
        {{#users}}<tr><th scope="row">{{name}}</th><td>{{role}}</td><td>{{status}}</td><td>{{quota}}</td><td>{{used}}</td>
        <td><form method="post" action="/admin/users/disable" class="inline">
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="name" value="{{name}}">
        <input type="hidden" name="disabled" value="{{toggleValue}}">
        <button type="submit" aria-label="{{toggleLabel}} {{name}}">{{toggleLabel}}</button></form></td></tr>
        {{/users}}
        </tbody></table></div>
        <div class="cards">
        <form method="post" action="/admin/users" class="card" id="create-user">
        <h2>Create a user</h2>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <p><label for="u-name">User name</label><input id="u-name" name="name" required></p>
        <p><label for="u-password">Password</label><input id="u-password" name="password" type="password" autocomplete="new-password" required></p>
        <p><label for="u-role">Role</label><select id="u-role" name="role"><option value="user">user</option><option value="admin">admin</option></select></p>
        <p><button type="submit">Create user</button></p>
        </form>
        <form method="post" action="/admin/users/password" class="card" id="reset-password">
        <h2>Reset a password</h2>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <p><label for="p-user">User</label><select id="p-user" name="user" required>{{#userNames}}<option value="{{name}}">{{name}}</option>{{/userNames}}</select></p>
        <p><label for="p-password">New password</label><input id="p-password" name="password" type="password" autocomplete="new-password" required></p>
        <p><button type="submit">Reset password</button></p>
        </form>
        <form method="post" action="/admin/users/quota" class="card" id="set-quota">
        <h2>Set a quota</h2>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <p><label for="q-user">User</label><select id="q-user" name="user" required>{{#userNames}}<option value="{{name}}">{{name}}</option>{{/userNames}}</select></p>
        <p class="hint" id="q-hint">Leave a limit empty for unlimited.</p>
        <p><label for="q-vms">VMs</label><input id="q-vms" name="vms" inputmode="numeric" pattern="[0-9]*" aria-describedby="q-hint"></p>
        <p><label for="q-vcpus">vCPUs</label><input id="q-vcpus" name="vcpus" inputmode="numeric" pattern="[0-9]*" aria-describedby="q-hint"></p>
        <p><label for="q-mem">Memory (MB)</label><input id="q-mem" name="memoryMB" inputmode="numeric" pattern="[0-9]*" aria-describedby="q-hint"></p>
        <p><label for="q-disk">Disk (GB)</label><input id="q-disk" name="diskGB" inputmode="numeric" pattern="[0-9]*" aria-describedby="q-hint"></p>
        <p><button type="submit">Set quota</button></p>
        </form>
        </div>

        """

    static let images = """
        {{#hasAgents}}
        {{#groups}}
        <section aria-labelledby="img-{{agent}}">
        <h2 id="img-{{agent}}">Agent {{agent}} <small>{{vmmType}}</small></h2>
        {{#hasImages}}
        <div class="scroll"><table>
        <thead><tr><th scope="col">Image</th><th scope="col">Host</th><th scope="col">OS</th><th scope="col">Format</th><th scope="col">Size (GB)</th><th scope="col">Minimum</th></tr></thead>
        <tbody>{{#images}}<tr><th scope="row">{{name}}</th><td>{{host}}</td><td>{{os}}</td><td>{{format}}</td><td>{{sizeGB}}</td><td>{{minimum}}</td></tr>{{/images}}</tbody>
        </table></div>
        {{/hasImages}}
        {{^hasImages}}<p>No images reported by this agent.</p>{{/hasImages}}
        </section>
        {{/groups}}
        {{/hasAgents}}
        {{^hasAgents}}<p>No agents registered.</p>{{/hasAgents}}

        """

    static let vmActions = """
        {{#actions}}<form method="post" action="/admin/vms/manage" class="inline">
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="name" value="{{vm}}"><input type="hidden" name="action" value="{{action}}">
        <input type="hidden" name="back" value="{{back}}">
        <button type="submit" aria-label="{{label}} {{vm}}">{{label}}</button></form>{{/actions}}
        """

    static let vms = """
        <form method="get" action="/admin/vms" class="filter" role="search" aria-label="Find VMs">
        <p><label for="v-name">Name contains</label> <input id="v-name" name="name" value="{{fName}}">
        <label for="v-owner">Owner</label> <input id="v-owner" name="owner" value="{{fOwner}}">
        <label for="v-state">State</label> <select id="v-state" name="state">{{#states}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/states}}</select>
        <label><input type="checkbox" name="released" value="1"{{#fReleased}} checked{{/fReleased}}> include released</label>
        <button type="submit">Find</button></p>
        </form>
        {{#hasVMs}}
        <div class="scroll"><table>
        <caption>{{count}} VMs</caption>
        <thead><tr><th scope="col">VM</th><th scope="col">Owner</th><th scope="col">Host</th><th scope="col">Image</th><th scope="col">State</th><th scope="col">Lease ends</th><th scope="col">Actions</th></tr></thead>
        <tbody>
        {{#vms}}<tr{{#leaseWarning}} class="warn"{{/leaseWarning}}><th scope="row"><a href="/admin/vms/{{path}}">{{name}}</a></th><td>{{owner}}</td><td>{{host}}</td><td>{{image}}</td><td>{{state}}</td><td><time datetime="{{leaseEnd}}">{{leaseEnd}}</time></td>
        <td class="actions">{{> vmActions}}
        {{#releasable}}<form method="post" action="/admin/vms/release" class="inline">
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="name" value="{{name}}">
        <button type="submit" class="danger" aria-label="Release {{name}}">Release</button></form>{{/releasable}}</td></tr>
        {{/vms}}
        </tbody></table></div>
        {{/hasVMs}}
        {{^hasVMs}}<p>No matching VMs.</p>{{/hasVMs}}
        <h2>Request a VM</h2>
        <p>Acts for the chosen user: the VM is theirs and counts against their quota, as if they had called RequestVM.</p>
        <form method="post" action="/admin/vms/request" class="card" id="request-vm">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <p><label for="r-user">For user</label><select id="r-user" name="user" required>{{#users}}<option value="{{name}}">{{name}}</option>{{/users}}</select></p>
        <p><label for="r-image">Image</label><select id="r-image" name="image" required>{{#images}}<option value="{{name}}">{{name}}</option>{{/images}}</select>
        {{^hasImages}}<small>No images reported yet.</small>{{/hasImages}}</p>
        <p><label for="r-vcpus">vCPUs</label><input id="r-vcpus" name="vcpus" type="number" min="1" value="1" required></p>
        <p><label for="r-mem">Memory (MB)</label><input id="r-mem" name="memoryMB" type="number" min="1" value="1024" required></p>
        <p><label for="r-disk">Disk (GB)</label><input id="r-disk" name="diskGB" type="number" min="0" value="4" required></p>
        <p><label for="r-life">Lease (seconds)</label><input id="r-life" name="lifetime" type="number" min="1" max="{{maximumLifetime}}" placeholder="{{defaultLifetime}}" aria-describedby="r-life-hint">
        <small id="r-life-hint">Empty: the site default ({{defaultLifetime}} s); at most {{maximumLifetime}} s.</small></p>
        <p><button type="submit">Request VM</button></p>
        </form>

        """

    static let vm = """
        <dl class="facts">
        <dt>Owner</dt><dd>{{owner}}</dd>
        <dt>State</dt><dd>{{state}}</dd>
        <dt>Host</dt><dd>{{host}} (agent {{agent}})</dd>
        <dt>Image</dt><dd>{{image}}</dd>
        <dt>Resources</dt><dd>{{resources}}</dd>
        <dt>UUID</dt><dd>{{uuid}}</dd>
        <dt>Created</dt><dd><time datetime="{{created}}">{{created}}</time></dd>
        <dt>Lease ends</dt><dd><time datetime="{{leaseEnd}}">{{leaseEnd}}</time>{{#leaseWarning}} (soon){{/leaseWarning}}</dd>
        <dt>Job</dt><dd><a href="/admin/jobs/{{jobID}}">{{jobID}}</a></dd>
        </dl>
        <h2>Manage</h2>
        <p class="actions">{{> vmActions}}
        {{#releasable}}<form method="post" action="/admin/vms/release" class="inline">
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="name" value="{{name}}">
        <button type="submit" class="danger" aria-label="Release {{name}}">Release</button></form>{{/releasable}}
        {{^releasable}}Released.{{/releasable}}</p>
        <p><a href="/admin/vms">All VMs</a></p>

        """

    static let jobs = """
        <form method="get" action="/admin/jobs" class="filter" role="search" aria-label="Find jobs">
        <p><label for="j-q">Job or VM contains</label> <input id="j-q" name="q" value="{{fText}}">
        <label for="j-owner">Owner</label> <input id="j-owner" name="owner" value="{{fOwner}}">
        <label for="j-state">State</label> <select id="j-state" name="state">
        {{#states}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/states}}
        </select> <button type="submit">Find</button></p>
        </form>
        {{#hasJobs}}
        <div class="scroll"><table>
        <caption>{{count}} jobs</caption>
        <thead><tr><th scope="col">Job</th><th scope="col">Owner</th><th scope="col">State</th><th scope="col">Image</th><th scope="col">VM</th><th scope="col">Host</th><th scope="col">Updated</th><th scope="col">Error</th></tr></thead>
        <tbody>
        {{#jobs}}<tr><th scope="row"><a href="/admin/jobs/{{id}}">{{id}}</a></th><td>{{owner}}</td><td>{{state}}</td><td>{{image}}</td><td>{{vmName}}</td><td>{{host}}</td><td>{{updated}}</td><td>{{errorCode}}</td></tr>
        {{/jobs}}
        </tbody></table></div>
        {{/hasJobs}}
        {{^hasJobs}}<p>No matching jobs.</p>{{/hasJobs}}

        """

    static let job = """
        <section id="live" data-live="{{live}}" aria-label="Job state">
        <dl class="facts">
        <dt>Owner</dt><dd>{{owner}}</dd>
        <dt>State</dt><dd>{{state}}</dd>
        <dt>Request</dt><dd>{{requestID}}</dd>
        <dt>Image</dt><dd>{{image}} ({{vcpus}} vCPU, {{memoryMB}} MB, {{diskGB}} GB)</dd>
        <dt>Host</dt><dd>{{host}}</dd>
        <dt>VM</dt><dd>{{#vmPath}}<a href="/admin/vms/{{vmPath}}">{{vmName}}</a>{{/vmPath}}{{^vmPath}}{{vmName}}{{/vmPath}}</dd>
        <dt>Attempts</dt><dd>{{attempts}}</dd>
        </dl>
        {{#errorCode}}<h2>Error</h2><p class="error">{{errorCode}}: {{errorMessage}}</p>{{/errorCode}}
        <h2>History</h2>
        <div class="scroll"><table>
        <thead><tr><th scope="col">At</th><th scope="col">State</th><th scope="col">Note</th></tr></thead>
        <tbody>{{#history}}<tr><td><time datetime="{{at}}">{{at}}</time></td><td>{{state}}</td><td>{{note}}</td></tr>{{/history}}</tbody>
        </table></div>
        </section>
        <p><a href="/admin/jobs">All jobs</a></p>

        """

    static let audit = """
        <form method="get" action="/admin/audit" class="filter" role="search" aria-label="Filter the audit log">
        <p><label for="f-actor">User</label> <input id="f-actor" name="actor" value="{{actor}}">
        <label for="f-op">Operation</label> <input id="f-op" name="operation" value="{{operation}}" list="f-ops">
        <datalist id="f-ops">{{#operations}}<option value="{{name}}">{{/operations}}</datalist>
        <label for="f-since">From (UTC)</label> <input id="f-since" name="since" type="datetime-local" step="1" value="{{since}}">
        <label for="f-until">Until (UTC)</label> <input id="f-until" name="until" type="datetime-local" step="1" value="{{until}}">
        <button type="submit">Filter</button></p>
        </form>
        {{#hasEntries}}
        <div class="scroll"><table>
        <caption>{{count}} entries, newest first{{#capped}} (the newest 500 shown){{/capped}}</caption>
        <thead><tr><th scope="col">At</th><th scope="col">User</th><th scope="col">Operation</th><th scope="col">Outcome</th><th scope="col">Arguments</th></tr></thead>
        <tbody>{{#entries}}<tr><td><time datetime="{{at}}">{{at}}</time></td><td>{{actor}}</td><td>{{operation}}</td><td>{{outcome}}</td><td class="args">{{arguments}}</td></tr>{{/entries}}</tbody>
        </table></div>
        {{/hasEntries}}
        {{^hasEntries}}<p>No matching entries.</p>{{/hasEntries}}

        """
}
