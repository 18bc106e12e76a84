// Publishes with the official CloudEvents JavaScript SDK to the broker ingress URL given as the
// first argument, in binary and structured mode, with a non-ASCII extension; prints one
// "SENT <id> <status>" line per event.
const http = require('http');
const { CloudEvent, HTTP } = require('cloudevents');

// The HTTP binding's encoding of a header value (the SDK sends values as they are).
function pct(value) {
  return Array.from(Buffer.from(value, 'utf8'))
    .map((b) => (b > 0x20 && b < 0x7f && b !== 0x22 && b !== 0x25 ? String.fromCharCode(b)
      : '%' + b.toString(16).toUpperCase().padStart(2, '0')))
    .join('');
}

function post(url, message) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: message.headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.end(message.body);
  });
}

async function main() {
  const url = process.argv[2];
  const base = { source: '/js-sdk', type: 'com.example.js', datacontenttype: 'application/json' };

  const binary = HTTP.binary(new CloudEvent({ ...base, id: 'js-binary', city: 'Zürich €', data: { n: 1 } }));
  for (const k of Object.keys(binary.headers)) {
    if (k.startsWith('ce-')) binary.headers[k] = pct(binary.headers[k]);
  }
  console.log('SENT js-binary ' + await post(url, binary));

  // What the SDK and Node's http send without encoding: U+00FC goes out as one ISO-8859-1 byte.
  const raw = HTTP.binary(new CloudEvent({ ...base, id: 'js-binary-raw', city: 'Zürich', data: { n: 2 } }));
  console.log('SENT js-binary-raw ' + await post(url, raw));

  const structured = HTTP.structured(new CloudEvent({ ...base, id: 'js-structured', city: 'Zürich €', data: { n: 3 } }));
  console.log('SENT js-structured ' + await post(url, structured));
}

main().catch((e) => { console.log('FAILED ' + e.message); process.exit(1); });
