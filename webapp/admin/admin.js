// The admin page: draws the settings form from /admin/api/schema, saves with If-Match, shows every field error next to
// its field, and lists the QMC checklist, the doctor's findings, what visitors tried and the audit log. Same-origin
// requests only.
'use strict';

// Without user info: a page opened as http://user:password@host/ must not put it into fetch(), which refuses it; the
// browser's own login cache authenticates the requests.
const api = (path) => {
  const url = new URL('api/' + path, document.baseURI);
  url.username = '';
  url.password = '';
  return url.toString();
};
let etag = null;

function element(tag, attributes = {}, text = null) {
  const node = document.createElement(tag);
  Object.entries(attributes).forEach(([name, value]) => node.setAttribute(name, value));
  if (text !== null) {
    node.textContent = text;
  }
  return node;
}

function status(message, kind) {
  const node = document.getElementById('status');
  node.textContent = message;
  node.className = kind;
}

async function json(response) {
  const type = response.headers.get('Content-Type') || '';
  return type.includes('application/json') ? response.json() : { error: await response.text() };
}

function drawFields(schema) {
  const container = document.getElementById('fields');
  container.replaceChildren();
  const groups = new Map();
  schema.fields.forEach((field) => {
    if (!groups.has(field.group)) {
      const fieldset = element('fieldset');
      fieldset.append(element('legend', {}, field.group));
      groups.set(field.group, fieldset);
      container.append(fieldset);
    }
    const row = element('div', { class: 'field', id: 'field-' + field.key });
    const id = 'input-' + field.key;
    row.append(element('label', { for: id }, field.key));
    let input;
    if (field.choices.length > 0) {
      input = element('select', { id, name: field.key });
      field.choices.forEach((choice) => input.append(element('option', { value: choice }, choice)));
    } else {
      input = element('input', { id, name: field.key, type: field.secret ? 'password' : 'text', autocomplete: 'off',
        spellcheck: 'false' });
    }
    input.setAttribute('aria-describedby', 'help-' + field.key + ' error-' + field.key);
    input.addEventListener('input', () => { input.dataset.edited = 'true'; });
    row.append(input);
    row.append(element('p', { class: 'help', id: 'help-' + field.key },
      field.help + ' (' + field.environmentVariable + (field.default ? ', default ' + field.default : '') + ')'));
    row.append(element('p', { class: 'field-error', id: 'error-' + field.key, role: 'alert' }));
    groups.get(field.group).append(row);
  });
}

function drawWarnings(warnings) {
  const container = document.getElementById('warnings');
  container.replaceChildren();
  Object.entries(warnings || {}).forEach(([key, message]) =>
    container.append(element('p', { class: 'warning' }, key + ': ' + message)));
}

function clearErrors() {
  document.querySelectorAll('.field').forEach((row) => row.classList.remove('invalid'));
  document.querySelectorAll('.field-error').forEach((node) => { node.textContent = ''; });
}

async function loadSettings() {
  const response = await fetch(api('settings'), { cache: 'no-store' });
  const document_ = await json(response);
  if (!response.ok) {
    status('Cannot load the settings: ' + (document_.error || response.status), 'error');
    return;
  }
  etag = response.headers.get('ETag');
  Object.entries(document_).forEach(([key, value]) => {
    const input = document.getElementById('input-' + key);
    if (input) {
      input.value = value;
      delete input.dataset.edited;
    }
  });
  clearErrors();
}

async function save(event) {
  event.preventDefault();
  clearErrors();
  const body = {};
  document.querySelectorAll('#fields [name]').forEach((input) => { body[input.name] = input.value; });
  status('Saving…', '');
  const response = await fetch(api('settings'), {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', 'If-Match': etag },
    body: JSON.stringify(body),
  });
  const answer = await json(response);
  if (response.status === 400 && answer.errors) {
    const keys = Object.keys(answer.errors);
    keys.forEach((key) => {
      const node = document.getElementById('error-' + key);
      if (node) {
        node.textContent = answer.errors[key];
        document.getElementById('field-' + key).classList.add('invalid');
      }
    });
    status(keys.length + (keys.length === 1 ? ' setting needs' : ' settings need') + ' a fix; nothing was saved.', 'error');
    const first = document.querySelector('.field.invalid input, .field.invalid select');
    if (first) {
      first.focus();
    }
    return;
  }
  if (!response.ok) {
    status(answer.error || ('Not saved: ' + response.status), 'error');
    return;
  }
  etag = response.headers.get('ETag');
  drawWarnings(answer.warnings);
  status('Saved; in force for the next request.', 'ok');
  await Promise.all([loadSettings(), loadChecklist(), loadAudit(), loadAccess()]);
}

