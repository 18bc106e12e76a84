// Loaded by zenith dev into every Node function (NODE_OPTIONS=--require): Node's http module
// and fetch ignore HTTP_PROXY, so requests to cluster names are sent to the local gateway under
// /_zenith/fn/<namespace>/<name>/..., which forwards them to that function; Knative's broker
// ingress (broker-ingress.knative-eventing.svc.cluster.local/<ns>/<broker>) goes to the gateway's
// broker under /_zenith/broker/<ns>/<broker>. Other hosts are left alone.
'use strict';
const http = require('http');
const port = Number(process.env.ZENITH_GATEWAY_PORT || 0);

function clusterTarget(hostname) {
  const h = String(hostname || '').toLowerCase().replace(/\.$/, '');
  const m = /^([a-z0-9-]+)\.([a-z0-9-]+)(\.svc(\.cluster\.local)?)?$/.exec(h);
  if (!m || (!m[3] && !h.includes('.'))) return null;
  if (!m[3]) return null; // <fn>.<ns> alone could be a real host: only rewrite .svc names
  return { name: m[1], namespace: m[2] };
}

function gatewayPath(target, path) {
  const rest = path && path.startsWith('/') ? path : '/' + (path || '');
  if (target.name === 'broker-ingress' && target.namespace === 'knative-eventing') {
    return '/_zenith/broker' + rest;
  }
  return '/_zenith/fn/' + target.namespace + '/' + target.name + rest;
}

if (port > 0) {
  const originalRequest = http.request;
  const originalGet = http.get;
  const rewrite = (args) => {
    let [first, second] = args;
    let url = null;
    if (typeof first === 'string' || first instanceof URL) {
      url = new URL(first);
    }
    const options = url ? (typeof second === 'object' && second !== null && typeof second !== 'function' ? second : {}) : first || {};
    const hostname = url ? url.hostname : options.hostname || (options.host || '').split(':')[0];
    const target = clusterTarget(hostname);
    if (!target || (url && url.protocol !== 'http:')) return args;
    const path = url ? url.pathname + url.search : options.path || '/';
    const merged = Object.assign({}, options, {
      protocol: 'http:', host: '127.0.0.1', hostname: '127.0.0.1', port, path: gatewayPath(target, path),
    });
    delete merged.agent;
    const rest = url ? args.slice(typeof second === 'object' && second !== null && typeof second !== 'function' ? 2 : 1) : args.slice(1);
    return [merged, ...rest];
  };
  http.request = function (...args) { return originalRequest.apply(this, rewrite(args)); };
  http.get = function (...args) { return originalGet.apply(this, rewrite(args)); };

  if (typeof globalThis.fetch === 'function') {
    const originalFetch = globalThis.fetch;
    globalThis.fetch = function (input, init) {
      try {
        const raw = typeof input === 'string' || input instanceof URL ? String(input) : input.url;
        const url = new URL(raw);
        const target = url.protocol === 'http:' ? clusterTarget(url.hostname) : null;
        if (target) {
          const routed = 'http://127.0.0.1:' + port + gatewayPath(target, url.pathname + url.search);
          if (typeof input === 'string' || input instanceof URL) return originalFetch(routed, init);
          return originalFetch(new Request(routed, input), init);
        }
      } catch (e) {
        // not a URL we understand: let fetch report it
      }
      return originalFetch(input, init);
    };
  }
}
