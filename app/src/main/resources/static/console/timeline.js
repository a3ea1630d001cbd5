// Decision timeline: the audit trail newest first (GET /api/v1/audit), filtered by resource, node and kind.
import {get} from './api.js';
import {h, table} from './dom.js';

const KINDS = ['decision', 'config', 'fence', 'fencing', 'recovery', 'migrate', 'relocate', 'rebalance',
  'maintenance', 'placement', 'start', 'stop', 'error', 'freeze', 'arm', 'refused', 'command', 'node-state', 'other'];

let listBox, filters;

export function mount(section) {
  filters = h('form', {id: 'timeline-filters', class: 'filters', onsubmit: (e) => { e.preventDefault(); refresh(); }},
    h('label', {}, 'resource ', h('input', {name: 'resource', id: 'filter-resource', placeholder: 'vm:101', size: 10})),
    h('label', {}, 'node ', h('input', {name: 'node', id: 'filter-node', placeholder: 'node1', size: 10})),
    h('label', {}, 'kind ', h('select', {name: 'kind', id: 'filter-kind', onchange: () => refresh()},
      h('option', {value: ''}, 'any'), KINDS.map((k) => h('option', {value: k}, k)))),
    h('button', {type: 'submit'}, 'Filter'));
  listBox = h('div', {id: 'timeline'});
  section.append(h('h2', {}, 'Decision timeline'), filters, listBox);
}

/** #/timeline/vm:101 shows one resource's decisions. */
export function open(args) {
  if (args[0]) filters.elements.resource.value = args[0];
}

export async function refresh() {
  const params = new URLSearchParams({limit: '100'});
  for (const name of ['resource', 'node', 'kind']) {
    const value = filters.elements[name].value.trim();
    if (value) params.set(name, value);
  }
  const page = await get(`/audit?${params}`);
  const rows = page.events.map((e) => {
    const x = e.explanation || {};
    const what = x.action || `${e.operation}${change(e)}`;
    return h('tr', {'data-kind': e.kind, 'data-id': e.id},
      h('td', {class: 'time'}, new Date(e.at).toLocaleTimeString()),
      h('td', {}, h('span', {class: `kind kind-${e.kind}`}, e.kind)),
      h('td', {}, e.entity_id || e.entity_type),
      h('td', {class: 'action'}, what),
      h('td', {class: 'why'}, x.explanation || '', rules(x)),
      h('td', {class: 'actor'}, e.actor, e.actor_note ? ` (${e.actor_note})` : ''),
      h('td', {}, e.round ?? ''));
  });
  listBox.replaceChildren(rows.length
    ? table(['time', 'kind', 'subject', 'action', 'why', 'actor', 'round'], rows, {id: 'timeline-table'})
    : h('p', {class: 'hint'}, 'Nothing recorded for this filter.'));
}

function change(e) {
  if (e.entity_type === 'resource' && e.before && e.after && e.before.state !== e.after.state) {
    return `: state ${e.before.state} → ${e.after.state}`;
  }
  return '';
}

function rules(x) {
  const names = [...(x.configured_rules || []), ...(x.policy_rules || [])];
  return names.length ? h('small', {class: 'rules'}, ` [${names.join(', ')}]`) : null;
}
