// Reelay's dashboard: a small page over the HTTP API (no framework, no build step).
// Everything a request carries is untrusted: it reaches the page only as text (textContent, never innerHTML), links
// are built from encoded ids, and a video plays only from its stored copy or an https URL.
'use strict';

const KEY_STORE = 'reelay.apiKey';
const POSTED_STORE = 'reelay.posted.';
const STATUSES = ['submitting', 'in_progress', 'mirroring', 'completed', 'failed'];
const MAX_ROWS = 200;
const MAX_SENT = 500;

const state = {
  rows: new Map(),          // request id -> summary, the list's rows
  sent: new Map(),          // request id -> the request as sent, as the change stream told it
  filters: { status: '', tenant: '', model: '' },
  view: null,               // the view shown: { name, cleanup }
  changes: null,            // the change stream's controller
};

// ---------------------------------------------------------------- DOM helpers (text only)

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'text') node.textContent = String(value);
    else if (name === 'class') node.className = value;
    else if (name === 'on') for (const [event, fn] of Object.entries(value)) node.addEventListener(event, fn);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

function requestLink(id) {
  return el('a', { href: '#/requests/' + encodeURIComponent(id), text: id });
}

function statusBadge(status) {
  const known = STATUSES.includes(status) ? status : 'unknown';
  return el('span', { class: 'status status-' + known, text: status || '?' });
}

function time(value) {
  if (!value) return '';
  const d = new Date(value);
  return isNaN(d) ? '' : d.toLocaleTimeString();
}

function usd(value) {
  return typeof value === 'number' && isFinite(value) ? '$' + value.toFixed(value < 1 ? 4 : 2) : '';
}

// ---------------------------------------------------------------- The API, with the key of this tab

function apiKey() {
  return sessionStorage.getItem(KEY_STORE) || '';
}

function headers(extra) {
  const h = Object.assign({ Accept: 'application/json' }, extra || {});
  if (apiKey()) h['X-API-Key'] = apiKey();
  return h;
}

async function api(path, options) {
  const opts = Object.assign({}, options || {});
  opts.headers = headers(opts.headers);
  const response = await fetch(path, opts);
  let body = null;
  try { body = await response.json(); } catch (e) { body = null; }
  return { status: response.status, body };
}

function problem(answer) {
  const e = answer.body && answer.body.error;
  return 'HTTP ' + answer.status + (e && e.message ? ': ' + e.message : '');
}

// Server-sent events over fetch, so the key travels as a header (EventSource sends none). Reconnects until stopped.
function stream(path, onEvent, onState) {
  const controller = new AbortController();
  let stopped = false;
  async function run(delay) {
    while (!stopped) {
      try {
        const response = await fetch(path, { headers: headers({ Accept: 'text/event-stream' }), signal: controller.signal });
        if (!response.ok || !response.body) throw new Error('HTTP ' + response.status);
        onState && onState('live');
        delay = 1000;
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        let event = { name: 'message', data: [] };
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let newline;
          while ((newline = buffer.search(/\r?\n/)) >= 0) {
            const line = buffer.slice(0, newline);
            buffer = buffer.slice(buffer[newline] === '\r' ? newline + 2 : newline + 1);
            if (line === '') {
              if (event.data.length) onEvent(event.name, event.data.join('\n'));
              event = { name: 'message', data: [] };
            } else if (line.startsWith('event:')) event.name = line.slice(6).trim();
            else if (line.startsWith('data:')) event.data.push(line.slice(5).replace(/^ /, ''));
          }
          if (buffer.length > 1 << 20) throw new Error('an event larger than 1 MiB');
        }
        if (onEvent('__end', '') === false) return;
      } catch (e) {
        if (stopped) return;
        onState && onState('reconnecting (' + (e.message || e) + ')');
      }
      await new Promise(r => setTimeout(r, delay));
      delay = Math.min(delay * 2, 15000);
    }
  }
  run(1000);
  return { stop() { stopped = true; controller.abort(); } };
}

function parse(data) {
  try { return JSON.parse(data); } catch (e) { return null; }
}

// ---------------------------------------------------------------- The change stream (all views)