async function loadChecklist() {
  const response = await fetch(api('checklist'), { cache: 'no-store' });
  const answer = await json(response);
  const body = document.querySelector('#checklist tbody');
  body.replaceChildren();
  (answer.items || []).forEach((item) => {
    const row = element('tr');
    row.append(element('td', {}, item.field), element('td', {}, item.value), element('td', {}, item.note));
    body.append(row);
  });
}

async function runDoctor() {
  const button = document.getElementById('run-doctor');
  button.disabled = true;
  const body = document.querySelector('#doctor tbody');
  body.replaceChildren(element('tr', {}, null));
  body.firstChild.append(element('td', { colspan: '4' }, 'Running…'));
  try {
    const response = await fetch(api('doctor'), { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: '{}' });
    const answer = await json(response);
    body.replaceChildren();
    if (!response.ok) {
      const row = element('tr');
      row.append(element('td', { colspan: '4', class: 'fail' }, answer.error || String(response.status)));
      body.append(row);
      return;
    }
    answer.checks.forEach((check) => {
      const row = element('tr', { 'data-check': check.id });
      row.append(element('td', {}, check.title), element('td', { class: check.status }, check.status),
        element('td', {}, check.detail), element('td', {}, check.fix));
      body.append(row);
    });
  } finally {
    button.disabled = false;
    loadStatus();
  }
}

async function loadAudit() {
  const response = await fetch(api('audit?limit=50'), { cache: 'no-store' });
  const answer = await json(response);
  const body = document.querySelector('#audit tbody');
  body.replaceChildren();
  (answer.entries || []).forEach((entry) => {
    const row = element('tr');
    const changes = entry.changes.map((c) => c.key + ': ' + JSON.stringify(c.before) + ' → ' + JSON.stringify(c.after))
      .join('\n');
    row.append(element('td', {}, entry.at), element('td', {}, entry.actor), element('td', {}, entry.remoteAddress),
      element('td', {}, changes));
    body.append(row);
  });
}

async function loadAccess() {
  const response = await fetch(api('access'), { cache: 'no-store' });
  const answer = await json(response);
  if (!response.ok) {
    return;
  }
  const total = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);
  document.getElementById('access-summary').textContent = 'Profile ' + answer.profile + ', ' + answer.enforcement
    + '; allowed apps: ' + (answer.allowedApps.length ? answer.allowedApps.join(', ') : 'none') + '; refused since start: '
    + total(answer.refused) + ', let through by observe mode: ' + total(answer.observed) + '.';
  const body = document.querySelector('#access tbody');
  body.replaceChildren();
  answer.entries.forEach((entry) => {
    const row = element('tr', { 'data-reason': entry.reason, 'data-pattern': entry.pattern });
    row.append(element('td', {}, entry.method), element('td', {}, entry.pattern), element('td', {}, entry.reason),
      element('td', {}, entry.enforced ? 'yes' : 'no (observe)'), element('td', {}, String(entry.count)),
      element('td', {}, entry.lastSeen));
    const action = element('td', { class: 'action' });
    // Only a path refused for reading can be opened: extra paths open GET and HEAD, nothing else.
    if (answer.extraPaths.includes(entry.pattern)) {
      action.textContent = 'adopted';
    } else if (entry.reason === 'path' && (entry.method === 'GET' || entry.method === 'HEAD')) {
      const adopt = element('button', { type: 'button', class: 'adopt',
        title: 'Add ' + entry.pattern + ' to the extra paths (GET and HEAD), in force at once' }, 'Adopt');
      adopt.addEventListener('click', () => adoptPath(entry.pattern, entry.method));
      action.append(adopt);
    }
    row.append(action);
    body.append(row);
  });
}

// Adopting and undoing go through /admin/api/access/extra-paths, which validates the pattern as a typed value would
// be, saves, audits and puts it in force; the answer's message is shown as it came.
function accessStatus(message, kind, undo) {
  const node = document.getElementById('access-status');
  node.replaceChildren(document.createTextNode(message));
  node.className = kind;
  if (undo) {
    const button = element('button', { type: 'button', id: 'undo-adopt' }, 'Undo');
    button.addEventListener('click', undo);
    node.append(' ', button);
  }
}

