// Directory administration page: signs the admin in (OIDC authorization code + PKCE, public
// client `idp-admin`), then drives the admin API. Served as a static file under a CSP that
// forbids inline script; the access token lives in sessionStorage only.
/* global document, location, history, FileReader */

const issuer = document.querySelector('meta[name="eims-issuer"]').content;
const CLIENT_ID = 'idp-admin';
const REDIRECT_URI = `${issuer}/admin/callback`;
const RESOURCE = `${issuer}/admin`;
const SCOPE = 'openid admin';
const KEY = { token: 'idp-admin.token', expires: 'idp-admin.expires', idToken: 'idp-admin.id-token', verifier: 'idp-admin.verifier', state: 'idp-admin.state' };

const $ = (id) => document.getElementById(id);
const statusEl = $('status');
const alertEl = $('alert');
let me = null;
let editingId = null;
let employees = [];

function say(text) { statusEl.textContent = text; }
function fail(text) { alertEl.textContent = text; say(''); }
function clearAlert() { alertEl.textContent = ''; }

function base64url(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
function randomString() { return base64url(crypto.getRandomValues(new Uint8Array(32))); }

async function discovery() {
  const res = await fetch(`${issuer}/.well-known/openid-configuration`);
  if (!res.ok) throw new Error(`The IdP's discovery document could not be read (HTTP ${res.status}).`);
  return res.json();
}

async function signIn() {
  clearAlert();
  say('Redirecting to sign-in…');
  const verifier = randomString();
  const state = randomString();
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(KEY.verifier, verifier);
  sessionStorage.setItem(KEY.state, state);
  const { authorization_endpoint: endpoint } = await discovery();
  const url = new URL(endpoint);
  url.search = new URLSearchParams({
    response_type: 'code', client_id: CLIENT_ID, redirect_uri: REDIRECT_URI, scope: SCOPE,
    code_challenge: challenge, code_challenge_method: 'S256', state, resource: RESOURCE,
  }).toString();
  location.assign(url.toString());
}

async function finishSignIn() {
  const params = new URLSearchParams(location.search);
  history.replaceState(null, '', '/admin');
  const expected = sessionStorage.getItem(KEY.state);
  const verifier = sessionStorage.getItem(KEY.verifier);
  sessionStorage.removeItem(KEY.state);
  sessionStorage.removeItem(KEY.verifier);
  if (params.get('error')) throw new Error(`Sign-in was not completed: ${params.get('error_description') || params.get('error')}.`);
  if (!params.get('code') || !expected || params.get('state') !== expected || !verifier) {
    throw new Error('This sign-in response does not match a sign-in started here; sign in again.');
  }
  say('Completing sign-in…');
  const { token_endpoint: endpoint } = await discovery();
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: params.get('code'), redirect_uri: REDIRECT_URI,
      client_id: CLIENT_ID, code_verifier: verifier, resource: RESOURCE,
    }),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok || typeof body.access_token !== 'string') {
    throw new Error(`Sign-in failed at the token endpoint: ${body.error_description || body.error || `HTTP ${res.status}`}.`);
  }
  sessionStorage.setItem(KEY.token, body.access_token);
  sessionStorage.setItem(KEY.expires, String(Date.now() + (Number(body.expires_in) || 600) * 1000));
  if (typeof body.id_token === 'string') sessionStorage.setItem(KEY.idToken, body.id_token);
}

function token() {
  const t = sessionStorage.getItem(KEY.token);
  const exp = Number(sessionStorage.getItem(KEY.expires) || 0);
  return t && exp > Date.now() ? t : null;
}

function signOut(message) {
  sessionStorage.removeItem(KEY.token);
  sessionStorage.removeItem(KEY.expires);
  me = null;
  showSignedIn(false);
  say(message || 'Signed out.');
}

// The Sign out button also ends the IdP session (OpenID RP-Initiated Logout), so the next person
// at this workstation has to enter a password.
async function signOutEverywhere() {
  const idToken = sessionStorage.getItem(KEY.idToken);
  sessionStorage.removeItem(KEY.idToken);
  signOut('Signing out…');
  const { end_session_endpoint: endpoint } = await discovery();
  if (!endpoint) { say('Signed out.'); return; }
  const url = new URL(endpoint);
  const params = { client_id: CLIENT_ID, post_logout_redirect_uri: `${issuer}/admin` };
  if (idToken) params.id_token_hint = idToken;
  url.search = new URLSearchParams(params).toString();
  location.assign(url.toString());
}