function startChanges() {
  if (state.changes) state.changes.stop();
  const live = document.getElementById('live');
  state.changes = stream('/v1/changes', (name, data) => {
    if (name === 'ready' || name === 'resync') {
      if (state.view && state.view.reload) state.view.reload();
    } else if (name === 'change') {
      const change = parse(data);
      if (change && typeof change.request_id === 'string') applyChange(change);
    }
  }, s => { live.textContent = s === 'live' ? 'live' : s; });
}

function applyChange(change) {
  if (typeof change.request_as_sent === 'string') {
    state.sent.set(change.request_id, change.request_as_sent);
    if (state.sent.size > MAX_SENT) state.sent.delete(state.sent.keys().next().value);
  }
  const old = state.rows.get(change.request_id);
  const merged = Object.assign({}, old || {});
  for (const [k, v] of Object.entries(change)) if (v !== null && v !== undefined) merged[k] = v;
  if (old && STATUSES.indexOf(old.status) > STATUSES.indexOf(change.status) && !isTerminal(change.status)) {
    merged.status = old.status; // a late task record never moves a row back
  }
  if (!old && !matches(merged)) return;
  state.rows.set(change.request_id, merged);
  if (state.view && state.view.onChange) state.view.onChange(merged);
}

function isTerminal(status) {
  return status === 'completed' || status === 'failed';
}

function matches(row) {
  const f = state.filters;
  return (!f.status || row.status === f.status) && (!f.tenant || row.tenant === f.tenant)
    && (!f.model || row.model === f.model);
}

// ---------------------------------------------------------------- List

function listView(main) {
  const status = el('select', { id: 'filter-status', name: 'status' }, el('option', { value: '', text: 'any' }),
    STATUSES.map(s => el('option', { value: s, text: s })));
  const tenant = el('input', { id: 'filter-tenant', name: 'tenant', type: 'text', placeholder: 'any', size: 14 });
  const model = el('input', { id: 'filter-model', name: 'model', type: 'text', placeholder: 'any', size: 18 });
  status.value = state.filters.status;
  tenant.value = state.filters.tenant;
  model.value = state.filters.model;
  const filters = el('form', { class: 'filters', id: 'filters', on: { submit: e => { e.preventDefault(); apply(); } } },
    el('div', {}, el('label', { for: 'filter-status', text: 'Status' }), status),
    el('div', {}, el('label', { for: 'filter-tenant', text: 'Tenant' }), tenant),
    el('div', {}, el('label', { for: 'filter-model', text: 'Model' }), model),
    el('button', { type: 'submit', text: 'Filter' }));
  status.addEventListener('change', apply);
  const banner = el('p', { class: 'banner', hidden: true, id: 'list-banner' });
  const body = el('tbody', { id: 'requests' });
  const table = el('table', { 'aria-describedby': 'list-title' },
    el('thead', {}, el('tr', {}, ['Request', 'Status', 'Model', 'Provider', 'Tenant', 'Progress', 'Est. finish',
      'Cost', 'Retries / polls', 'Failure'].map(h => el('th', { scope: 'col', text: h })))), body);
  main.append(el('h2', { id: 'list-title', text: 'Requests' }), filters, banner, table);

  function apply() {
    state.filters = { status: status.value, tenant: tenant.value.trim(), model: model.value.trim() };
    load();
  }

  let pending = false;
  function render() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      const rows = [...state.rows.values()].filter(matches)
        .sort((a, b) => (b.requested_at || b.finished_at || '').localeCompare(a.requested_at || a.finished_at || '')
          || String(b.request_id).localeCompare(String(a.request_id)))
        .slice(0, MAX_ROWS);
      clear(body);
      if (!rows.length) body.append(el('tr', {}, el('td', { colspan: 10, class: 'muted', text: 'No requests.' })));
      for (const r of rows) body.append(row(r));
    });
  }

  async function load() {
    const q = new URLSearchParams({ limit: String(MAX_ROWS) });
    for (const [k, v] of Object.entries(state.filters)) if (v) q.set(k, v);
    const answer = await api('/v1/requests?' + q.toString()).catch(e => ({ status: 0, body: null, e }));
    if (answer.status !== 200 || !answer.body || !Array.isArray(answer.body.data)) {
      banner.hidden = false;
      banner.className = 'banner bad';
      banner.textContent = answer.status === 401 ? 'This service needs an API key: enter one above.'
        : answer.status === 400 ? 'Those filters are not valid: ' + problem(answer) : 'The list failed: ' + problem(answer);
      return;
    }
    state.rows = new Map(answer.body.data.map(r => [r.request_id, r]));
    banner.hidden = !answer.body.partial;
    banner.className = 'banner';
    banner.textContent = 'Some partitions did not answer (rebalancing or restoring): the list may miss requests.';
    render();
  }

  load();
  return { reload: load, onChange: render };
}

