// A function invoked through Dapr: it answers with what it received and who called.
const http = require("http");

http
  .createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(
        JSON.stringify({
          from: process.env.K_SERVICE,
          method: req.method,
          url: req.url,
          caller: req.headers["dapr-caller-app-id"] || null,
          body: body ? JSON.parse(body) : null,
        }),
      );
    });
  })
  .listen(Number(process.env.PORT), process.env.HOST);
