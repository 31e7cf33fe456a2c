/**
 * The exporter's status page: plain HTML, one stylesheet and one module script, no framework. The
 * script follows `/events` (Server-Sent Events) and words the changes and the disabled reasons with
 * the package's own browser build (`describeChange`, `reasonMeaning` from dist/index.mjs). Every
 * value from a pair is set with `textContent`, never parsed as HTML.
 */

/** The page; `importMap` maps the browser build's bare imports of `zod/mini` and `zod` to the exporter's copy. */
export function pageHtml(importMap: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>TrueNAS HA pairs</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/page.css">
<script type="importmap">${importMap}</script>
<script type="module" src="/assets/page.js"></script>
</head>
<body>
<header>
<h1>TrueNAS HA pairs</h1>
<p id="summary">connecting…</p>
<p id="live" class="live off">not connected</p>
</header>
<main id="pairs"></main>
<footer>Served by <code>truenas-failover exporter</code> · metrics at <a href="/metrics">/metrics</a> · <a href="/status.json">/status.json</a></footer>
</body>
</html>
`;
}

export const PAGE_CSS = `
:root { font-family: system-ui, sans-serif; color: #1d2433; background: #f3f5f8; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem; }
header { display: flex; align-items: baseline; gap: 1.5rem; flex-wrap: wrap; }
h1 { font-size: 1.4rem; margin: 0.5rem 0; }
#summary { margin: 0; color: #4a5568; }
.live { margin: 0 0 0 auto; font-size: 0.85rem; }
.live::before { content: '●'; margin-right: 0.35rem; }
.live.on::before { color: #2f9e44; }
.live.off::before { color: #c92a2a; }
main { display: grid; grid-template-columns: repeat(auto-fill, minmax(21rem, 1fr)); gap: 1rem; margin: 1rem 0; }
.pair { background: #fff; border-radius: 0.5rem; border-top: 0.35rem solid #adb5bd; padding: 0.8rem 1rem; box-shadow: 0 1px 3px #0002; }
.pair.OK { border-top-color: #2f9e44; }
.pair.WARNING { border-top-color: #f08c00; }
.pair.CRITICAL { border-top-color: #c92a2a; }
.pair.UNKNOWN { border-top-color: #868e96; }
.pair h2 { font-size: 1.1rem; margin: 0 0 0.4rem; display: flex; justify-content: space-between; }
.badge { font-size: 0.75rem; padding: 0.1rem 0.5rem; border-radius: 1rem; background: #e9ecef; }
.badge.OK { background: #d3f9d8; color: #2b8a3e; }
.badge.WARNING { background: #fff3bf; color: #e67700; }
.badge.CRITICAL { background: #ffe3e3; color: #c92a2a; }
.verdict { margin: 0 0 0.6rem; font-size: 0.9rem; color: #4a5568; }
.nodes { display: flex; gap: 0.5rem; margin-bottom: 0.6rem; }
.node { flex: 1; border: 1px solid #dee2e6; border-radius: 0.4rem; padding: 0.4rem 0.6rem; }
.node .letter { font-size: 0.8rem; color: #6c757d; }
.node .status { display: block; font-weight: 600; font-size: 1.05rem; }
.node.MASTER { border-color: #2f9e44; background: #ebfbee; }
.node.BACKUP { border-color: #1c7ed6; background: #e7f5ff; }
.node.ERROR { border-color: #c92a2a; background: #fff5f5; }
.node .note { font-size: 0.75rem; color: #6c757d; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 0.8rem; margin: 0 0 0.6rem; font-size: 0.88rem; }
dt { color: #6c757d; }
dd { margin: 0; }
ul.reasons, ul.changes { margin: 0; padding-left: 1.1rem; font-size: 0.85rem; }
ul.changes { color: #4a5568; max-height: 10rem; overflow-y: auto; }
.stale { opacity: 0.55; }
h3 { font-size: 0.85rem; margin: 0.5rem 0 0.2rem; color: #6c757d; font-weight: 500; }
footer { font-size: 0.8rem; color: #6c757d; }
`;

// Runs in the browser as a module. Plain JavaScript: it is served as is.
export const PAGE_SCRIPT = `
import { describeChange, reasonMeaning } from '/assets/truenas-failover.mjs';

const pairs = new Map();
const main = document.getElementById('pairs');
const live = document.getElementById('live');
const summary = document.getElementById('summary');

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
const time = (ms) => (ms === undefined ? '–' : new Date(ms).toLocaleTimeString());

function card(view) {
  const { state, assessment, changes } = view;
  const ha = state.ha;
  const section = el('section', 'pair ' + assessment.state);
  section.dataset.pair = state.name;
  section.dataset.state = assessment.state;
  section.dataset.master = ha && state.up ? (ha.master ?? '') : '';
  const title = el('h2', '', state.name);
  title.append(el('span', 'badge ' + assessment.state, assessment.state));
  section.append(title, el('p', 'verdict', assessment.text));
  const body = el('div', state.up ? '' : 'stale');
  if (ha) {
    const nodes = el('div', 'nodes');
    for (const c of ha.controllers) {
      const box = el('div', 'node ' + (c.status ?? 'unknown'));
      box.dataset.node = c.node;
      box.append(el('span', 'letter', 'node ' + c.node), el('span', 'status', c.status ?? 'unknown'));
      if (c.statusSource === 'inferred') box.append(el('span', 'note', 'inferred: answers, no doubt reported'));
      if (c.rebootRequired && c.rebootRequired.length) box.append(el('span', 'note', 'must reboot: ' + c.rebootRequired.join(', ')));
      nodes.append(box);
    }
    body.append(nodes);
    const facts = el('dl');
    const fact = (k, v) => facts.append(el('dt', '', k), el('dd', '', v));
    fact('failover', ha.failoverDisabled ? 'DISABLED (administratively)' : 'enabled');
    fact('timeout', ha.timeout ? ha.timeout + ' s' : 'default (about 2 s)');
    fact('MASTER since', time(state.masterSince));
    fact('master changes', String(state.masterChanges));
    fact('read at', time(ha.readAt));
    body.append(facts);
    const reasons = ha.disabledReasons ?? [];
    if (reasons.length) {
      body.append(el('h3', '', 'Why automatic failover is not possible now'));
      const list = el('ul', 'reasons');
      for (const code of reasons) list.append(el('li', '', code + ': ' + reasonMeaning(code)));
      body.append(list);
    }
  }
  section.append(body);
  if (changes.length) {
    section.append(el('h3', '', 'Last changes'));
    const list = el('ul', 'changes');
    for (const c of [...changes].reverse()) list.append(el('li', '', time(c.at) + '  ' + describeChange(c)));
    section.append(list);
  }
  return section;
}

function render() {
  const views = [...pairs.values()].sort((a, b) => a.state.name.localeCompare(b.state.name));
  main.replaceChildren(...views.map(card));
  const counts = {};
  for (const v of views) counts[v.assessment.state] = (counts[v.assessment.state] ?? 0) + 1;
  const parts = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'].filter((s) => counts[s]).map((s) => counts[s] + ' ' + s);
  summary.textContent = views.length + (views.length === 1 ? ' pair' : ' pairs') + (parts.length ? ': ' + parts.join(', ') : '');
}

const events = new EventSource('/events');
events.addEventListener('open', () => {
  live.textContent = 'live';
  live.className = 'live on';
});
events.addEventListener('error', () => {
  live.textContent = 'reconnecting to the exporter…';
  live.className = 'live off';
});
// One render per frame however many updates arrive (a fleet sends many).
let scheduled = false;
function schedule() {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    render();
  });
}
events.addEventListener('snapshot', (e) => {
  pairs.clear();
  for (const view of JSON.parse(e.data).pairs) pairs.set(view.state.name, view);
  schedule();
});
events.addEventListener('pair', (e) => {
  const view = JSON.parse(e.data);
  pairs.set(view.state.name, view);
  schedule();
});
`;
