// Third hop: relays to python-signer (by its cluster URL) with Node's built-in fetch.
const http = require('http');

const host = process.env.HOST || '0.0.0.0';
const port = Number(process.env.PORT || 8080);
const ns = process.env.POD_NAMESPACE || 'default';

http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const name = url.searchParams.get('name') || 'world';
  try {
    const answer = await fetch(`http://python-signer.${ns}.svc.cluster.local/sign?name=${encodeURIComponent(name)}`);
    const body = await answer.json();
    body.chain = ['node-relay (node)', ...(body.chain || [])];
    res.writeHead(answer.ok ? 200 : 502, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  } catch (e) {
    res.writeHead(502, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: 'cannot reach python-signer: ' + e.message }));
  }
}).listen(port, host, () => console.log(`node-relay listening on ${host}:${port}`));
