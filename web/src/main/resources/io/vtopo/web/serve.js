// vtopo serve: the page draws the server's SVG, colours it by drift state, and follows the event stream.
'use strict';
(function () {
  const page = { doc: null, svgText: null, selected: null, zoom: 1, path: [] };
  const $ = (id) => document.getElementById(id);
  const el = (tag, attrs, ...kids) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v; else e.setAttribute(k, v);
    }
    for (const k of kids) e.append(k instanceof Node ? k : document.createTextNode(String(k)));
    return e;
  };

  function setConn(ok, text) {
    const c = $('conn');
    c.className = 'conn ' + (ok ? 'ok' : 'bad');
    c.textContent = text;
  }

  function accept(doc) {
    // Versions only grow within one server run; after a restart the new run's versions start again at 1.
    if (!doc || (page.doc && doc.server === page.doc.server && doc.version <= page.doc.version)) return;
    page.doc = doc;
    render();
  }

  function objects() {
    const m = new Map();
    const v = page.doc && page.doc.view;
    if (v) for (const o of v.objects) m.set(o.id, o);
    return m;
  }

  function render() {
    const doc = page.doc;
    const v = doc.view;
    const st = doc.status || {};
    $('version').textContent = 'version ' + doc.version + (st.lastReadMillis != null ? ' · read in ' + st.lastReadMillis + ' ms' : '');
    const problems = [];
    if (st.readError) problems.push('Reading the host failed: ' + st.readError + ' (showing the last good state)');
    if (st.events && st.events !== 'live') problems.push('Host events: ' + st.events);
    if (v && v.warnings && v.warnings.length) problems.push(...v.warnings.map((w) => 'warning: ' + w));
    const banner = $('banner');
    banner.hidden = problems.length === 0;
    banner.textContent = problems.join(' · ');
    if (!v) return;
    $('title').textContent = v.title;
    document.title = v.title + ' — vtopo serve';
    $('source').textContent = v.source + (v.hasFile ? ' · compared with the file' : ' · no file');
    if (v.svg !== page.svgText) {
      const keepScroll = [$('svg').scrollLeft, $('svg').scrollTop];
      $('svg').innerHTML = v.svg;
      page.svgText = v.svg;
      applyZoom();
      [$('svg').scrollLeft, $('svg').scrollTop] = keepScroll;
    }
    const byId = objects();
    for (const g of document.querySelectorAll('#svg g.node')) {
      const o = byId.get(g.dataset.id);
      g.dataset.state = o ? o.state : 'unknown';
      g.classList.toggle('selected', g.dataset.id === page.selected);
    }
    legend(v);
    driftList(v);
    const dl = $('endpoints');
    dl.replaceChildren(...v.endpoints.map((e) => el('option', { value: e })));
    markPath();
    find();
    details();
  }

  function legend(v) {
    const ul = $('legend');
    ul.replaceChildren();
    for (const s of v.states) {
      const n = v.counts[s.state] || 0;
      if (!n && (s.state === 'live' || s.state === 'declared')) continue;
      if (!n && !v.hasFile) continue;
      ul.append(el('li', { 'data-state': s.state }, el('span', { class: 'swatch st-' + s.state }),
        el('span', {}, s.state + ': ' + s.description), el('span', { class: 'count' }, n)));
    }
  }

  function driftList(v) {
    const ul = $('drift-list');
    ul.replaceChildren();
    const drift = v.objects.filter((o) => !['in-sync', 'declared', 'live'].includes(o.state));
    for (const o of drift) {
      const b = el('button', { type: 'button', 'data-id': o.id }, el('span', { class: 'badge st-' + o.state }, o.state), o.id);
      b.addEventListener('click', () => select(o.id, true));
      ul.append(el('li', {}, b));
    }
    if (v.hasFile && drift.length === 0) ul.append(el('li', { class: 'muted' }, 'The host matches the file.'));
  }

  function select(id, scroll) {
    page.selected = id;
    for (const g of document.querySelectorAll('#svg g.node')) g.classList.toggle('selected', g.dataset.id === id);
    if (scroll) {
      const g = document.querySelector('#svg g.node[data-id="' + CSS.escape(id) + '"]');
      if (g) g.scrollIntoView({ block: 'center', inline: 'center' });
    }
    details();
  }

  function show(v) {
    if (v === null || v === undefined) return el('span', { class: 'muted' }, '—');
    if (typeof v !== 'object') return document.createTextNode(String(v));
    return el('pre', {}, yaml(v, ''));
  }

  function yaml(v, ind) {
    if (Array.isArray(v)) {
      return v.map((x) => ind + '- ' + (typeof x === 'object' && x !== null ? yaml(x, ind + '  ').trimStart() : String(x))).join('\n');
    }
    if (typeof v === 'object' && v !== null) {
      return Object.entries(v).map(([k, x]) => typeof x === 'object' && x !== null
        ? ind + k + ':\n' + yaml(x, ind + '  ') : ind + k + ': ' + String(x)).join('\n');
    }
    return ind + String(v);
  }

  function details() {
    const box = $('details');
    if (!page.selected) return;
    const o = objects().get(page.selected);
    box.classList.remove('muted');
    if (!o) {
      box.replaceChildren(el('p', {}, page.selected + ' is no longer on the host or in the file.'));
      return;
    }
    const kids = [el('h3', {}, o.name + ' ', el('span', { class: 'muted' }, o.type), ' ', el('span', { class: 'badge st-' + o.state }, o.state))];
    const facts = [['id', o.id]];
    if (o.owner) facts.push(['owner', o.owner]);
    if (o.note) facts.push(['note', o.note]);
    kids.push(el('table', { class: 'facts' }, ...facts.map(([k, x]) => el('tr', {}, el('th', {}, k), el('td', {}, x)))));
    if (o.changes.length) {
      kids.push(el('table', { class: 'changes' }, el('tr', {}, el('th', {}, 'differs'), el('th', {}, 'file'), el('th', {}, 'host')),
        ...o.changes.map((c) => el('tr', { class: 'diff' }, el('td', {}, c.field), el('td', {}, c.desired), el('td', {}, c.live)))));
    }
    const keys = [];
    for (const m of [o.desired, o.live]) if (m) for (const k of Object.keys(m)) if (!keys.includes(k)) keys.push(k);
    const differs = new Set(o.changes.map((c) => c.field));
    const head = el('tr', {}, el('th', {}, 'field'));
    if (o.desired) head.append(el('th', {}, 'file'));
    if (o.live) head.append(el('th', {}, 'host'));
    const rows = keys.map((k) => {
      const tr = el('tr', { class: differs.has(k) ? 'diff' : '', 'data-field': k }, el('td', {}, k));
      if (o.desired) tr.append(el('td', {}, show(o.desired[k])));
      if (o.live) tr.append(el('td', {}, show(o.live[k])));
      return tr;
    });
    kids.push(el('table', { class: 'fields' }, head, ...rows));
    box.replaceChildren(...kids);
  }

  function applyZoom() {
    const svg = document.querySelector('#svg svg');
    if (!svg) return;
    const w = +svg.getAttribute('width');
    const h = +svg.getAttribute('height');
    svg.style.width = Math.round(w * page.zoom) + 'px';
    svg.style.height = Math.round(h * page.zoom) + 'px';
  }

  function zoom(f) {
    page.zoom = Math.min(4, Math.max(0.1, f === 'fit' ? fitZoom() : page.zoom * f));
    applyZoom();
  }

  function fitZoom() {
    const svg = document.querySelector('#svg svg');
    return svg ? Math.min(1, ($('svg').clientWidth - 4) / +svg.getAttribute('width')) : 1;
  }

  function find() {
    const q = $('find').value.trim().toLowerCase();
    let n = 0;
    let first = null;
    const byId = objects();
    for (const g of document.querySelectorAll('#svg g.node')) {
      const o = byId.get(g.dataset.id);
      const hit = q !== '' && (g.dataset.id.toLowerCase().includes(q) || (o && o.name.toLowerCase().includes(q)));
      g.classList.toggle('found', hit);
      if (hit) { n++; first = first || g; }
    }
    $('find-count').textContent = q ? n + ' found' : '';
    return first;
  }

  function markPath() {
    const names = new Set(page.path.map((h) => h.replace(/\s*\(.*\)$/, '')));
    const byId = objects();
    for (const g of document.querySelectorAll('#svg g.node')) {
      const o = byId.get(g.dataset.id);
      g.classList.toggle('on-path', !!o && names.has(o.name));
    }
  }

  async function trace(ev) {
    ev.preventDefault();
    const from = $('path-from').value.trim();
    const to = $('path-to').value.trim();
    const out = $('path-result');
    out.className = 'muted';
    out.textContent = 'tracing…';
    try {
      const r = await fetch('/api/path?from=' + encodeURIComponent(from) + '&to=' + encodeURIComponent(to));
      const a = await r.json();
      if (!r.ok) {
        out.className = 'unreachable';
        out.replaceChildren(el('span', { class: 'verdict' }, 'error: '), a.error);
        page.path = [];
      } else {
        out.className = a.reachable ? 'reachable' : 'unreachable';
        const host = a.onHost || {};
        const hostLine = host.error ? el('div', { class: 'muted' }, 'on the host: ' + host.error)
          : el('div', { class: 'on-host ' + (host.reachable ? 'ok' : 'broken') },
            'on the host as it is now: ' + (host.text === a.text ? 'the same' : host.text));
        out.replaceChildren(el('div', { class: 'verdict' }, a.reachable ? 'reachable' : 'not reachable'),
          el('div', { class: 'text' }, a.text),
          el('ol', {}, ...a.hops.map((h) => el('li', {}, h))),
          ...a.warnings.map((w) => el('div', { class: 'muted' }, 'warning: ' + w)), hostLine);
        page.path = a.hops;
      }
    } catch (e) {
      out.className = 'unreachable';
      out.textContent = 'the server did not answer: ' + e;
    }
    markPath();
  }

  $('svg').addEventListener('click', (e) => {
    const g = e.target.closest('g.node');
    if (g) select(g.dataset.id, false);
  });
  $('zoom-in').addEventListener('click', () => zoom(1.25));
  $('zoom-out').addEventListener('click', () => zoom(0.8));
  $('zoom-fit').addEventListener('click', () => zoom('fit'));
  $('find').addEventListener('input', () => {
    const g = find();
    if (g) g.scrollIntoView({ block: 'center', inline: 'center' });
  });
  $('path-form').addEventListener('submit', trace);

  fetch('/api/topology').then((r) => (r.ok ? r.json() : null)).then(accept).catch(() => {});
  const es = new EventSource('/api/events');
  es.addEventListener('topology', (e) => accept(JSON.parse(e.data)));
  es.onopen = () => setConn(true, 'live');
  es.onerror = () => setConn(false, 'disconnected — retrying');
})();
