// Rebalancing proposals (automation level partial or manual): plans waiting for an operator's apply or
// dismiss, and the history of earlier ones.
import {get, post} from './api.js';
import {h, table, confirmAction, flash} from './dom.js';

let listBox, messages;

export function mount(section) {
  messages = h('div', {class: 'messages'});
  listBox = h('div', {id: 'proposals'});
  section.append(h('h2', {}, 'Rebalancing proposals'), messages, listBox);
}

export async function refresh() {
  const proposals = await get('/proposals');
  listBox.replaceChildren(...(proposals.length ? proposals.map(render)
    : [h('p', {class: 'hint'}, 'No proposals.')]));
}

function render(p) {
  const waves = p.waves || [];
  const moves = waves.flatMap((w, i) => (w.moves || []).map((m) => h('tr', {},
    h('td', {}, i + 1), h('td', {}, m.sid), h('td', {}, m.from), h('td', {}, m.to), h('td', {}, m.kind),
    h('td', {}, m.memory ?? ''), h('td', {}, m.reason || ''))));
  const after = waves.length ? waves[waves.length - 1].imbalance_after : null;
  const open = p.state === 'proposed';
  return h('article', {class: 'proposal', 'data-id': p.id},
    h('h3', {}, `Proposal ${p.id} — ${p.state}`),
    h('p', {}, `created ${p.created_at || '–'}; imbalance ${fmt(p.imbalance_before)} → ${fmt(after)};`,
      ` ${moves.length} move(s) in ${waves.length} wave(s)`,
      p.expires_reason ? `; ${p.expires_reason}` : '', p.decided_by ? `; decided by ${p.decided_by}` : ''),
    table(['wave', 'resource', 'from', 'to', 'kind', 'memory', 'reason'], moves),
    open ? h('div', {class: 'buttons needs-operator'},
      h('button', {onclick: () => decide(p, 'apply')}, 'Apply'),
      h('button', {onclick: () => decide(p, 'dismiss')}, 'Dismiss')) : null);
}

const fmt = (v) => (v === null || v === undefined ? '–' : Number(v).toFixed(2));

async function decide(p, what) {
  if (!(await confirmAction(`${what === 'apply' ? 'Apply' : 'Dismiss'} proposal ${p.id}?`))) return;
  try {
    await post(`/proposals/${encodeURIComponent(p.id)}/${what}`);
    flash(messages, '');
    await refresh();
  } catch (e) {
    flash(messages, e.message);
  }
}