class ApiError extends Error {
  constructor(status, error) { super(error?.message || `HTTP ${status}`); this.status = status; this.code = error?.code; this.field = error?.field; }
}

async function api(method, path, body) {
  const t = token();
  if (!t) { signOut('Your session has ended; sign in again.'); throw new ApiError(401, { message: 'Sign in again.' }); }
  const headers = { authorization: `Bearer ${t}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 204) return null;
  const json = await res.json().catch(() => ({}));
  if (res.status === 401) { signOut('Your session has ended; sign in again.'); }
  if (!res.ok) throw new ApiError(res.status, json.error);
  return json;
}

function showSignedIn(on) {
  $('signed-out').hidden = on;
  $('app').hidden = !on;
  $('sign-out').hidden = !on;
  $('who').textContent = on && me ? `Signed in as ${me.username}` : '';
}

function cell(text) { const td = document.createElement('td'); td.textContent = text; return td; }

function actionButton(label, name, onClick, danger) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.setAttribute('aria-label', `${label} ${name}`);
  if (danger) b.className = 'danger';
  b.addEventListener('click', onClick);
  return b;
}

function renderEmployees() {
  const tbody = $('employee-rows');
  tbody.replaceChildren();
  for (const e of employees) {
    const tr = document.createElement('tr');
    tr.append(cell(e.displayName), cell(e.username), cell(e.title), cell(e.department), cell(e.e164 || '—'), cell(e.role === 'admin' ? 'Administrator' : 'Employee'));
    const status = document.createElement('td');
    const badge = document.createElement('span');
    badge.className = `badge ${e.status}`;
    badge.textContent = e.status === 'active' ? 'Active' : 'Disabled';
    status.append(badge);
    tr.append(status);
    const actions = document.createElement('td');
    actions.className = 'actions';
    actions.append(actionButton('Edit', e.displayName, () => startEdit(e)));
    const self = me && me.id === e.id;
    if (!self) {
      if (e.status === 'active') actions.append(actionButton('Disable', e.displayName, () => changeStatus(e, 'disable'), true));
      else actions.append(actionButton('Enable', e.displayName, () => changeStatus(e, 'enable')));
      actions.append(actionButton('Delete', e.displayName, () => remove(e), true));
    }
    tr.append(actions);
    tbody.append(tr);
  }
  if (employees.length === 0) {
    const tr = document.createElement('tr');
    const td = cell('No employees match.');
    td.colSpan = 8;
    tr.append(td);
    tbody.append(tr);
  }
}

async function loadEmployees() {
  const q = $('search').value.trim();
  say(q ? `Searching for “${q}”…` : 'Loading employees…');
  const { employees: list } = await api('GET', `/api/admin/employees${q ? `?q=${encodeURIComponent(q)}` : ''}`);
  employees = list;
  $('employees-caption').textContent = q ? `Employees matching “${q}”` : 'All employees';
  renderEmployees();
  say(`${list.length} employee${list.length === 1 ? '' : 's'} shown.`);
}

function describeChanges(entry) {
  const before = entry.before || {};
  const after = entry.after || {};
  const fields = ['displayName', 'title', 'department', 'e164', 'role', 'status', 'hasPhoto'];
  const parts = [];
  for (const f of fields) {
    if (entry.before && entry.after && before[f] !== after[f]) parts.push(`${f}: ${before[f] ?? '—'} → ${after[f] ?? '—'}`);
  }
  if (after.passwordChanged) parts.push('password reset');
  if (after.photoChanged && !parts.some((p) => p.startsWith('hasPhoto'))) parts.push('photo replaced');
  if (!entry.before) parts.push('created');
  if (!entry.after) parts.push('deleted');
  return parts.join('; ');
}

async function loadAudit() {
  const { entries } = await api('GET', '/api/admin/audit?limit=50');
  const tbody = $('audit-rows');
  tbody.replaceChildren();
  for (const a of entries) {
    const tr = document.createElement('tr');
    tr.append(cell(new Date(a.at).toLocaleString()), cell(a.actor.username), cell(a.action.replace('employee.', '')), cell(a.target.username), cell(describeChanges(a)));
    tbody.append(tr);
  }
}

function confirmAction(text, okLabel) {
  const dialog = $('confirm');
  $('confirm-text').textContent = text;
  $('confirm-ok').textContent = okLabel;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.returnValue = '';
    dialog.showModal();
    $('confirm-cancel').focus();
  });
}

async function guarded(work, done) {
  clearAlert();
  try {
    await work();
    if (done) say(done);
  } catch (err) {
    fail(err.field ? `${err.message} (field: ${err.field})` : err.message);
  }
}

async function changeStatus(e, action) {
  const verb = action === 'disable' ? 'Disable' : 'Enable';
  if (action === 'disable' && !(await confirmAction(`Disable ${e.displayName}? They are signed out everywhere at once and cannot sign in until enabled again.`, 'Disable'))) return;
  await guarded(async () => {
    say(`${verb.replace(/e$/, '')}ing ${e.displayName}…`);
    await api('POST', `/api/admin/employees/${encodeURIComponent(e.id)}/${action}`);
    await loadEmployees();
    await loadAudit();
  }, `${e.displayName} is ${action === 'disable' ? 'disabled' : 'enabled'}.`);
}

async function remove(e) {
  if (!(await confirmAction(`Delete ${e.displayName} (${e.username}) permanently? This cannot be undone.`, 'Delete'))) return;
  await guarded(async () => {
    say(`Deleting ${e.displayName}…`);
    await api('DELETE', `/api/admin/employees/${encodeURIComponent(e.id)}`);
    if (editingId === e.id) resetForm();
    await loadEmployees();
    await loadAudit();
  }, `${e.displayName} is deleted.`);
}

function startEdit(e) {
  editingId = e.id;
  const form = $('employee-form');
  form.reset();
  form.elements.username.value = e.username;
  form.elements.username.disabled = true;
  form.elements.displayName.value = e.displayName;
  form.elements.title.value = e.title;
  form.elements.department.value = e.department;
  form.elements.e164.value = e.e164 || '';
  form.elements.role.value = e.role;
  $('form-heading').textContent = `Edit ${e.displayName}`;
  $('save').textContent = 'Save changes';
  $('cancel-edit').hidden = false;
  form.elements.displayName.focus();
}

function resetForm() {
  editingId = null;
  const form = $('employee-form');
  form.reset();
  form.elements.username.disabled = false;
  $('form-heading').textContent = 'Add employee';
  $('save').textContent = 'Add employee';
  $('cancel-edit').hidden = true;
}

function readPhoto(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(new Error('The photo file could not be read.'));
    reader.readAsDataURL(file);
  });
}

async function save(event) {
  event.preventDefault();
  const f = $('employee-form').elements;
  const body = {
    displayName: f.displayName.value,
    title: f.title.value,
    department: f.department.value,
    e164: f.e164.value.trim() === '' ? null : f.e164.value.trim(),
    role: f.role.value,
  };
  if (f.password.value !== '') body.password = f.password.value;
  if (f.removePhoto.checked) body.photo = null;
  else if (f.photo.files.length > 0) body.photo = await readPhoto(f.photo.files[0]);
  $('save').disabled = true;
  await guarded(async () => {
    if (editingId) {
      say('Saving changes…');
      await api('PATCH', `/api/admin/employees/${encodeURIComponent(editingId)}`, body);
    } else {
      say('Adding employee…');
      await api('POST', '/api/admin/employees', { username: f.username.value.trim(), ...body });
    }
    const name = body.displayName;
    const wasEditing = Boolean(editingId);
    resetForm();
    await loadEmployees();
    await loadAudit();
    say(wasEditing ? `Changes to ${name} saved.` : `${name} added.`);
  });
  $('save').disabled = false;
}

async function start() {
  $('sign-in').addEventListener('click', () => { signIn().catch((err) => fail(err.message)); });
  $('sign-out').addEventListener('click', () => { signOutEverywhere().catch((err) => fail(err.message)); });
  $('search-form').addEventListener('submit', (e) => { e.preventDefault(); guarded(loadEmployees); });
  $('refresh-audit').addEventListener('click', () => guarded(loadAudit, 'Audit log refreshed.'));
  $('employee-form').addEventListener('submit', (e) => { save(e).catch((err) => fail(err.message)); });
  $('cancel-edit').addEventListener('click', () => { resetForm(); say('Editing cancelled.'); });
  try {
    if (location.pathname === '/admin/callback') await finishSignIn();
  } catch (err) {
    fail(err.message);
  }
  if (!token()) { showSignedIn(false); return; }
  await guarded(async () => {
    me = await api('GET', '/api/admin/me');
    showSignedIn(true);
    await loadEmployees();
    await loadAudit();
  });
}

start();