function row(r) {
  const progress = typeof r.progress === 'number'
    ? el('span', {}, el('progress', { max: 100, value: r.progress }), ' ' + r.progress + '%') : '';
  const finish = !isTerminal(r.status) && r.expected_end_at ? time(r.expected_end_at) : '';
  const cost = r.actual_cost_usd !== undefined ? usd(r.actual_cost_usd)
    : r.estimated_cost_usd !== undefined ? '≈ ' + usd(r.estimated_cost_usd) : '';
  const attempts = (r.submit_attempts ?? '–') + ' / ' + (r.polls ?? '–');
  const failure = r.failure_reason ? r.failure_reason + (r.failure_message ? ': ' + r.failure_message : '') : '';
  return el('tr', { 'data-id': r.request_id },
    el('td', { class: 'id' }, requestLink(r.request_id)),
    el('td', {}, statusBadge(r.status), r.cancel_requested ? el('span', { class: 'muted', text: ' cancelling' }) : null),
    el('td', { text: r.model || '' }), el('td', { text: r.provider || '' }), el('td', { text: r.tenant || '' }),
    el('td', {}, progress), el('td', { text: finish }), el('td', { text: cost }), el('td', { text: attempts }),
    el('td', { class: 'reason', text: failure }));
}

// ---------------------------------------------------------------- One request

function playable(video) {
  const candidates = [video && video.stored && video.stored.url, video && video.url];
  for (let i = 0; i < candidates.length; i++) {
    if (typeof candidates[i] !== 'string') continue;
    let url;
    try { url = new URL(candidates[i]); } catch (e) { continue; }
    // The stored copy is ours (http in the demo's local S3 server); anything else only over https.
    if (url.protocol === 'https:' || (i === 0 && url.protocol === 'http:')) return url.href;
  }
  return null;
}

