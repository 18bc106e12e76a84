'use strict';
// The functions: one row each (filterable, for sessions with many), and for the selected one its
// conditions, build, a failed build's log tail, and its live log.
Z.views.functions = (() => {
  let list = [];
  let selected = null; // "namespace/name"
  const key = f => f.namespace + '/' + f.name;

  const filterInput = () => document.getElementById('fn-filter');

  function matches(f, q) {
    if (!q) return true;
    return [f.name, f.namespace, f.reason || ''].some(s => s.toLowerCase().includes(q));
  }

  function readyCell(f) {
    const label = { True: 'Ready', False: 'Not ready', Unknown: 'Pending' }[f.ready] || f.ready;
    return Z.el('span', { class: 'status s-' + f.ready, title: 'Ready=' + f.ready }, label);
  }

  function renderTable() {
    const q = filterInput().value.trim().toLowerCase();
    const body = document.querySelector('#fn-table tbody');
    const rows = [];
    let shown = 0;
    for (const f of list) {
      if (!matches(f, q)) continue;
      shown++;
      const k = key(f);
      rows.push(Z.el('tr', {
        class: 'fn-row' + (k === selected ? ' selected' : ''),
        dataset: { key: k, ready: f.ready },
        onclick: () => select(k),
      },
      Z.el('td', { class: 'name' }, f.name),
      Z.el('td', {}, f.namespace),
      Z.el('td', {}, readyCell(f)),
      Z.el('td', { class: 'reason', title: f.message || '' }, f.reason || ''),
      Z.el('td', { class: 'url' }, f.url || ''),
      Z.el('td', { class: 'num' }, f.restarts)));
    }
    body.replaceChildren(...rows);
    const ready = list.filter(f => f.ready === 'True').length;
    document.getElementById('fn-count').textContent =
      list.length + ' functions, ' + ready + ' ready' + (shown < list.length ? ', ' + shown + ' shown' : '');
  }

  function conditionsTable(f) {
    const rows = (f.conditions || []).map(c => Z.el('tr', { class: 'cond', dataset: { type: c.type } },
      Z.el('td', {}, c.type),
      Z.el('td', {}, Z.el('span', { class: 'status s-' + c.status }, c.status)),
      Z.el('td', {}, c.reason || ''),
      Z.el('td', { class: 'message' }, c.message || ''),
      Z.el('td', {}, Z.time(c.lastTransitionTime))));
    return Z.el('table', { class: 'conditions' },
      Z.el('thead', {}, Z.el('tr', {}, ...['Type', 'Status', 'Reason', 'Message', 'Since'].map(h => Z.el('th', {}, h)))),
      Z.el('tbody', {}, ...rows));
  }

  function buildFacts(f) {
    const b = f.build;
    const built = (f.conditions || []).find(c => c.type === 'BuildSucceeded');
    const parts = [];
    if (b) {
      parts.push(Z.el('p', { class: 'build' }, 'Build: ', Z.el('code', {}, b.name || '-'),
        b.commit ? ' at ' + b.commit.slice(0, 12) : '', b.digest ? ' (' + b.digest.slice(0, 19) + ')' : ''));
    }
    if (built && built.status === 'False') {
      parts.push(Z.el('h3', {}, 'Build failed'), Z.el('pre', { class: 'build-log' }, built.message || ''));
    }
    return parts;
  }

  function renderFacts() {
    const facts = document.getElementById('fn-facts');
    const f = list.find(x => key(x) === selected);
    if (!f) {
      facts.replaceChildren(Z.el('p', { class: 'hint' },
        selected ? selected + ' is gone.' : 'Select a function to see its conditions, build and logs.'));
      return;
    }
    const ignored = (f.ignored || []).length
      ? Z.el('p', { class: 'hint' }, 'Not applied locally: ' + f.ignored.join(', ')) : null;
    facts.replaceChildren(...[
      Z.el('h2', { class: 'fn-title' }, f.name, ' ', readyCell(f)),
      Z.el('p', { class: 'message' }, f.message || ''),
      Z.el('p', {}, 'URL: ', Z.el('code', {}, f.url || '-'), '  port ', f.port || '-', ', restarts ', f.restarts),
      ignored,
      conditionsTable(f),
      ...buildFacts(f)].filter(Boolean));
  }

  function select(k) {
    if (selected === k) return;
    selected = k;
    renderTable();
    renderFacts();
    document.getElementById('fn-logs').hidden = false;
    const [ns, name] = k.split('/');
    Z.logs.open(ns, name, false);
  }

  return {
    update(functions) {
      list = functions;
      renderTable();
      renderFacts();
    },
    init() {
      filterInput().addEventListener('input', renderTable);
    },
  };
})();

window.addEventListener('DOMContentLoaded', () => Z.views.functions.init());
