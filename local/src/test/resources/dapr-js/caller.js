// A function that calls other functions with the official Dapr JavaScript SDK in HTTP mode. The
// SDK finds its sidecar through DAPR_HOST and DAPR_HTTP_PORT and waits for /v1.0/metadata.
const http = require("http");
const { DaprClient, CommunicationProtocolEnum, HttpMethod } = require("@dapr/dapr");

const client = new DaprClient({ communicationProtocol: CommunicationProtocolEnum.HTTP });

http
  .createServer(async (req, res) => {
    const url = new URL(req.url, "http://local");
    if (url.pathname === "/env") {
      const names = ["DAPR_HOST", "DAPR_HTTP_PORT", "DAPR_GRPC_PORT", "APP_ID"];
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify(Object.fromEntries(names.map((n) => [n, process.env[n] || null]))));
      return;
    }
    const id = url.searchParams.get("id");
    try {
      const answer = await client.invoker.invoke(id, "hello?lang=en", HttpMethod.POST, {
        name: "Ada",
      });
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ answer }));
    } catch (e) {
      res.writeHead(502, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ error: String(e && e.message ? e.message : e) }));
    }
  })
  .listen(Number(process.env.PORT), process.env.HOST);