function requestView(main, id) {
  const title = el('h2', {}, 'Request ', el('code', { text: id }));
  const banner = el('p', { class: 'banner', hidden: true, id: 'request-banner' });
  const cancel = el('button', { class: 'danger', id: 'cancel', type: 'button', text: 'Cancel request', disabled: true });
  const facts = el('dl', { class: 'facts', id: 'facts' });
  const videos = el('div', { id: 'videos' });
  const timeline = el('ol', { class: 'timeline', id: 'timeline' });
  const sent = el('pre', { class: 'text', id: 'request-as-sent' });
  const metadata = el('dl', { class: 'facts', id: 'metadata' });
  const failure = el('div', { id: 'failure' });
  main.append(title, banner, el('p', {}, cancel),
    el('div', { class: 'grid' },
      el('section', {}, el('h3', { text: 'Video' }), videos, el('h3', { text: 'State' }), facts, failure),
      el('section', {}, el('h3', { text: 'Timeline' }), timeline, el('h3', { text: 'Metadata' }), metadata,
        el('h3', { text: 'The request as sent' }), sent)));
  let current = null;
  let shownVideo = null;

  cancel.addEventListener('click', async () => {
    cancel.disabled = true;
    const answer = await api('/v1/requests/' + encodeURIComponent(id) + '/cancel', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ reason: 'cancelled from the dashboard' }),
    }).catch(() => ({ status: 0, body: null }));
    banner.hidden = false;
    banner.className = answer.status === 202 ? 'banner' : 'banner bad';
    banner.textContent = answer.status === 202 ? 'Cancellation sent.' : 'Not cancelled: ' + problem(answer);
    if (answer.status !== 202) cancel.disabled = false;
  });

  function note(what, at) {
    timeline.append(el('li', {}, el('time', { text: time(at) || time(new Date().toISOString()) }), what));
  }

  function show(view) {
    current = view;
    clear(facts);
    const t = view.timings || {};
    const pairs = [['Status', statusBadge(view.status)], ['Model', view.model], ['Operation', view.operation],
      ['Provider', view.provider], ['Tenant', view.tenant], ['Priority', view.priority],
      ['Upstream status', view.upstream_status], ['Progress', view.progress !== undefined ? view.progress + '%' : null],
      ['Polls', view.polls], ['Upstream task', view.upstream_task_id],
      ['Estimated cost', usd(view.estimated_cost_usd)], ['Charged', usd(view.actual_cost_usd)],
      ['Requested', t.requested_at], ['Submitted', t.submitted_at], ['Expected end', t.expected_end_at],
      ['Finished', t.finished_at], ['Mirror', view.mirror_status]];
    for (const [k, v] of pairs) {
      if (v === null || v === undefined || v === '') continue;
      facts.append(el('dt', { text: k }), el('dd', {}, v));
    }
    cancel.disabled = isTerminal(view.status) || !!view.cancel_requested;
    clear(metadata);
    for (const [k, v] of Object.entries(view.metadata || {})) metadata.append(el('dt', { text: k }), el('dd', { text: v }));
    if (!metadata.firstChild) metadata.append(el('dd', { class: 'muted', text: 'none' }));
    clear(failure);
    if (view.failure) {
      const f = view.failure;
      failure.append(el('h3', { text: 'Failure' }), el('p', { class: 'error', id: 'failure-reason', text: f.reason + ': ' + (f.message || '') }));
      if (f.upstream_error) failure.append(el('pre', { class: 'text', text: JSON.stringify(f.upstream_error, null, 2) }));
      for (const e of f.validation_errors || []) failure.append(el('p', { class: 'error', text: e.field + ': ' + e.message }));
    }
    showVideos(view);
    showSent();
  }

  function showVideos(view) {
    const list = view.videos || [];
    const key = JSON.stringify(list.map(v => v.stored ? v.stored.key : v.url));
    if (key === shownVideo) return;
    shownVideo = key;
    clear(videos);
    if (!list.length) {
      videos.append(el('p', { class: 'muted', text: isTerminal(view.status) ? 'No video.' : 'Not finished yet.' }));
      return;
    }
    for (const v of list) {
      const src = playable(v);
      if (!src) {
        videos.append(el('p', { class: 'note', text: 'No playable copy: only stored copies and https URLs are played here.' }));
        continue;
      }
      const player = el('video', { controls: true, muted: true, preload: 'auto', playsinline: true });
      player.muted = true;
      player.src = src;
      videos.append(player, el('p', { class: 'note', text: (v.stored ? 'Stored copy' : 'Upstream URL') +
        (v.duration_seconds ? ', ' + v.duration_seconds + ' s' : '') }));
    }
  }

  // The API's copy first (kept while it runs and for the retention); for a request stored before copies were kept,
  // what the change stream carried or this tab posted.
  function showSent() {
    const kept = current && current.request && typeof current.request === 'object'
      ? JSON.stringify(current.request, null, 2) : null;
    const posted = sessionStorage.getItem(POSTED_STORE + id);
    sent.textContent = kept || state.sent.get(id) || posted ||
      'Not known: this request was refused before it was tracked, or stored before requests were kept.';
  }

  async function load() {
    const answer = await api('/v1/requests/' + encodeURIComponent(id)).catch(() => ({ status: 0, body: null }));
    if (answer.status === 200 && answer.body) {
      const t = answer.body.timings || {};
      if (!timeline.firstChild) {
        if (t.requested_at) note('requested', t.requested_at);
        if (t.accepted_at) note('admitted', t.accepted_at);
        if (t.submitted_at) note('submitted upstream', t.submitted_at);
        if (t.upstream_completed_at) note('completed upstream', t.upstream_completed_at);
      }
      show(answer.body);
    } else if (answer.status !== 404) {
      banner.hidden = false;
      banner.className = 'banner bad';
      banner.textContent = 'Could not read it: ' + problem(answer);
    }
  }

  let last = null;
  const events = stream('/v1/requests/' + encodeURIComponent(id) + '/events', (name, data) => {
    if (name === '__end') return current && isTerminal(current.status) ? false : undefined;
    if (name === 'end') return;
    if (name === 'not_found') {
      banner.hidden = false;
      banner.className = 'banner bad';
      banner.textContent = 'No such request (or not this key\'s).';
      return;
    }
    const view = parse(data);
    if (!view) return;
    const what = name + (view.progress !== undefined && !isTerminal(name) ? ' ' + view.progress + '%' : '') +
      (view.upstream_status ? ' (upstream: ' + view.upstream_status + ')' : '') +
      (view.failure ? ' ' + view.failure.reason : '');
    if (what !== last) note(what);
    last = what;
    show(view);
  });

  load();
  return {
    cleanup: () => events.stop(),
    onChange: change => { if (change.request_id === id) showSent(); },
  };
}

