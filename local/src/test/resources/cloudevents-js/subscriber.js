// A subscriber written with the official CloudEvents JavaScript SDK: prints "PORT <n>", then one
// "EVENT <json>" line per event the broker delivers, as HTTP.toEvent reads it.
const http = require('http');
const { HTTP } = require('cloudevents');

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    try {
      const event = HTTP.toEvent({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const city = event.city;
      console.log('EVENT ' + JSON.stringify({
        id: event.id,
        type: event.type,
        city,
        cityDecoded: typeof city === 'string' ? decodeURIComponent(city) : null,
        data: event.data,
        contentType: req.headers['content-type'],
      }));
      res.writeHead(200);
    } catch (e) {
      console.log('ERROR ' + e.message);
      res.writeHead(400);
    }
    res.end();
  });
});
server.listen(0, '127.0.0.1', () => console.log('PORT ' + server.address().port));
