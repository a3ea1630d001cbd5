// Rules: the list with each rule's state, errors and lint warnings; a form to create or edit one. The API's
// problem+json errors and the saved rule's warnings are shown next to the field they concern.
import {get, post, put, del, ApiError} from './api.js';
import {h, table, confirmAction, flash} from './dom.js';

// lint codes (rules-drl lint.drl) and the form field they are about
const WARNING_FIELD = {'strict-single-node': 'nodes', 'negative-no-spare-node': 'affinity'};
const FIELDS = ['rule', 'type', 'resources', 'nodes', 'strict', 'affinity', 'disable', 'comment'];

let listBox, form, messages, editing = null;

export function mount(section) {
  messages = h('div', {class: 'messages', id: 'rule-messages'});
  listBox = h('div', {id: 'rules'});
  const field = (name, label, input, hint) => h('div', {class: 'field', 'data-field': name},
    h('label', {for: `rule-${name}`}, label), input,
    hint ? h('small', {class: 'hint'}, hint) : null,
    h('small', {class: 'field-error', id: `rule-${name}-error`}),
    h('small', {class: 'field-warning', id: `rule-${name}-warning`}));
  form = h('form', {id: 'rule-form', class: 'needs-admin', onsubmit: save},
    h('h3', {id: 'rule-form-title'}, 'New rule'),
    messages,
    field('rule', 'id', h('input', {id: 'rule-rule', name: 'rule', required: true})),
    field('type', 'type', h('select', {id: 'rule-type', name: 'type', onchange: showTypeFields},
      h('option', {value: 'node-affinity'}, 'node-affinity'),
      h('option', {value: 'resource-affinity'}, 'resource-affinity'))),
    field('resources', 'resources', h('input', {id: 'rule-resources', name: 'resources', placeholder: 'vm:101,vm:102'})),
    field('nodes', 'nodes', h('input', {id: 'rule-nodes', name: 'nodes', placeholder: 'node1:2,node2'}),
      'node:priority, higher is preferred'),
    field('strict', 'strict', h('input', {id: 'rule-strict', name: 'strict', type: 'checkbox'}),
      'only these nodes, never others'),
    field('affinity', 'affinity', h('select', {id: 'rule-affinity', name: 'affinity'},
      h('option', {value: 'positive'}, 'positive (together)'),
      h('option', {value: 'negative'}, 'negative (apart)'))),
    field('disable', 'disabled', h('input', {id: 'rule-disable', name: 'disable', type: 'checkbox'})),
    field('comment', 'comment', h('input', {id: 'rule-comment', name: 'comment'})),
    h('div', {class: 'buttons'},
      h('button', {type: 'submit', id: 'rule-save'}, 'Save'),
      h('button', {type: 'button', id: 'rule-new', onclick: () => edit(null)}, 'New rule')));
  section.append(h('h2', {}, 'Rules'), listBox, form);
  showTypeFields();
}

export async function refresh() {
  const rules = await get('/rules');
  const rows = rules.map((r) => h('tr', {'data-rule': r.rule},
    h('td', {}, r.rule),
    h('td', {}, r.type),
    h('td', {}, r.resources),
    h('td', {}, r.type === 'node-affinity' ? `${r.nodes}${r.strict ? ' (strict)' : ''}` : r.affinity),
    h('td', {class: `state state-${r.state.split(' ')[0]}`}, r.state),
    h('td', {}, [...Object.values(r.errors || {}), ...Object.values(r.warnings || {})].join('; ')),
    h('td', {class: 'actions needs-admin'},
      h('button', {class: 'edit', onclick: () => edit(r)}, 'Edit'),
      h('button', {class: 'delete', onclick: () => remove(r.rule)}, 'Delete'))));
  listBox.replaceChildren(rows.length
    ? table(['rule', 'type', 'resources', 'nodes / affinity', 'state', 'problems', ''], rows, {id: 'rules-table'})
    : h('p', {class: 'hint'}, 'No rules yet.'));
}

function showTypeFields() {
  const nodeRule = form.elements.type.value === 'node-affinity';
  for (const name of ['nodes', 'strict']) form.querySelector(`[data-field=${name}]`).hidden = !nodeRule;
  form.querySelector('[data-field=affinity]').hidden = nodeRule;
}

function clearMarks() {
  for (const name of FIELDS) {
    document.getElementById(`rule-${name}-error`).textContent = '';
    document.getElementById(`rule-${name}-warning`).textContent = '';
  }
  flash(messages, '');
}

function edit(rule) {
  editing = rule;
  clearMarks();
  form.reset();
  document.getElementById('rule-form-title').textContent = rule ? `Edit rule ${rule.rule}` : 'New rule';
  form.elements.rule.readOnly = !!rule;
  form.elements.type.disabled = !!rule;   // fixed after creation
  if (rule) {
    form.elements.rule.value = rule.rule;
    form.elements.type.value = rule.type;
    form.elements.resources.value = rule.resources || '';
    form.elements.nodes.value = rule.nodes || '';
    form.elements.strict.checked = !!rule.strict;
    form.elements.affinity.value = rule.affinity || 'positive';
    form.elements.disable.checked = !!rule.disable;
    form.elements.comment.value = rule.comment || '';
  }
  showTypeFields();
}

function body() {
  const e = form.elements;
  const nodeRule = e.type.value === 'node-affinity';
  const b = {resources: e.resources.value.trim(), disable: e.disable.checked};
  if (nodeRule) Object.assign(b, {nodes: e.nodes.value.trim(), strict: e.strict.checked});
  else b.affinity = e.affinity.value;
  if (e.comment.value.trim()) b.comment = e.comment.value.trim();
  if (!editing) Object.assign(b, {rule: e.rule.value.trim(), type: e.type.value});
  else {
    b.digest = editing.digest;
    if (!b.comment && editing.comment) b.delete = ['comment'];
  }
  return b;
}

async function save(event) {
  event.preventDefault();
  clearMarks();
  try {
    const saved = editing
      ? await put(`/rules/${encodeURIComponent(editing.rule)}`, body())
      : await post('/rules', body());
    edit(saved);
    showWarnings(saved.warnings || {});
    flash(messages, `rule ${saved.rule} saved (${saved.state})`, 'ok');
    await refresh();
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    const general = [];
    for (const err of e.errors) {
      const slot = document.getElementById(`rule-${err.field}-error`);
      if (slot) slot.textContent = err.reason;
      else general.push(`${err.field}: ${err.reason}`);
    }
    flash(messages, [e.message, ...general].join(' — '));
  }
}

function showWarnings(warnings) {
  for (const [code, message] of Object.entries(warnings)) {
    const slot = document.getElementById(`rule-${WARNING_FIELD[code] || 'rule'}-warning`);
    slot.textContent = slot.textContent ? `${slot.textContent}; ${message}` : message;
  }
}

async function remove(id) {
  if (!(await confirmAction(`Delete rule ${id}?`))) return;
  try {
    await del(`/rules/${encodeURIComponent(id)}`);
    if (editing && editing.rule === id) edit(null);
    await refresh();
  } catch (e) {
    flash(messages, e.message);
  }
}
