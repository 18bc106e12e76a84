'use strict';
// The broker's deliveries (pushed as they happen) and dead letters, with a button that sends
// every dead letter again with a fresh retry budget.
Z.views.events = (() => {
  const MAX_DELIVERIES = 500;
  let deliveries = [];

  function deadLetters(d) {
    const note = document.getElementById('dead-note');
    const badge = document.getElementById('dead-badge');
    const list = Array.isArray(d) ? d : [];
    note.textContent = d.error ? 'No broker in this session: ' + d.error
      : list.length ? list.length + ' events the broker gave up delivering.' : 'No dead letters.';
    document.getElementById('replay').disabled = !list.length;
    badge.hidden = !list.length;
    badge.textContent = list.length;
    document.querySelector('#dead-table tbody').replaceChildren(...list.map(l => Z.el('tr', {
      class: 'dead-row', dataset: { seq: l.seq },
      title: l.event,
    },
    Z.el('td', { class: 'num' }, l.seq),
    Z.el('td', {}, Z.time(l.time)),
    Z.el('td', {}, l.trigger),
    Z.el('td', {}, l.subscriber),
    Z.el('td', { class: 'num' }, l.attempts),
    Z.el('td', { class: 'message' }, l.reason))));
  }

  function addDeliveries(d) {
    const note = document.getElementById('delivery-note');
    if (d.error) {
      note.textContent = 'No broker in this session: ' + d.error;
      return;
    }
    deliveries = d.slice().reverse().concat(deliveries).slice(0, MAX_DELIVERIES);
    note.textContent = deliveries.length ? 'Newest first; the last ' + MAX_DELIVERIES + ' are kept here.'
      : 'No deliveries yet.';
    document.querySelector('#delivery-table tbody').replaceChildren(...deliveries.map(r => Z.el('tr', {
      class: 'delivery-row ' + (r.status >= 200 && r.status < 300 ? 'ok' : 'failed'),
      dataset: { seq: r.seq, id: r.id },
    },
    Z.el('td', { class: 'num' }, r.seq),
    Z.el('td', {}, Z.time(r.time)),
    Z.el('td', {}, r.id),
    Z.el('td', {}, r.type),
    Z.el('td', {}, r.subscriber),
    Z.el('td', { class: 'num' }, r.status > 0 ? r.status : '-'),
    Z.el('td', { class: 'num' }, r.attempts),
    Z.el('td', {}, r.outcome))));
  }

  async function replay() {
    const result = document.getElementById('replay-result');
    result.textContent = 'replaying';
    try {
      const r = await Z.api('/_zenith/v1/events/dead-letters/replay', { method: 'POST' });
      const body = await r.json();
      result.textContent = r.ok ? 'Replayed ' + body.replayed + ' dead letter(s).'
        : 'Replay refused (' + r.status + '): ' + (body.error || '');
    } catch (e) {
      result.textContent = 'Replay failed: ' + e.message;
    }
  }

  window.addEventListener('DOMContentLoaded', () =>
    document.getElementById('replay').addEventListener('click', replay));

  return { deadLetters, deliveries: addDeliveries };
})();
