// Private: the inspector page's style. Relative units only, so the page reflows at 200 % zoom; visible focus.

export const pageStyle = `
:root { color-scheme: light dark; --ok: #0a6b2d; --bad: #a4001d; --warn: #7a4a00; --line: #8888; }
* { box-sizing: border-box; }
body { font: 1rem/1.5 system-ui, sans-serif; margin: 0 auto; padding: 1rem; max-width: 90rem; }
h1 { font-size: 1.6rem; margin: 0 0 .5rem; } h2 { font-size: 1.25rem; margin: 1.5rem 0 .5rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 .25rem; }
fieldset { border: 1px solid var(--line); border-radius: .4rem; margin: 0 0 1rem; padding: .5rem 1rem 1rem;
  display: flex; flex-wrap: wrap; gap: 1rem; }
legend { font-weight: 600; padding: 0 .25rem; }
.field { flex: 1 1 20rem; min-width: 0; display: flex; flex-direction: column; gap: .25rem; }
.field.wide { flex-basis: 100%; }
label { font-weight: 600; } label.inline { font-weight: 400; }
textarea, input[type=text], input[type=password], select { font: .9rem/1.4 ui-monospace, monospace; width: 100%; padding: .4rem;
  border: 1px solid var(--line); border-radius: .25rem; background: Canvas; color: CanvasText; }
textarea { resize: vertical; word-break: break-all; }
button { font: inherit; padding: .4rem 1rem; border-radius: .25rem; border: 2px solid currentColor; cursor: pointer;
  background: ButtonFace; color: ButtonText; align-self: flex-start; }
button[type=submit] { font-weight: 700; }
:focus-visible { outline: 3px solid #1a5fd0; outline-offset: 2px; }
.hint { margin: 0; font-size: .875rem; opacity: .85; }
.actions { display: flex; flex-wrap: wrap; align-items: center; gap: 1rem; }
.decision { font-size: 1.4rem; font-weight: 700; margin: .25rem 0; }
.allow { color: var(--ok); } .deny, .bad { color: var(--bad); } .warn { color: var(--warn); } .ok { color: var(--ok); }
table { border-collapse: collapse; width: 100%; margin: .25rem 0 1rem; }
th, td { text-align: left; vertical-align: top; padding: .25rem .5rem; border-bottom: 1px solid var(--line);
  overflow-wrap: anywhere; }
.columns { display: flex; flex-wrap: wrap; gap: 1.5rem; } .columns > * { flex: 1 1 30rem; min-width: 0; }
th.depth1 { padding-left: 1.5rem; } th.depth2 { padding-left: 2.5rem; } th.depth3 { padding-left: 3.5rem; }
td.nowrap { white-space: nowrap; } table.claims th[scope=row] { white-space: nowrap; }
ul.traps li { margin: .25rem 0; }
.mark { font-weight: 700; }
code, .mono { font-family: ui-monospace, monospace; font-size: .9em; overflow-wrap: anywhere; }
svg.timeline { width: 100%; height: auto; max-width: 60rem; display: block; }
svg.timeline text { font: 11px system-ui, sans-serif; fill: currentColor; }
svg.timeline .now { stroke: #1a5fd0; stroke-width: 2; }
svg.timeline .bar { fill: #5b8bd9; } svg.timeline .bar.expired { fill: #c4455a; } svg.timeline .tick { stroke: var(--line); }
`;
