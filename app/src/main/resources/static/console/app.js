// The console's shell: sign-in, hash routes (#/cluster, #/rules, ...), and polling the visible page every 2 s.
import {session, signIn, signOut, ApiError} from './api.js';
import * as cluster from './cluster.js';
import * as resources from './resources.js';
import * as rules from './rules.js';
import * as timeline from './timeline.js';
import * as whatIf from './what-if.js';
import * as proposals from './proposals.js';

const PAGES = {cluster, resources, rules, timeline, 'what-if': whatIf, proposals};
const POLL_MS = 2000;
const mounted = new Set();
let current = null;
let timer = null;
let generation = 0;   // one polling loop at a time: a newer route ends the older loop

function show(id) {
  document.querySelectorAll('.page').forEach((p) => { p.hidden = p.id !== `page-${id}`; });
  document.querySelectorAll('#nav a').forEach((a) => a.classList.toggle('active', a.hash === `#/${id}`));
}

async function route() {
  const mine = ++generation;
  clearTimeout(timer);
  const who = await session();
  if (mine !== generation) return;
  const signedIn = who !== null;
  document.getElementById('nav').hidden = !signedIn;
  document.getElementById('sign-out').hidden = !signedIn;
  document.getElementById('who').textContent = signedIn ? `${who.name} (${who.role})` : '';
  document.body.dataset.role = signedIn ? who.role : '';   // hides actions the role may not take (style.css)
  if (!signedIn) {
    current = null;
    show('sign-in');
    return;
  }
  const [name, ...args] = location.hash.replace(/^#\/?/, '').split('/');
  const id = PAGES[name] ? name : 'cluster';
  const page = PAGES[id];
  const section = document.getElementById(`page-${id}`);
  if (!mounted.has(id)) {
    page.mount(section);
    mounted.add(id);
  }
  current = id;
  show(id);
  if (page.open) page.open(args.map(decodeURIComponent));
  poll(id, mine);
}

async function poll(id, mine) {
  if (mine !== generation) return;
  try {
    await PAGES[id].refresh();
    document.body.classList.remove('offline');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) { route(); return; }
    document.body.classList.add('offline');
  }
  if (mine === generation) timer = setTimeout(() => poll(id, mine), POLL_MS);
}

document.getElementById('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const error = document.getElementById('sign-in-error');
  error.textContent = '';
  try {
    await signIn(document.getElementById('token').value.trim());
    document.getElementById('token').value = '';
    await route();
  } catch (e) {
    error.textContent = e.message;
  }
});

document.getElementById('sign-out').addEventListener('click', async () => {
  await signOut();
  location.hash = '';
  await route();
});

window.addEventListener('hashchange', route);
route();