async function changeExtraPaths(method, body) {
  const response = await fetch(api('access/extra-paths'), {
    method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  return { response, answer: await json(response) };
}

// After an adoption or its undo the form shows the saved settings, unless the admin has edited it: then the edits
// stay, and so does the tag they were made on, so saving them gets 412 and asks for a reload instead of undoing the
// adoption unseen.
function refreshAfterExtraPathChange() {
  const edited = document.querySelector('#fields [data-edited]') !== null;
  return Promise.all([edited ? Promise.resolve() : loadSettings(), loadAudit(), loadAccess()]);
}

async function adoptPath(pattern, method) {
  const { response, answer } = await changeExtraPaths('POST', { path: pattern, method });
  if (response.status === 400 && answer.errors) {
    accessStatus('Not adopted: ' + Object.values(answer.errors).join(' '), 'error');
  } else if (!response.ok) {
    accessStatus('Not adopted: ' + (answer.error || response.status), 'error');
  } else if (!answer.added) {
    accessStatus(answer.path + ' is already open: the extra path ' + answer.coveredBy + ' covers it.', 'ok');
  } else {
    accessStatus('Added ' + answer.path + ' to the extra paths; visitors can read it from now on.', 'ok',
      () => undoAdopt(answer.path));
  }
  await refreshAfterExtraPathChange();
}

async function undoAdopt(path) {
  const { response, answer } = await changeExtraPaths('DELETE', { path });
  if (!response.ok) {
    accessStatus('Not undone: ' + (answer.error || response.status), 'error');
  } else {
    accessStatus('Removed ' + answer.path + ' from the extra paths; visitors get 404 for it again.', 'ok');
  }
  await refreshAfterExtraPathChange();
}

async function clearAccess() {
  await fetch(api('access'), { method: 'DELETE', headers: { 'Content-Type': 'application/json' } });
  await loadAccess();
}

async function loadStatus() {
  const response = await fetch(api('status'), { cache: 'no-store' });
  if (!response.ok) {
    return;
  }
  const answer = await json(response);
  document.getElementById('status-tunnels').textContent = String(answer.openTunnels);
  const sessions = Object.entries(answer.pooledSessions);
  document.getElementById('status-sessions').textContent = sessions.length
    ? sessions.map(([user, count]) => user + ': ' + count).join(', ') : 'none (no pool)';
  document.getElementById('status-rate').textContent = String(answer.requestsPerSecond);
  document.getElementById('status-spoof').textContent = String(answer.spoofAttempts);
  document.getElementById('status-doctor').textContent = answer.doctor
    ? answer.doctor.pass + ' pass, ' + answer.doctor.warn + ' warn, ' + answer.doctor.fail + ' fail at ' + answer.doctor.at
    : 'not run on this node yet';
  const engine = answer.engineSessions;
  document.getElementById('status-engine-sessions').textContent = engine.inUse + ' of ' + engine.budget
    + ' in use; ' + engine.overflowed + ' visitors sent to the shared read-only view since start';
  const cache = answer.cache;
  document.getElementById('status-cache').textContent = cache.maxBytes === 0 ? 'off'
    : cache.hits + ' hits, ' + cache.misses + ' misses, ' + cache.revalidations + ' revalidated, '
      + cache.coalescedWaits + ' waited for a fill, ' + cache.passes + ' passed; ' + cache.entries + ' entries, '
      + Math.round(cache.bytes / 1024) + ' KiB of ' + Math.round(cache.maxBytes / 1048576) + ' MiB';
  const body = document.querySelector('#status-refused tbody');
  body.replaceChildren();
  Object.entries(answer.refusedLastHour).forEach(([reason, count]) => {
    const row = element('tr', { 'data-reason': reason });
    row.append(element('td', {}, reason), element('td', {}, String(count)));
    body.append(row);
  });
  document.getElementById('status-section').dataset.updated = String(Date.now());
}

async function purgeCache() {
  const response = await fetch(api('cache'), { method: 'DELETE', headers: { 'Content-Type': 'application/json' } });
  status(response.ok ? 'The asset cache was purged.' : 'Cannot purge the cache: ' + response.status,
    response.ok ? 'ok' : 'error');
  await loadStatus();
}

async function start() {
  const response = await fetch(api('schema'), { cache: 'no-store' });
  const schema = await json(response);
  if (!response.ok) {
    status('Cannot load the page: ' + (schema.error || response.status), 'error');
    return;
  }
  document.getElementById('location').textContent = schema.repository.location
    + (schema.repository.shared ? ' (shared by all nodes)' : '');
  drawFields(schema);
  drawWarnings(schema.warnings);
  document.getElementById('settings').addEventListener('submit', save);
  document.getElementById('reload').addEventListener('click', () => loadSettings().then(() => status('', '')));
  document.getElementById('run-doctor').addEventListener('click', runDoctor);
  document.getElementById('purge-cache').addEventListener('click', purgeCache);
  document.getElementById('clear-access').addEventListener('click', clearAccess);
  await Promise.all([loadSettings(), loadChecklist(), loadAudit(), loadAccess(), loadStatus()]);
  setInterval(loadStatus, 5000);
  document.body.dataset.ready = 'true';
}

start();
