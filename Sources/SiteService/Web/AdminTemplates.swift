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
        ("jobs", jobs), ("job", job), ("audit", audit), ("message", message),
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
        <p class="updated">As of <time datetime="{{generated}}">{{generated}}</time></p>
        <h2>Agents</h2>
        {{#hasAgents}}
        <div class="scroll"><table>
        <thead><tr><th scope="col">Agent</th><th scope="col">VMM type</th><th scope="col">Health</th><th scope="col">Enabled</th></tr></thead>
        <tbody>
        {{#agents}}<tr><th scope="row">{{name}}</th><td>{{vmmType}}</td><td><span class="badge {{healthClass}}">{{health}}</span>{{#lastError}} <small>{{lastError}}</small>{{/lastError}}</td><td>{{enabledText}}</td></tr>
        {{/agents}}
        </tbody></table></div>
        {{/hasAgents}}
        {{^hasAgents}}<p>No agents registered. <a href="/admin/agents">Register one</a>.</p>{{/hasAgents}}
        <h2>Hosts</h2>
        {{#hasHosts}}
        <ul class="hosts">
        {{#hosts}}<li class="host">
        <h3>{{hostname}} <small>{{hypervisor}}, {{state}}, {{instances}} VMs</small></h3>
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
        <div class="scroll"><table>
        <thead><tr><th scope="col">State</th><th scope="col">VMs</th></tr></thead>
        <tbody>{{#vmStates}}<tr><th scope="row">{{state}}</th><td>{{count}}</td></tr>{{/vmStates}}</tbody>
        </table></div>
        {{^vmStates}}<p>No VMs.</p>{{/vmStates}}
        <h2>Jobs</h2>
        <p><a href="/admin/jobs">{{inFlight}} in flight</a>, <a href="/admin/jobs?state=failed">{{failed}} failed</a>.</p>
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
        <h2>Registered agents</h2>
        {{#hasAgents}}
        <div class="scroll"><table>
        <thead><tr><th scope="col">Agent</th><th scope="col">URL</th><th scope="col">VMM type</th><th scope="col">Health</th><th scope="col">Actions</th></tr></thead>
        <tbody>
        {{#agents}}<tr><th scope="row">{{name}}</th><td>{{url}}</td><td>{{vmmType}}</td><td><span class="badge {{healthClass}}">{{health}}</span></td>
        <td><form method="post" action="/admin/agents/remove" class="inline">
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="name" value="{{name}}">
        <button type="submit" aria-label="Remove agent {{name}}">Remove</button></form></td></tr>
        {{/agents}}
        </tbody></table></div>
        {{/hasAgents}}
        {{^hasAgents}}<p>No agents registered.</p>{{/hasAgents}}
        <h2>Register an agent</h2>
        <form method="post" action="/admin/agents" class="card">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <p><label for="a-name">Name</label><input id="a-name" name="name" required></p>
        <p><label for="a-url">URL</label><input id="a-url" name="url" type="url" placeholder="http://host:8190" required></p>
        <p><label for="a-user">Credential: user name</label><input id="a-user" name="username" required></p>
        <p><label for="a-password">Credential: password</label><input id="a-password" name="password" type="password" autocomplete="new-password" required></p>
        <p><label for="a-vmm">VMM type</label><input id="a-vmm" name="vmmType" value="kvm" required></p>
        <p><button type="submit">Register agent</button></p>
        </form>

        """

    static let users = """
        <h2>Users</h2>
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
        <h2>Create a user</h2>
        <form method="post" action="/admin/users" class="card">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <p><label for="u-name">User name</label><input id="u-name" name="name" required></p>
        <p><label for="u-password">Password</label><input id="u-password" name="password" type="password" autocomplete="new-password" required></p>
        <p><label for="u-role">Role</label><select id="u-role" name="role"><option value="user">user</option><option value="admin">admin</option></select></p>
        <p><button type="submit">Create user</button></p>
        </form>
        <h2>Set a quota</h2>
        <form method="post" action="/admin/users/quota" class="card">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <p><label for="q-user">User name</label><input id="q-user" name="user" required></p>
        <p class="hint">Leave a limit empty for unlimited.</p>
        <p><label for="q-vms">VMs</label><input id="q-vms" name="vms" inputmode="numeric"></p>
        <p><label for="q-vcpus">vCPUs</label><input id="q-vcpus" name="vcpus" inputmode="numeric"></p>
        <p><label for="q-mem">Memory (MB)</label><input id="q-mem" name="memoryMB" inputmode="numeric"></p>
        <p><label for="q-disk">Disk (GB)</label><input id="q-disk" name="diskGB" inputmode="numeric"></p>
        <p><button type="submit">Set quota</button></p>
        </form>

        """

    static let vms = """
        {{#hasVMs}}
        <div class="scroll"><table>
        <thead><tr><th scope="col">VM</th><th scope="col">Owner</th><th scope="col">Host</th><th scope="col">Image</th><th scope="col">State</th><th scope="col">Lease ends</th><th scope="col">Actions</th></tr></thead>
        <tbody>
        {{#vms}}<tr><th scope="row">{{name}}</th><td>{{owner}}</td><td>{{host}}</td><td>{{image}}</td><td>{{state}}</td><td><time datetime="{{leaseEnd}}">{{leaseEnd}}</time></td>
        <td>{{#actions}}<form method="post" action="/admin/vms/manage" class="inline">
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="name" value="{{vm}}"><input type="hidden" name="action" value="{{action}}">
        <button type="submit" aria-label="{{label}} {{vm}}">{{label}}</button></form>{{/actions}}
        <form method="post" action="/admin/vms/release" class="inline">
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="name" value="{{name}}">
        <button type="submit" aria-label="Release {{name}}">Release</button></form></td></tr>
        {{/vms}}
        </tbody></table></div>
        {{/hasVMs}}
        {{^hasVMs}}<p>No VMs.</p>{{/hasVMs}}

        """

    static let jobs = """
        <form method="get" action="/admin/jobs" class="filter">
        <p><label for="j-state">State</label><select id="j-state" name="state">
        {{#states}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/states}}
        </select> <button type="submit">Filter</button></p>
        </form>
        {{#hasJobs}}
        <div class="scroll"><table>
        <thead><tr><th scope="col">Job</th><th scope="col">Owner</th><th scope="col">State</th><th scope="col">Image</th><th scope="col">Host</th><th scope="col">Updated</th><th scope="col">Error</th></tr></thead>
        <tbody>
        {{#jobs}}<tr><th scope="row"><a href="/admin/jobs/{{id}}">{{id}}</a></th><td>{{owner}}</td><td>{{state}}</td><td>{{image}}</td><td>{{host}}</td><td>{{updated}}</td><td>{{errorCode}}</td></tr>
        {{/jobs}}
        </tbody></table></div>
        {{/hasJobs}}
        {{^hasJobs}}<p>No jobs.</p>{{/hasJobs}}

        """

    static let job = """
        <dl class="facts">
        <dt>Owner</dt><dd>{{owner}}</dd>
        <dt>State</dt><dd>{{state}}</dd>
        <dt>Request</dt><dd>{{requestID}}</dd>
        <dt>Image</dt><dd>{{image}} ({{vcpus}} vCPU, {{memoryMB}} MB, {{diskGB}} GB)</dd>
        <dt>Host</dt><dd>{{host}}</dd>
        <dt>VM</dt><dd>{{vmName}}</dd>
        <dt>Attempts</dt><dd>{{attempts}}</dd>
        </dl>
        {{#errorCode}}<h2>Error</h2><p class="error">{{errorCode}}: {{errorMessage}}</p>{{/errorCode}}
        <h2>History</h2>
        <div class="scroll"><table>
        <thead><tr><th scope="col">At</th><th scope="col">State</th><th scope="col">Note</th></tr></thead>
        <tbody>{{#history}}<tr><td><time datetime="{{at}}">{{at}}</time></td><td>{{state}}</td><td>{{note}}</td></tr>{{/history}}</tbody>
        </table></div>
        <p><a href="/admin/jobs">All jobs</a></p>

        """

    static let audit = """
        <form method="get" action="/admin/audit" class="filter">
        <p><label for="f-actor">User</label><input id="f-actor" name="actor" value="{{actor}}">
        <label for="f-op">Operation</label><input id="f-op" name="operation" value="{{operation}}">
        <button type="submit">Filter</button></p>
        </form>
        {{#hasEntries}}
        <div class="scroll"><table>
        <thead><tr><th scope="col">At</th><th scope="col">User</th><th scope="col">Operation</th><th scope="col">Outcome</th><th scope="col">Arguments</th></tr></thead>
        <tbody>{{#entries}}<tr><td><time datetime="{{at}}">{{at}}</time></td><td>{{actor}}</td><td>{{operation}}</td><td>{{outcome}}</td><td class="args">{{arguments}}</td></tr>{{/entries}}</tbody>
        </table></div>
        {{/hasEntries}}
        {{^hasEntries}}<p>No matching entries.</p>{{/hasEntries}}

        """
}
