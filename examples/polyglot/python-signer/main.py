"""Last hop: writes the message; the hops before it add themselves to the chain."""
import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        query = parse_qs(urlparse(self.path).query)
        name = query.get("name", ["world"])[0]
        body = json.dumps({"message": f"Hello, {name}!", "chain": ["python-signer (python)"]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        print("python-signer: " + fmt % args, flush=True)


class Server(ThreadingHTTPServer):
    # The default backlog of 5 resets connections under concurrent load.
    request_queue_size = 256
    daemon_threads = True


if __name__ == "__main__":
    host = os.environ.get("HOST", "0.0.0.0")
    port = int(os.environ.get("PORT", "8080"))
    server = Server((host, port), Handler)
    print(f"python-signer listening on {host}:{port}", flush=True)
    server.serve_forever()