// ---------------------------------------------------------------- New request

const OPERATION_FIELDS = {
  'text-to-video': ['prompt'],
  'image-to-video': ['prompt', 'image_url'],
  'reference-to-video': ['prompt', 'reference_images'],
  'start-end-to-video': ['prompt', 'start_image', 'end_image'],
  'video-to-video': ['prompt', 'video_url'],
  'video-extension': ['prompt', 'video_url'],
  'audio-to-video': ['prompt', 'audio_url'],
  'motion-control': ['prompt', 'image_url', 'video_url'],
};

function formView(main) {
  const status = el('p', { class: 'banner', hidden: true, id: 'form-result', role: 'status' });
  const form = el('form', { class: 'request', id: 'request-form', novalidate: true });
  main.append(el('h2', { text: 'New request' }), status, form);
  const errors = new Map();
  let models = [];

  function field(name, label, input, hint) {
    const error = el('p', { class: 'error', id: 'error-' + name, hidden: true });
    errors.set(name, error);
    input.id = 'field-' + name;
    input.name = name;
    if (hint) input.setAttribute('aria-describedby', 'hint-' + name);
    return el('div', { class: 'field' }, el('label', { for: input.id, text: label }), input,
      hint ? el('p', { class: 'note', id: 'hint-' + name, text: hint }) : null, error);
  }

  function select(values, first) {
    return el('select', {}, first ? el('option', { value: '', text: first }) : null,
      values.map(v => el('option', { value: String(v), text: String(v) })));
  }

  async function load() {
    const answer = await api('/v1/models').catch(() => ({ status: 0, body: null }));
    if (answer.status !== 200 || !answer.body || !Array.isArray(answer.body.data)) {
      status.hidden = false;
      status.className = 'banner bad';
      status.textContent = 'The catalog could not be read: ' + problem(answer);
      return;
    }
    models = answer.body.data.filter(m => m.listed !== false && !(m.lifecycle && m.lifecycle.stage === 'retired'));
    build();
  }

  function build() {
    clear(form);
    errors.clear();
    const model = select(models.map((m, i) => i), null);
    [...model.options].forEach((o, i) => { o.textContent = models[i].id + ' (' + models[i].provider + ')'; });
    const operation = el('select', {});
    const dynamic = el('div', {});
    const cost = el('p', { class: 'note', id: 'estimate' });
    form.append(field('model', 'Model', model), field('operation', 'Operation', operation), dynamic,
      field('metadata', 'Metadata (key=value, one a line)', el('textarea', { rows: 2 })),
      field('request_id', 'Request id (optional)', el('input', { type: 'text' })), cost,
      el('button', { type: 'submit', id: 'submit', text: 'Submit' }));
    const fields = {};

    function chosen() { return models[Number(model.value)]; }

    function onModel() {
      const m = chosen();
      clear(operation);
      for (const op of m.operations || []) operation.append(el('option', { value: op, text: op }));
      onOperation();
    }

    function onOperation() {
      const m = chosen();
      clear(dynamic);
      for (const k of Object.keys(fields)) delete fields[k];
      for (const k of [...errors.keys()]) if (!['model', 'operation', 'metadata', 'request_id'].includes(k)) errors.delete(k);
      const limits = m.limits || {};
      for (const name of OPERATION_FIELDS[operation.value] || ['prompt']) {
        let input;
        let hint = null;
        if (name === 'prompt') input = el('textarea', { rows: 3 });
        else if (name === 'reference_images') {
          input = el('textarea', { rows: 2 });
          hint = 'One https URL a line' + (limits.reference_images ? ', at most ' + limits.reference_images : '');
        } else { input = el('input', { type: 'url' }); hint = 'An https URL'; }
        fields[name] = input;
        dynamic.append(field(name, name.replace(/_/g, ' '), input, hint));
      }
      const format = m.format || {};
      const choices = [['duration', 'Duration (s)', format.durations], ['resolution', 'Resolution', format.resolutions],
        ['aspect_ratio', 'Aspect ratio', format.aspect_ratios]];
      for (const [name, label, values] of choices) {
        const input = values && values.length ? select(values, 'model default')
          : el('input', name === 'duration' ? { type: 'number', min: 1, step: 1 } : { type: 'text' });
        fields[name] = input;
        dynamic.append(field(name, label, input));
      }
      for (const p of m.parameters || []) {
        if (['prompt', 'duration', 'resolution', 'aspect_ratio'].includes(p.name)) continue;
        const input = p.values && p.values.length ? select(p.values.map(v => JSON.stringify(v)), 'default')
          : p.type === 'boolean' ? select(['true', 'false'], 'default')
            : el('input', (p.type === 'integer' || p.type === 'number')
              ? { type: 'number', min: p.min, max: p.max, step: p.type === 'integer' ? 1 : 'any' } : { type: 'text', maxlength: p.max_length });
        input.dataset.type = p.values && p.values.length ? 'json' : p.type;
        fields['parameters.' + p.name] = input;
        const range = [p.min !== undefined ? 'min ' + p.min : '', p.max !== undefined ? 'max ' + p.max : '',
          p.max_length ? 'at most ' + p.max_length + ' characters' : '', p.required ? 'required' : ''].filter(Boolean).join(', ');
        dynamic.append(field('parameters.' + p.name, p.name, input, (p.description || '') + (range ? ' (' + range + ')' : '')));
      }
      estimate();
    }

    // The server's dry run (POST /v1/requests/estimate) checks the request as a submit would and prices it as
    // admission will: no second copy of the rules or the prices here. Debounced; a late answer never overwrites a
    // newer one.
    let timer = null;
    let asked = 0;
    function estimate() {
      clearTimeout(timer);
      timer = setTimeout(dryRun, 300);
    }

    async function dryRun() {
      const ask = ++asked;
      const answer = await api('/v1/requests/estimate', { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(bodyOf()) }).catch(() => ({ status: 0, body: null }));
      if (ask !== asked) return;
      if (answer.status === 200 && answer.body) {
        const e = answer.body;
        const p = e.pricing || {};
        showErrors([], true);
        cost.textContent = typeof e.estimated_cost_usd === 'number'
          ? 'Estimated cost: ' + usd(e.estimated_cost_usd) + ', sent to ' + (e.provider || '?') + ' (prices: '
            + (p.source || '?') + (p.as_of ? ', as of ' + String(p.as_of).slice(0, 10) : '') + ')'
          : 'No price in the catalog for this model: no estimate (sent to ' + (e.provider || '?') + ').';
      } else if (answer.status === 400) {
        cost.textContent = 'Not valid yet: no estimate.';
        showErrors(validationErrors(answer), true);
      } else {
        cost.textContent = 'No estimate: ' + problem(answer);
      }
    }

    const touched = new Set();
    function touch(name) {
      touched.add(name);
      estimate();
    }

    function validationErrors(answer) {
      const b = answer.body || {};
      return (b.error && b.error.validation_errors) || b.validation_errors || [];
    }

    // A dry run's errors show under the fields already filled in or changed; a submit's under every field.
    function showErrors(list, onlyTouched) {
      for (const error of errors.values()) { error.hidden = true; error.textContent = ''; }
      const rest = [];
      for (const v of list) {
        const name = errors.has(v.field) ? v.field : String(v.field).split(/[.[]/)[0];
        const error = errors.get(name);
        const message = v.message + (v.allowed ? ' (allowed: ' + v.allowed.join(', ') + ')' : '');
        if (onlyTouched && !touched.has(name) && !touched.has(v.field)) continue;
        if (error) { error.hidden = false; error.textContent = message; } else rest.push(v.field + ': ' + message);
      }
      return rest;
    }

    function bodyOf() {
      const m = chosen();
      const body = { model: m.id, provider: m.provider, operation: operation.value };
      for (const [name, input] of Object.entries(fields)) {
        const value = input.value.trim();
        if (!value) continue;
        if (name.startsWith('parameters.')) {
          body.parameters = body.parameters || {};
          const type = input.dataset.type;
          body.parameters[name.slice(11)] = type === 'json' ? parse(value) : type === 'boolean' ? value === 'true'
            : (type === 'integer' || type === 'number') ? Number(value) : value;
        } else if (name === 'reference_images') body[name] = value.split(/\s+/).filter(Boolean);
        else if (name === 'duration') body[name] = Number(value);
        else body[name] = value;
      }
      const meta = form.elements.metadata.value.split('\n').map(l => l.trim()).filter(Boolean);
      if (meta.length) body.metadata = Object.fromEntries(meta.map(l => [l.split('=')[0].trim(), l.slice(l.indexOf('=') + 1).trim()]));
      if (form.elements.request_id.value.trim()) body.request_id = form.elements.request_id.value.trim();
      return body;
    }

    form.addEventListener('input', e => { if (e.target && e.target.name) touch(e.target.name); });
    form.addEventListener('change', e => { if (e.target && e.target.name) touch(e.target.name); });

    model.addEventListener('change', onModel);
    operation.addEventListener('change', onOperation);
    const preferred = models.findIndex(m => m.id === 'veo3.1-fast');
    model.value = String(preferred >= 0 ? preferred : 0);
    onModel();

    form.onsubmit = async e => {
      e.preventDefault();
      clearTimeout(timer);
      asked++; // an estimate under way no longer speaks for the form
      const text = JSON.stringify(bodyOf(), null, 2);
      const answer = await api('/v1/requests', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: text })
        .catch(() => ({ status: 0, body: null }));
      status.hidden = false;
      clear(status);
      if (answer.status === 202 && answer.body) {
        showErrors([], false);
        status.className = 'banner';
        const id = answer.body.request_id;
        try { sessionStorage.setItem(POSTED_STORE + id, text); } catch (err) { /* full: not kept */ }
        status.append('Accepted: ', requestLink(id));
        return;
      }
      status.className = 'banner bad';
      status.textContent = 'Refused: ' + problem(answer);
      for (const line of showErrors(validationErrors(answer), false)) status.append(el('p', { class: 'error', text: line }));
    };
  }

  load();
  return {};
}

// ---------------------------------------------------------------- Routing

function route() {
  if (state.view && state.view.cleanup) state.view.cleanup();
  const main = clear(document.getElementById('main'));
  const hash = location.hash || '#/';
  const request = hash.match(/^#\/requests\/(.+)$/);
  let id = null;
  if (request) { try { id = decodeURIComponent(request[1]); } catch (e) { id = null; } }
  state.view = id ? requestView(main, id) : hash === '#/new' ? formView(main) : listView(main);
}

document.addEventListener('DOMContentLoaded', () => {
  const key = document.getElementById('api-key');
  key.value = apiKey();
  document.getElementById('key-form').addEventListener('submit', e => {
    e.preventDefault();
    if (key.value.trim()) sessionStorage.setItem(KEY_STORE, key.value.trim());
    else sessionStorage.removeItem(KEY_STORE);
    startChanges();
    route();
  });
  window.addEventListener('hashchange', route);
  route();
  startChanges();
});
