// GVE — SiteService
// The admin interface's stylesheet and its one script (served from /admin/static so the CSP can stay 'self').

/// Static files of the admin interface.
enum AdminStaticFiles {
    /// Small responsive stylesheet: one column on a phone, tables scroll sideways.
    static let css = """
        :root { --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --accent: #0b5cad; --bad: #b42318; --ok: #1a7f37; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: var(--fg); background: #fff; }
        .top { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem; padding: .5rem 1rem; border-bottom: 1px solid var(--line); }
        .brand { font-weight: 700; margin: 0; }
        nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem .75rem; margin: 0; padding: 0; }
        nav a { color: var(--accent); }
        nav a[aria-current="page"] { font-weight: 700; color: var(--fg); }
        .logout { margin-left: auto; }
        main { padding: 1rem; max-width: 72rem; margin: 0 auto; }
        .skip { position: absolute; left: -999px; }
        .skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .25rem; }
        .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
        th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        thead th { background: #f6f8fa; }
        tr.warn { background: #fff8c5; }
        .badge { padding: 0 .4rem; border-radius: .5rem; border: 1px solid var(--line); }
        .badge.ok { color: var(--ok); border-color: var(--ok); }
        .badge.bad { color: var(--bad); border-color: var(--bad); }
        .badge.off { color: var(--muted); }
        .stale { color: var(--bad); }
        caption { text-align: left; color: var(--muted); padding: .25rem 0; }
        .cards { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); margin-top: 1rem; }
        .cards .card h2 { margin: .25rem 0 .5rem; font-size: 1.15rem; }
        .check { border-left: 4px solid var(--ok); padding: .25rem .75rem; margin-bottom: 1rem; }
        .check.badcheck { border-left-color: var(--bad); }
        .check h2 { margin: 0; font-size: 1.1rem; }
        td.actions, p.actions { white-space: normal; }
        td.actions form { margin: 0 .25rem .25rem 0; }
        .inline button.danger { color: var(--bad); border-color: var(--bad); }
        .error { color: var(--bad); border-left: 4px solid var(--bad); padding-left: .5rem; }
        .notice { color: var(--ok); border-left: 4px solid var(--ok); padding-left: .5rem; }
        .card { border: 1px solid var(--line); border-radius: .5rem; padding: .5rem 1rem; max-width: 32rem; }
        label { display: block; font-weight: 600; }
        .filter label, form.inline label { display: inline; }
        .filter input, .filter select { margin: 0 .5rem .5rem 0; }
        input, select, button { font: inherit; padding: .3rem .5rem; max-width: 100%; }
        .card input, .card select { width: 100%; }
        form.inline { display: inline; }
        button { border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: .3rem; cursor: pointer; }
        .inline button, .logout button { background: #fff; color: var(--accent); }
        .hosts { list-style: none; padding: 0; display: grid; gap: .75rem; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); }
        .host { border: 1px solid var(--line); border-radius: .5rem; padding: .5rem .75rem; }
        .host h3 { margin: 0 0 .25rem; font-size: 1rem; }
        meter { width: 100%; height: 1.1rem; }
        .args { font-family: ui-monospace, monospace; font-size: .85rem; word-break: break-all; }
        .updated, small, .hint { color: var(--muted); }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
        dl.facts dd { margin: 0; }
        @media (max-width: 40rem) {
          main { padding: .5rem; } th, td { padding: .3rem; } .logout { margin-left: 0; }
          .filter label { display: block; margin-top: .25rem; }
          .filter input, .filter select { width: 100%; margin-right: 0; }
          .filter input[type=checkbox] { width: auto; }
          .filter label:has(input[type=checkbox]) { display: inline-block; margin: .5rem 1rem .5rem 0; }
        }

        """

    /// Progressive enhancement for the overview and for a job on its way: refetch the page every 5 s and swap the
    /// live section; stop once the fresh section says `data-live="false"` (the job has settled).
    static let js = """
        (function () {
          "use strict";
          var live = document.getElementById("live");
          if (!live || !window.fetch || !window.DOMParser) { return; }
          document.documentElement.setAttribute("data-enhanced", "live-refresh");
          var timer = window.setInterval(function () {
            fetch(window.location.pathname, { credentials: "same-origin", headers: { "Accept": "text/html" } })
              .then(function (r) { return r.ok ? r.text() : null; })
              .then(function (text) {
                if (!text) { return; }
                var fresh = new DOMParser().parseFromString(text, "text/html").getElementById("live");
                if (!fresh) { return; }
                live.replaceChildren.apply(live, Array.prototype.slice.call(fresh.childNodes));
                if (fresh.getAttribute("data-live") === "false") { window.clearInterval(timer); }
              })
              .catch(function () {});
          }, 5000);
        })();

        """
}
