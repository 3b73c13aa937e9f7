// The Strato console: a list of resources and a page per resource, over the REST API only.
// Views are rebuilt from the API every few seconds (short polling: simple, and nothing stays
// open on the server); pages are addressed by the URL fragment, e.g. #/load-balancers/web.

import { api, ApiError, devToken, listAll, session } from './api.js';
import { renderCallsChart } from './chart.js';
import { toYaml } from './yaml.js';

const POLL_MS = 2000;
const KINDS = [
  { path: 'clusters', title: 'Clusters' },
  { path: 'load-balancers', title: 'Load balancers' },
  { path: 'node-groups', title: 'Node groups' },
];

const $ = (id) => document.getElementById(id);

/** Builds an element; children are nodes or text (never parsed as HTML). */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  Object.entries(attributes).forEach(([k, v]) => node.setAttribute(k, v));
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function show(sectionId) {
  ['sign-in', 'overview', 'detail'].forEach((id) => { $(id).hidden = id !== sectionId; });
}

function notice(text, kind = 'error') {
  $('notice').textContent = text || '';
  $('notice').className = 'notice ' + kind;
  $('notice').hidden = !text;
}

function age(since) {
  const s = Math.max(0, (Date.now() - Date.parse(since)) / 1000);
  if (s < 60) return Math.floor(s) + 's';
  if (s < 3600) return Math.floor(s / 60) + 'm';
  if (s < 86400) return Math.floor(s / 3600) + 'h';
  return Math.floor(s / 86400) + 'd';
}

function phaseBadge(phase, id) {
  const badge = el('span', { class: 'phase phase-' + (phase || 'Pending').toLowerCase() }, phase || 'Pending');
  if (id) badge.id = id;
  return badge;
}

/** What keeps a resource from being ready: the reasons and messages of its False conditions. */
function notReady(resource) {
  return ((resource.status && resource.status.conditions) || [])
    .filter((c) => c.status === 'False')
    .map((c) => `${c.reason}: ${c.message}`)
    .join('; ');
}

function labelText(labels) {
  return Object.entries(labels || {}).map(([k, v]) => `${k}=${v}`).join(', ');
}

// ---- routing and polling -------------------------------------------------------------------

let refreshing = false;

function route() {
  const [, path, name] = location.hash.replace(/^#/, '').split('/');
  return name ? { kind: KINDS.find((k) => k.path === path), name: decodeURIComponent(name) } : null;
}

async function refresh() {
  if (refreshing || document.hidden || !session.token()) return;
  refreshing = true;
  try {
    const target = route();
    if (target && target.kind) await renderDetail(target.kind, target.name);
    else await renderOverview();
    $('live').textContent = 'updated ' + new Date().toLocaleTimeString();
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      session.signOut();
      showSignIn('The token was refused (expired or not for this Strato): sign in again.');
    } else {
      notice(e.message);
    }
  } finally {
    refreshing = false;
  }
}

// ---- sign-in -------------------------------------------------------------------------------

async function showSignIn(message) {
  show('sign-in');
  $('who').textContent = '';
  $('sign-out').hidden = true;
  notice(message);
  $('dev-token').hidden = !(await devToken('HEAD'));
}

async function signIn(token) {
  session.signIn(token);
  try {
    // Any read checks the token; a token without a Strato role is refused with 403.
    await api('/api/v1/load-balancers?limit=1');
  } catch (e) {
    session.signOut();
    return notice(e instanceof ApiError && e.status === 403
      ? 'This token is valid but carries no Strato role (viewer, operator or admin).'
      : 'Sign-in failed: ' + e.message);
  }
  $('token').value = '';
  notice('');
  signedIn();
}

function signedIn() {
  const claims = session.claims();
  $('who').textContent = `${claims.upn || claims.sub || 'signed in'} (${(claims.groups || []).join(', ')})`;
  $('sign-out').hidden = false;
  refresh();
}

// ---- the overview ----------------------------------------------------------------------------

function resourceTable(kind, items) {
  const rows = items.map((r) => el('tr', { id: `row-${kind.path}-${r.metadata.name}` },
    el('td', {}, el('a', { href: `#/${kind.path}/${encodeURIComponent(r.metadata.name)}` }, r.metadata.name)),
    el('td', {}, phaseBadge(r.status && r.status.phase)),
    el('td', { title: r.metadata.createdAt }, age(r.metadata.createdAt)),
    el('td', { class: 'reason' }, notReady(r)),
    el('td', { class: 'muted' }, labelText(r.metadata.labels))));
  return el('table', { id: 'table-' + kind.path },
    el('thead', {}, el('tr', {}, ...['Name', 'Phase', 'Age', 'Not ready because', 'Labels'].map((h) => el('th', {}, h)))),
    el('tbody', {}, ...(rows.length ? rows : [el('tr', {}, el('td', { colspan: 5, class: 'muted' }, 'none'))])));
}

async function renderOverview() {
  show('overview');
  const selector = $('label-filter').value.trim();
  const lists = await Promise.all(KINDS.map((k) => listAll('/api/v1/' + k.path, selector)));
  $('lists').replaceChildren(...KINDS.flatMap((k, i) => [el('h2', {}, k.title), resourceTable(k, lists[i])]));
  notice('');
  renderCallsChart($('calls-chart'), await api('/api/v1/cloud-calls?minutes=30'));
}

