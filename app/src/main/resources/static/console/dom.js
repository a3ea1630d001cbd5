// Small DOM helpers shared by the pages: element building, confirmation dialog, number formats.

/** h('td', {class: 'x'}, 'text', child, ...) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function table(headers, rows, attrs = {}) {
  return h('table', attrs,
    h('thead', {}, h('tr', {}, headers.map((t) => h('th', {}, t)))),
    h('tbody', {}, rows));
}

/** Asks before an action; resolves true on Confirm. */
export function confirmAction(text) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-text').textContent = text;
  dialog.returnValue = '';   // Escape closes without setting it: the last answer must not count again
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), {once: true});
    dialog.showModal();
  });
}

export const pct = (v) => (v === undefined || v === null || Number.isNaN(v)) ? '–' : `${Math.round(v * 100)} %`;

export function bar(value, title) {
  const width = Math.max(0, Math.min(100, Math.round((value || 0) * 100)));
  return h('span', {class: 'bar', title}, h('span', {style: `width:${width}%`}), h('em', {}, pct(value)));
}

/** Shows an error message in a page's message area. */
export function flash(area, message, kind = 'error') {
  area.replaceChildren(message ? h('p', {class: kind}, message) : '');
}
