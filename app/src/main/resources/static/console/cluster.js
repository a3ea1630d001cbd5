// Cluster at a glance: manager, quorum, arm state, nodes with load and actions, imbalance history chart.
import uPlot from 'uplot';
import {get, post, del} from './api.js';
import {h, table, bar, confirmAction, flash} from './dom.js';

let summary, nodesBox, chartBox, messages, chart;

export function mount(section) {
  summary = h('div', {class: 'cards', id: 'cluster-summary'});
  messages = h('div', {class: 'messages'});
  nodesBox = h('div', {id: 'nodes'});
  chartBox = h('div', {id: 'imbalance-chart', class: 'chart'});
  section.append(h('h2', {}, 'Cluster'), messages, summary, h('h3', {}, 'Nodes'), nodesBox,
    h('h3', {}, 'Imbalance (recent rounds)'), chartBox);
}

export async function refresh() {
  const [status, history, waiting] = await Promise.all([get('/status'), get('/status/history'),
    get('/proposals?state=proposed')]);
  renderSummary(status, waiting);
  renderNodes(status);
  renderChart(history.rounds || []);
}

function renderSummary(status, waiting) {
  const m = status.manager || {};
  const master = status.master || {};
  const nodes = status.nodes || [];
  const observed = nodes.some((n) => n.member !== undefined);
  const members = nodes.filter((n) => n.member).length;
  const quorate = observed && members * 2 > nodes.length;
  const usage = status.crs || {};
  const armed = status.arm && status.arm.armed;
  const card = (title, value, extra, attrs = {}) =>
    h('div', {class: 'card', ...attrs}, h('span', {class: 'title'}, title), h('strong', {}, value ?? '–'),
      extra ? h('small', {}, extra) : null);
  summary.replaceChildren(
    card('Manager (lease)', m.leader, m.self_is_leader ? 'this instance' : `term ${m.term ?? '–'}`),
    card('CRM master', master.node || 'none', [master.state, m.mode ? `mode ${m.mode}` : null].filter(Boolean).join(' · '),
      {class: master.state === 'lost' ? 'card bad' : 'card', title: master.note || ''}),
    card('Quorum', observed ? (quorate ? 'quorate' : 'NO QUORUM') : '–', observed ? `${members}/${nodes.length} members` : null,
      {class: !observed || quorate ? 'card' : 'card bad'}),
    card('HA', armed ? 'armed' : 'disarmed', armed ? null : status.arm['resource-mode'], {id: 'arm-state'}),
    card('Imbalance', usage.imbalance === undefined ? '–' : usage.imbalance.toFixed(2),
      `threshold ${usage.threshold === undefined ? '–' : usage.threshold.toFixed(2)} · ${usage.auto_rebalance || ''}`),
    card('Proposals', waiting.length ? h('a', {href: '#/proposals'}, `${waiting.length} waiting`) : 'none',
      waiting.length ? `${waiting[0].moves} move(s), imbalance ${waiting[0].imbalance_before.toFixed(2)} → `
        + `${waiting[0].imbalance_after.toFixed(2)}` : null, {id: 'proposals-waiting'}),
    h('div', {class: 'card needs-operator'}, armed
      ? h('button', {id: 'disarm', onclick: () => act('Disarm HA? Resources freeze until HA is armed again.',
          () => post('/status/disarm-ha', {'resource-mode': 'freeze'}))}, 'Disarm HA')
      : h('button', {id: 'arm', onclick: () => act('Arm HA again?', () => post('/status/arm-ha'))}, 'Arm HA')),
  );
}

function renderNodes(status) {
  const usage = status.crs || {};
  const simulated = (status.manager || {}).mode === 'simulated';
  const rows = status.nodes.map((n) => {
    const drain = n.drain;
    const onNode = status.resources.filter((r) => r.node === n.node).length;
    const actions = [
      n.maintenance
        ? h('button', {class: 'maintenance-off', onclick: () => act(`End maintenance of ${n.node}?`,
            () => del(`/nodes/${encodeURIComponent(n.node)}/maintenance`))}, 'End maintenance')
        : h('button', {class: 'maintenance-on', onclick: () => act(
            `Put ${n.node} in maintenance? Its resources are moved to other nodes.`,
            () => post(`/nodes/${encodeURIComponent(n.node)}/maintenance`))}, 'Maintenance'),
    ];
    if (simulated) {
      const on = n.power !== 'off';
      actions.push(h('button', {class: on ? 'power-off' : 'power-on', onclick: () => act(
        on ? `Power ${n.node} off (simulated)? The manager will fence it and recover its resources.`
          : `Power ${n.node} on (simulated)?`,
        () => post(`/sim/nodes/${encodeURIComponent(n.node)}/power`, {state: on ? 'off' : 'on'}))},
      on ? 'Power off' : 'Power on'));
    }
    return h('tr', {'data-node': n.node},
      h('td', {}, n.node),
      h('td', {class: `state state-${n.state}`, title: n.note || (n.since ? `since ${n.since}` : '')}, n.state),
      h('td', {}, simulated ? `${n.power || '–'} / ${n.network || '–'}` : '–'),
      h('td', {}, n.crm || '–', ' / ', n.lrm || '–'),
      h('td', {}, load(usage, 'node_cpu', n.node)),
      h('td', {}, load(usage, 'node_mem', n.node)),
      h('td', {}, onNode),
      h('td', {class: 'maint'}, drain ? drain.progress : (n.maintenance ? 'requested' : ''),
        drain && drain.progress.startsWith('draining')
          ? h('small', {class: 'left'}, ` (${drain.resources_left.join(', ')})`) : null),
      h('td', {class: 'actions needs-operator'}, actions));
  });
  nodesBox.replaceChildren(table(['node', 'state', 'power / network', 'crm / lrm', 'CPU', 'memory', 'resources',
    'maintenance', ''], rows, {id: 'nodes-table'}));
}

/** The basic mode counts resources, so it has no CPU or memory figures to show. */
function load(usage, key, node) {
  if (usage.mode === 'basic') return h('span', {class: 'hint', title: 'the basic CRS mode counts resources'}, 'n/a');
  return bar(usage[key] && usage[key][node], key === 'node_cpu' ? 'CPU' : 'memory');
}

function renderChart(rounds) {
  const data = [rounds.map((r) => r.at / 1000), rounds.map((r) => r.imbalance), rounds.map((r) => r.threshold)];
  if (!chart) {
    chart = new uPlot({
      width: Math.max(320, chartBox.clientWidth || 800), height: 220,
      scales: {y: {range: (u, min, max) => [0, Math.max(0.5, max * 1.1)]}},
      series: [{}, {label: 'imbalance', stroke: '#2563eb', width: 2, points: {show: false}},
        {label: 'threshold', stroke: '#dc2626', dash: [6, 4], points: {show: false}}],
      axes: [{}, {values: (u, ticks) => ticks.map((t) => t.toFixed(2))}],
    }, data, chartBox);
  } else {
    chart.setData(data);
  }
  chartBox.dataset.points = String(rounds.length);
}

async function act(question, call) {
  if (!(await confirmAction(question))) return;
  try {
    await call();
    flash(messages, '');
    await refresh();
  } catch (e) {
    flash(messages, e.message);
  }
}
