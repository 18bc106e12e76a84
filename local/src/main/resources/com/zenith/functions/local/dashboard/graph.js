'use strict';
// The live call graph (GET /_zenith/v1/graph, pushed on change) drawn as SVG: callers left of
// callees, in columns by the longest call path that reaches them.
//
// The shape it reads (the traces branch's TracesApi.graph()):
//   {windowSeconds, nodes: [{id, kind: function|broker|external, namespace?, name?}],
//    edges: [{from, to, requests, errors, windowRequests, windowErrors, p50Ms, p95Ms, p99Ms, lastSeen}]}
// or {error} when the engine keeps no graph. Node ids: "namespace/name", "broker:namespace/name",
// "external".
Z.views.graph = (() => {
  const W = 210, H = 44, GAP_X = 170, GAP_Y = 40, PAD = 24;

  function layers(nodes, edges) {
    const depth = new Map(nodes.map(n => [n.id, 0]));
    // Longest path by relaxation; a cycle stops growing after as many rounds as there are nodes.
    for (let round = 0; round < nodes.length; round++) {
      let changed = false;
      for (const e of edges) {
        if (e.from === e.to) continue;
        const d = depth.get(e.from) + 1;
        if (d > depth.get(e.to) && d < nodes.length) {
          depth.set(e.to, d);
          changed = true;
        }
      }
      if (!changed) break;
    }
    return depth;
  }

  function label(n) {
    if (n.kind === 'external') return 'outside the session';
    const name = n.name || n.id;
    return n.kind === 'broker' ? 'broker ' + name : name;
  }

  // Two short lines: counts, then latencies (none when no call fell in the window).
  function edgeLabel(e, x, y) {
    const counts = e.requests + ' req' + (e.errors ? ' · ' + e.errors + ' err' : '');
    const text = Z.svg('text', { x, y, 'text-anchor': 'middle' }, Z.svg('tspan', { x, dy: 0 }, counts));
    if (e.p50Ms !== null && e.p50Ms !== undefined) {
      text.append(Z.svg('tspan', { x, dy: 13 }, 'p50 ' + Z.ms(e.p50Ms) + ' · p99 ' + Z.ms(e.p99Ms)));
    }
    return text;
  }

  // Columns by depth; within a column, nodes near the average row of their callers (fewer
  // crossings), then by id.
  function place(nodes, edges, depth) {
    const columns = [];
    for (const n of nodes) {
      const d = depth.get(n.id);
      (columns[d] = columns[d] || []).push(n);
    }
    const row = new Map();
    columns.forEach((col, d) => {
      const key = n => {
        const callers = edges.filter(e => e.to === n.id && row.has(e.from) && depth.get(e.from) < d);
        return callers.length ? callers.reduce((s, e) => s + row.get(e.from), 0) / callers.length : 1e9;
      };
      col.sort((a, b) => key(a) - key(b) || a.id.localeCompare(b.id));
      col.forEach((n, i) => row.set(n.id, i));
    });
    return columns.filter(Boolean);
  }

  function draw(g) {
    const nodes = g.nodes || [];
    const edges = g.edges || [];
    const depth = layers(nodes, edges);
    const columns = place(nodes, edges, depth);
    const pos = new Map();
    columns.forEach((col, x) => col.forEach((n, y) =>
      pos.set(n.id, { x: PAD + x * (W + GAP_X), y: PAD + y * (H + GAP_Y) })));
    const width = PAD * 2 + Math.max(1, columns.length) * (W + GAP_X) - GAP_X;
    const height = PAD * 2 + Math.max(1, ...columns.map(c => c.length)) * (H + GAP_Y) + 20;
    const svg = Z.svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, class: 'graph-svg' });
    svg.append(Z.svg('defs', {}, Z.svg('marker', {
      id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 8, markerHeight: 8, orient: 'auto-start-reverse',
    }, Z.svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow' }))));
    for (const e of edges) {
      const a = pos.get(e.from), b = pos.get(e.to);
      if (!a || !b) continue;
      const x1 = a.x + W, y1 = a.y + H / 2, x2 = b.x, y2 = b.y + H / 2;
      let d, tx, ty;
      if (x2 > x1 && x2 - x1 <= GAP_X) { // to the next column
        const mx = (x1 + x2) / 2;
        d = `M ${x1} ${y1} C ${mx} ${y1}, ${mx} ${y2}, ${x2} ${y2}`;
        tx = mx;
        ty = (y1 + y2) / 2 - 18;
      } else { // across columns, back, or to itself: bow below the boxes in between
        const low = Math.max(a.y, b.y) + H + GAP_Y * 0.8;
        const sx = a.x + W / 2, ex = b.x + W / 2 + (x2 > x1 ? 0 : 12);
        d = `M ${sx} ${a.y + H} C ${sx} ${low}, ${ex} ${low}, ${ex} ${b.y + H}`;
        tx = (sx + ex) / 2;
        ty = low - 10;
      }
      svg.append(Z.svg('g', { class: 'edge' + (e.errors ? ' failing' : ''), 'data-edge': e.from + '->' + e.to },
        Z.svg('path', { d, 'marker-end': 'url(#arrow)' }),
        edgeLabel(e, tx, ty),
        Z.svg('title', {}, `${e.from} -> ${e.to}: ${e.requests} requests, ${e.errors} errors; ` +
          `last ${g.windowSeconds || '?'} s: p50 ${Z.ms(e.p50Ms)}, p95 ${Z.ms(e.p95Ms)}, p99 ${Z.ms(e.p99Ms)}`)));
    }
    for (const n of nodes) {
      const p = pos.get(n.id);
      svg.append(Z.svg('g', { class: 'node ' + n.kind, 'data-node': n.id, transform: `translate(${p.x},${p.y})` },
        Z.svg('rect', { width: W, height: H, rx: 6 }),
        Z.svg('text', { x: W / 2, y: n.namespace ? 19 : 27, 'text-anchor': 'middle', class: 'title' }, label(n)),
        n.namespace ? Z.svg('text', { x: W / 2, y: 35, 'text-anchor': 'middle', class: 'sub' }, n.namespace) : ''));
    }
    return svg;
  }

  return {
    update(g) {
      const note = document.getElementById('graph-note');
      const box = document.getElementById('graph');
      if (g.error) {
        note.textContent = 'The call graph is not available from this engine: ' + g.error;
        box.replaceChildren();
        return;
      }
      if (!(g.edges || []).length) {
        note.textContent = 'No calls seen yet: the graph draws itself from the traffic the gateway and the broker carry.';
        box.replaceChildren();
        return;
      }
      note.textContent = (g.edges.length) + ' edges; latencies over the last ' + (g.windowSeconds || '?') + ' s.';
      box.replaceChildren(draw(g));
    },
  };
})();
