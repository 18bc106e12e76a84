'use strict';
// The selected function's log (or build log), streamed by the engine as server-sent events:
// the last lines, then each new line as the function writes it.
Z.logs = (() => {
  const MAX_LINES = 2000;
  let source = null;
  let current = null; // {ns, name, build}

  function state(text) {
    document.getElementById('log-state').textContent = text;
  }

  function append(text, cls) {
    const log = document.getElementById('log');
    const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
    log.append(Z.el('div', { class: cls || 'line' }, text));
    while (log.childElementCount > MAX_LINES) log.firstElementChild.remove();
    if (atBottom) log.scrollTop = log.scrollHeight;
  }

  function open(ns, name, build) {
    if (source) source.close();
    current = { ns, name, build };
    document.getElementById('log').replaceChildren();
    document.getElementById('log-run').classList.toggle('on', !build);
    document.getElementById('log-build').classList.toggle('on', build);
    state('connecting');
    const url = '/_zenith/v1/logs/' + encodeURIComponent(ns) + '/' + encodeURIComponent(name) +
      '?tail=200&follow=1' + (build ? '&build=1' : '');
    const es = new EventSource(url);
    source = es;
    es.addEventListener('open', () => state((build ? 'build log of ' : 'log of ') + name + ', live'));
    es.addEventListener('line', e => append(e.data));
    es.addEventListener('restart', () => append('(the log started again: a new instance)', 'marker'));
    es.addEventListener('failure', e => append(e.data, 'marker'));
    es.addEventListener('error', () => {
      if (source === es) state('reconnecting');
      // Reconnecting would send the tail again: start over with a clean panel instead.
      es.close();
      setTimeout(() => { if (source === es) open(ns, name, build); }, 2000);
    });
  }

  window.addEventListener('DOMContentLoaded', () => {
    document.getElementById('log-run').addEventListener('click',
      () => current && open(current.ns, current.name, false));
    document.getElementById('log-build').addEventListener('click',
      () => current && open(current.ns, current.name, true));
  });

  return { open };
})();
