"""A webhook receiver for the tests, verifying every delivery with the
Standard Webhooks reference library (PyPI `standardwebhooks`).

    python webhook_receiver.py [ANSWER...]

Listens on a free loopback port and prints `listening PORT`, then one JSON
line per request it receives:

    {"path": ..., "status": <what it answered>, "id": ..., "timestamp": ...,
     "signature": ..., "body": ..., "verified_by": [<secrets that verify it>]}

Each ANSWER is the status for one delivery in turn (`500`, or `302` with a
`Location` to `/elsewhere`); once they are used up, every delivery gets 200.
The secrets a delivery is checked against are given with
`POST /_control/secret` (the body is the secret); `verified_by` lists,
by position, those that verify it, timestamp tolerance included.
"""

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

answers = [int(a) for a in sys.argv[1:]]
secrets = []
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length)
        if self.path == "/_control/secret":
            with lock:
                secrets.append(body.decode())
            self.answer(204)
            return
        headers = {
            "webhook-id": self.headers.get("webhook-id", ""),
            "webhook-timestamp": self.headers.get("webhook-timestamp", ""),
            "webhook-signature": self.headers.get("webhook-signature", ""),
        }
        verified_by = []
        with lock:
            known = list(secrets)
            status = answers.pop(0) if answers and self.path != "/elsewhere" else 200
        for index, secret in enumerate(known):
            try:
                Webhook(secret).verify(body, headers)
                verified_by.append(index)
            except WebhookVerificationError:
                pass
        record = {
            "path": self.path,
            "status": status,
            "id": headers["webhook-id"],
            "timestamp": headers["webhook-timestamp"],
            "signature": headers["webhook-signature"],
            "content_type": self.headers.get("content-type", ""),
            "body": body.decode("utf-8", "replace"),
            "verified_by": verified_by,
        }
        line = json.dumps(record)
        # One line per delivery, whole, whichever thread writes it.
        with lock:
            print(line, flush=True)
        self.answer(status)

    def answer(self, status):
        self.send_response(status)
        if status in (301, 302, 303, 307, 308):
            self.send_header("Location", "/elsewhere")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(f"listening {server.server_address[1]}", flush=True)
server.serve_forever()
