// Resources: requested and current state, node, the manager's reason; the placement explanation of one.
import {get} from './api.js';
import {h, table, flash} from './dom.js';

let listBox, detailBox, messages, selected = null;

export function mount(section) {
  messages = h('div', {class: 'messages'});
  listBox = h('div', {id: 'resources'});
  detailBox = h('div', {id: 'placement', class: 'detail'});
  section.append(h('h2', {}, 'Resources'), messages, listBox, detailBox);
}

/** #/resources/vm:101 selects a resource. */
export function open(args) {
  selected = args[0] || selected;
}

export async function refresh() {
  const status = await get('/status');
  const rows = status.resources.map((r) => h('tr', {'data-sid': r.sid, class: r.sid === selected ? 'selected' : null},
    h('td', {}, h('a', {href: `#/resources/${encodeURIComponent(r.sid)}`}, r.sid)),
    h('td', {}, r.requested_state),
    h('td', {class: `state state-${r.state}`, title: r.since ? `since ${r.since}` : ''}, r.state),
    h('td', {}, r.node || '–', r.target ? ` → ${r.target}` : ''),
    h('td', {class: 'reason'}, r.reason || '')));
  listBox.replaceChildren(rows.length
    ? table(['resource', 'requested', 'state', 'node', 'reason'], rows, {id: 'resources-table'})
    : h('p', {class: 'hint'}, 'No HA resources configured.'));
  await renderPlacement();
}

async function renderPlacement() {
  if (!selected) {
    detailBox.replaceChildren();
    return;
  }
  let p;
  try {
    p = await get(`/resources/${encodeURIComponent(selected)}/placement`);
    flash(messages, '');
  } catch (e) {
    detailBox.replaceChildren(h('h3', {}, `Placement of ${selected}`), h('p', {class: 'hint'}, e.message));
    return;
  }
  const rows = p.nodes.map((n) => h('tr', {class: n.node === p.chosen ? 'chosen' : null},
    h('td', {}, n.node),
    h('td', {}, n.allowed ? 'yes' : 'no'),
    h('td', {}, n.priority ?? '–'),
    h('td', {}, n.preferred ? 'yes' : ''),
    h('td', {}, n.score === null || n.score === undefined ? '–' : n.score.toFixed(3)),
    h('td', {}, (n.reasons || []).join('; '))));
  detailBox.replaceChildren(h('div', {},
    h('h3', {}, `Placement of ${p.sid}`),
    h('p', {class: 'decision'}, p.decision),
    p.blocked ? h('p', {class: 'error'}, `blocked: ${p.blocked}`) : null,
    (p.must_move || []).length ? h('p', {}, `must move: ${p.must_move.join('; ')}`) : null,
    h('p', {class: 'hint'}, `preferred class ${p.preferred_class ?? '–'}; fails back: ${p.fails_back ? 'yes' : 'no'}`,
      p.return_target ? `; returns to ${p.return_target}` : ''),
    table(['node', 'allowed', 'priority', 'preferred', 'score', 'why'], rows),
    h('p', {class: 'hint'},
      h('a', {href: `#/timeline/${encodeURIComponent(selected)}`}, 'its decisions'))));
}
