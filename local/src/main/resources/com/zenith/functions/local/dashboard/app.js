'use strict';
// The dashboard's core: the session check, the tabs, and the one live stream (server-sent events)
// that feeds every view. No framework and no build step; every text goes in with textContent.
const Z = {
  views: {},

  // el('td', {class: 'x', dataset: {key: 'v'}}, 'text', child...)
  el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    Z.apply(e, attrs);
    for (const c of children) {
      if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
    }
    return e;
  },

  svg(tag, attrs, ...children) {
    const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    for (const c of children) e.append(c instanceof Node ? c : String(c));
    return e;
  },

  apply(e, attrs) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'dataset') Object.assign(e.dataset, v);
      else if (k === 'class') e.className = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
  },

  time(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    return isNaN(d) ? iso : d.toLocaleTimeString([], { hour12: false }) + '.' +
      String(d.getMilliseconds()).padStart(3, '0');
  },

  ms(v) {
    if (v === null || v === undefined) return '-';
    return v >= 100 ? v.toFixed(0) + ' ms' : v.toFixed(v >= 10 ? 1 : 2) + ' ms';
  },

  banner(text, kind, status) {
    const b = document.getElementById('banner');
    b.textContent = text;
    b.className = kind || 'error';
    b.dataset.status = status || '';
    b.hidden = !text;
  },

  unauthorized() {
    document.body.classList.add('unauthorized');
    Z.live(false, 'no session');
    Z.banner('401 Unauthorized: this engine answers only with its token. Open the dashboard URL ' +
      'that zenith dev printed at start (dashboard: http://127.0.0.1:<port>/_zenith/ui/?token=...).',
      'error', '401');
  },

  live(on, text) {
    const l = document.getElementById('live');
    l.className = 'live ' + (on ? 'on' : 'off');
    l.textContent = text;
  },

  // A fetch of the engine's endpoints with the session cookie; a 401 shows the banner.
  async api(path, options) {
    const r = await fetch(path, Object.assign({ credentials: 'same-origin' }, options || {}));
    if (r.status === 401) Z.unauthorized();
    return r;
  },

  route() {
    const tab = (location.hash || '#functions').slice(1);
    const known = ['functions', 'graph', 'traces', 'events'];
    const current = known.includes(tab) ? tab : 'functions';
    for (const t of known) document.getElementById('view-' + t).hidden = t !== current;
    for (const a of document.querySelectorAll('#tabs a')) {
      a.classList.toggle('active', a.dataset.tab === current);
    }
    document.body.dataset.view = current;
  },

  connect() {
    const es = new EventSource('/_zenith/v1/updates');
    es.addEventListener('open', () => Z.live(true, 'live'));
    const handlers = {
      functions: d => Z.views.functions.update(d.functions || []),
      deadLetters: d => Z.views.events.deadLetters(d),
      deliveries: d => Z.views.events.deliveries(d),
      traces: d => Z.views.traces.update(d),
      graph: d => Z.views.graph.update(d),
    };
    for (const [name, handle] of Object.entries(handlers)) {
      es.addEventListener(name, e => handle(JSON.parse(e.data)));
    }
    es.addEventListener('error', async () => {
      Z.live(false, 'reconnecting');
      // EventSource hides the status; ask once to tell a lost session from a stopped engine.
      try {
        const r = await Z.api('/_zenith/v1/functions');
        if (r.status === 401) es.close();
      } catch (e) {
        Z.live(false, 'engine unreachable');
      }
    });
  },

  async start() {
    Z.route();
    window.addEventListener('hashchange', Z.route);
    let r;
    try {
      r = await Z.api('/_zenith/v1/functions');
    } catch (e) {
      Z.banner('The engine does not answer: is zenith dev running?');
      return;
    }
    if (r.status === 401) return;
    if (!r.ok) {
      Z.banner('The engine answered ' + r.status + ' for its functions.');
      return;
    }
    Z.views.functions.update((await r.json()).functions || []);
    Z.connect();
  },
};

window.addEventListener('DOMContentLoaded', () => Z.start());
