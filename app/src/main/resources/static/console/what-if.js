// What-if: choose a node and an event; the manager's answer on a copy of the cluster (POST /api/v1/what-if).
import {get, post, ApiError} from './api.js';
import {h, table, flash} from './dom.js';

const EVENTS = {fail: 'loses power', isolate: 'loses the cluster network', maintenance: 'goes into maintenance'};

let form, answerBox, messages;

export function mount(section) {
  form = h('form', {id: 'what-if-form', class: 'filters needs-operator', onsubmit: ask},
    h('label', {}, 'node ', h('select', {name: 'node', id: 'what-if-node'})),
    h('label', {}, 'event ', h('select', {name: 'event', id: 'what-if-event'},
      Object.entries(EVENTS).map(([k, label]) => h('option', {value: k}, label)))),
    h('button', {type: 'submit', id: 'what-if-ask'}, 'Ask'));
  messages = h('div', {class: 'messages'});
  answerBox = h('div', {id: 'what-if-answer'});
  section.append(h('h2', {}, 'What if'), h('p', {class: 'hint'},
    'Simulated on a copy of the current state: nothing changes in the cluster.'), form, messages, answerBox);
}

/** Fills the node list once; the answer stays until the next question. */
export async function refresh() {
  const select = form.elements.node;
  if (select.options.length) return;
  const nodes = await get('/nodes');
  select.replaceChildren(...nodes.map((n) => h('option', {value: n.node}, n.node)));
}

async function ask(event) {
  event.preventDefault();
  const button = document.getElementById('what-if-ask');
  button.disabled = true;
  flash(messages, '');
  answerBox.replaceChildren(h('p', {class: 'hint'}, 'simulating…'));
  try {
    const a = await post('/what-if', {[form.elements.event.value]: [form.elements.node.value]});
    render(a);
  } catch (e) {
    answerBox.replaceChildren();
    flash(messages, e instanceof ApiError && e.status === 429 ? 'another what-if is running; try again' : e.message);
  } finally {
    button.disabled = false;
  }
}

function render(a) {
  const moves = (a.moves || []).map((m) => h('tr', {}, h('td', {}, m.sid), h('td', {}, m.from), h('td', {}, m.to),
    h('td', {}, m.state)));
  const down = (a.not_running || []).map((r) => h('tr', {}, h('td', {}, r.sid), h('td', {}, r.node || '–'),
    h('td', {}, r.state)));
  answerBox.replaceChildren(
    h('p', {id: 'what-if-summary'}, `${a.events.join(', ')}: ${moves.length} move(s), ${down.length} left down`,
      a.imbalance_after === undefined ? '' : `, imbalance after ${Number(a.imbalance_after).toFixed(2)}`,
      a.completed ? '' : ' (did not settle within the simulated time)'),
    h('h3', {}, 'Moves'),
    moves.length ? table(['resource', 'from', 'to', 'state'], moves, {id: 'what-if-moves'})
      : h('p', {class: 'hint'}, 'nothing moves'),
    h('h3', {}, 'Left down'),
    down.length ? table(['resource', 'node', 'state'], down, {id: 'what-if-down'})
      : h('p', {class: 'ok', id: 'what-if-all-up'}, 'every started resource keeps running'),
    h('details', {}, h('summary', {}, 'manager log'), h('pre', {}, (a.log || []).join('\n'))));
}
