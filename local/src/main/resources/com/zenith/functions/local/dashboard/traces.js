'use strict';
// Recent traces (failed and slowest first, as the engine sorts them) and a waterfall of the
// selected one: one row per span, indented under its parent, its bar placed on the trace's time.
//
// The shape it reads (the traces branch's TracesApi.traces()):
//   {traces: [{traceId, start, durationMs, failed, spanCount, services: [..],
//              spans: [{traceId, spanId, parentSpanId, service, name, kind, start, startUnixNano,
//                       durationMs, status: OK|ERROR|UNSET, statusMessage?, source, attributes}]}]}
// or {error} when the engine keeps no traces.
Z.views.traces = (() => {
  let traces = [];
  let selected = null; // a traceId
  let shown = null; // the trace drawn, kept when it ages out of the list

  function root(t) {
    const ids = new Set(t.spans.map(s => s.spanId));
    return t.spans.find(s => !s.parentSpanId || !ids.has(s.parentSpanId)) || t.spans[0];
  }

  function renderList() {
    const rows = traces.map(t => {
      const r = root(t);
      return Z.el('tr', {
        class: 'trace-row' + (t.traceId === selected ? ' selected' : '') + (t.failed ? ' failed' : ''),
        dataset: { traceId: t.traceId },
        onclick: () => select(t.traceId),
      },
      Z.el('td', {}, Z.time(t.start)),
      Z.el('td', { class: 'name' }, r ? r.service + ': ' + r.name : t.traceId),
      Z.el('td', { class: 'num' }, Z.ms(t.durationMs)),
      Z.el('td', { class: 'num' }, t.spanCount),
      Z.el('td', {}, (t.services || []).join(', ')),
      Z.el('td', {}, Z.el('span', { class: 'status ' + (t.failed ? 's-False' : 's-True') }, t.failed ? 'failed' : 'ok')));
    });
    document.querySelector('#trace-table tbody').replaceChildren(...rows);
  }

  // Spans in tree order: each after its parent, siblings by start.
  function ordered(spans) {
    const ids = new Set(spans.map(s => s.spanId));
    const children = new Map();
    const roots = [];
    for (const s of spans) {
      if (s.parentSpanId && ids.has(s.parentSpanId) && s.parentSpanId !== s.spanId) {
        (children.get(s.parentSpanId) || children.set(s.parentSpanId, []).get(s.parentSpanId)).push(s);
      } else {
        roots.push(s);
      }
    }
    const byStart = (a, b) => a.startUnixNano - b.startUnixNano;
    const out = [];
    const seen = new Set();
    const walk = (s, depth) => {
      if (seen.has(s.spanId)) return;
      seen.add(s.spanId);
      out.push({ span: s, depth });
      for (const c of (children.get(s.spanId) || []).sort(byStart)) walk(c, depth + 1);
    };
    roots.sort(byStart).forEach(r => walk(r, 0));
    return out;
  }

  function waterfall(t) {
    const t0 = Math.min(...t.spans.map(s => s.startUnixNano));
    const end = Math.max(...t.spans.map(s => s.startUnixNano + s.durationMs * 1e6));
    const total = Math.max(end - t0, 1);
    const rows = ordered(t.spans).map(({ span: s, depth }) => {
      const bar = Z.el('div', { class: 'bar ' + (s.status === 'ERROR' ? 'error' : s.source || '') });
      bar.style.left = ((s.startUnixNano - t0) / total * 100) + '%';
      bar.style.width = Math.max(s.durationMs * 1e6 / total * 100, 0.4) + '%';
      const name = Z.el('div', { class: 'span-name', title: s.kind + ' span from ' + (s.source || '?') },
        Z.el('span', { class: 'service' }, s.service), ' ', s.name);
      name.style.paddingLeft = (depth * 14 + 4) + 'px';
      const attrs = Object.entries(s.attributes || {}).map(([k, v]) => k + '=' + v).join('\n');
      return Z.el('div', {
        class: 'span-row', dataset: { service: s.service, spanId: s.spanId, status: s.status },
        title: (s.statusMessage ? s.statusMessage + '\n' : '') + attrs,
      }, name, Z.el('div', { class: 'track' }, bar), Z.el('div', { class: 'dur' }, Z.ms(s.durationMs)));
    });
    return Z.el('div', { class: 'waterfall', dataset: { traceId: t.traceId } },
      Z.el('h3', {}, 'Trace ', Z.el('code', {}, t.traceId), ' · ', Z.ms(t.durationMs), ' · ',
        t.spanCount, ' spans', t.failed ? ' · failed' : ''),
      Z.el('div', { class: 'span-row axis' }, Z.el('div', { class: 'span-name' }, 'service · span'),
        Z.el('div', { class: 'track' }, '0', Z.el('span', { class: 'axis-end' }, Z.ms(total / 1e6))),
        Z.el('div', { class: 'dur' }, 'duration')),
      ...rows);
  }

  function select(id) {
    selected = id;
    shown = traces.find(t => t.traceId === id) || shown;
    renderList();
    if (shown) document.getElementById('waterfall').replaceChildren(waterfall(shown));
  }

  return {
    update(d) {
      const note = document.getElementById('traces-note');
      if (d.error) {
        note.textContent = 'Traces are not available from this engine: ' + d.error;
        traces = [];
        renderList();
        return;
      }
      traces = (d.traces || []).filter(t => (t.spans || []).length);
      note.textContent = traces.length ? traces.length + ' recent traces, failed and slowest first.'
        : 'No traces yet: call a function through the gateway.';
      renderList();
      if (selected && traces.some(t => t.traceId === selected)) select(selected);
    },
  };
})();