// ---- a resource's page -------------------------------------------------------------------------

let shownDetail = null;

async function renderDetail(kind, name) {
  show('detail');
  const base = `/api/v1/${kind.path}/${encodeURIComponent(name)}`;
  const [resource, events] = await Promise.all([api(base), api(base + '/events?limit=200')]);
  if (shownDetail !== base) {
    shownDetail = base;
    selectTab('status');
    $('confirm-delete').hidden = true;
    notice('');
  }
  const m = resource.metadata;
  $('detail-title').textContent = `${resource.kind} ${m.name}`;
  $('detail-phase').replaceWith(phaseBadge(resource.status.phase, 'detail-phase'));
  $('detail-summary').textContent = `created ${age(m.createdAt)} ago, generation ${m.generation}`
    + (resource.status.observedGeneration ? `, observed ${resource.status.observedGeneration}` : '')
    + (m.deletionRequestedAt ? ', deletion requested' : '') + `, uid ${m.uid}`;
  renderConditions(resource.status.conditions);
  renderOutputs(resource.status.outputs || {});
  $('labels').replaceChildren(el('p', { class: 'muted' }, labelText(m.labels) || 'none'));
  renderEvents(events);
  $('spec-yaml').textContent = toYaml({ apiVersion: resource.apiVersion, kind: resource.kind,
    metadata: { name: m.name, labels: m.labels }, spec: resource.spec });
}

function renderConditions(conditions) {
  $('conditions').replaceChildren(el('table', {},
    el('thead', {}, el('tr', {}, ...['Type', 'Status', 'Reason', 'Message', 'Since'].map((h) => el('th', {}, h)))),
    el('tbody', {}, ...conditions.map((c) => el('tr', { class: 'condition-' + c.status.toLowerCase() },
      el('td', {}, c.type), el('td', {}, c.status), el('td', {}, c.reason || ''),
      el('td', {}, c.message || ''), el('td', {}, c.lastTransitionTime ? age(c.lastTransitionTime) : ''))))));
}

function renderOutputs(outputs) {
  const entries = Object.entries(outputs).filter(([, v]) => v !== null && v !== undefined);
  $('outputs').replaceChildren(entries.length ? el('dl', { class: 'outputs' }, ...entries.flatMap(([k, v]) => {
    const text = typeof v === 'object' ? JSON.stringify(v) : String(v);
    const copy = el('button', { type: 'button', class: 'copy', 'data-copy': text }, 'Copy');
    return [el('dt', {}, k), el('dd', {}, el('code', {}, text), ' ', copy)];
  })) : el('p', { class: 'muted' }, 'none yet'));
}

function renderEvents(events) {
  const newestFirst = [...events].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  $('events').replaceChildren(...newestFirst.map((e) => el('li', { class: 'event event-' + e.type.toLowerCase() },
    el('time', { datetime: e.at }, new Date(e.at).toLocaleString()),
    el('strong', {}, ` ${e.reason} `), el('span', {}, e.message))));
  $('events-tab').textContent = `Events (${events.length})`;
}

function selectTab(tab) {
  document.querySelectorAll('[data-tab]').forEach((b) => b.classList.toggle('active', b.dataset.tab === tab));
  document.querySelectorAll('[data-pane]').forEach((p) => { p.hidden = p.dataset.pane !== tab; });
}

async function deleteShown() {
  $('confirm-delete').hidden = true;
  const { kind, name } = route();
  try {
    // The same call as curl: the server decides by the token's role, and audits it.
    await api(`/api/v1/${kind.path}/${encodeURIComponent(name)}`, { method: 'DELETE' });
    notice(`Deletion of ${name} requested: it stays listed as Deleting until the cloud side is gone.`, 'info');
  } catch (e) {
    notice(e.status === 403 ? `Refused: ${e.message}. Deleting needs the operator or admin role.`
      : `Delete failed: ${e.message}`);
    return;
  }
  refresh();
}

// ---- wiring ------------------------------------------------------------------------------------

document.addEventListener('DOMContentLoaded', () => {
  $('sign-in-form').addEventListener('submit', (e) => { e.preventDefault(); signIn($('token').value); });
  $('dev-token').addEventListener('click', async () => {
    const token = await devToken('GET');
    if (token) signIn(token);
    else notice('The dev token is not offered here.');
  });
  $('sign-out').addEventListener('click', () => { session.signOut(); showSignIn(); });
  $('filter-form').addEventListener('submit', (e) => { e.preventDefault(); refresh(); });
  $('delete').addEventListener('click', () => { $('confirm-delete').hidden = false; });
  $('confirm-delete-no').addEventListener('click', () => { $('confirm-delete').hidden = true; });
  $('confirm-delete-yes').addEventListener('click', deleteShown);
  document.querySelectorAll('[data-tab]').forEach((b) => b.addEventListener('click', () => selectTab(b.dataset.tab)));
  document.addEventListener('click', (e) => {
    const text = e.target.dataset && e.target.dataset.copy;
    if (text) navigator.clipboard.writeText(text).then(() => { e.target.textContent = 'Copied'; });
  });
  window.addEventListener('hashchange', () => { shownDetail = null; refresh(); });
  document.addEventListener('visibilitychange', refresh);
  setInterval(refresh, POLL_MS);
  if (session.token()) signedIn();
  else showSignIn();
});
