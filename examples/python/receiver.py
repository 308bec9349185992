#!/usr/bin/python3
"""Receive Reelay's webhooks and verify their Standard Webhooks signature; the Python standard library only.

Against the demo:  /usr/bin/python3 examples/python/receiver.py
then:              /usr/bin/python3 examples/python/client.py --callback-url http://127.0.0.1:8099/webhook
"""
import argparse
import base64
import hashlib
import hmac
import json
import os
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
args.add_argument("--port", type=int, default=8099)
args = args.parse_args()
# The demo's published secret; a real deployment gives each endpoint its own (REELAY_WEBHOOK_SECRET here).
SECRET = os.environ.get("REELAY_WEBHOOK_SECRET", "whsec_cmVlbGF5LWRlbW8tb25seS13ZWJob29rLXNlY3JldCE=")
KEY = base64.b64decode(SECRET.removeprefix("whsec_"))
TOLERANCE = 300  # seconds: an older (or future) timestamp is a replay of a captured call


def verify(headers, body: bytes):
    """Raises ValueError unless one v1 signature is the HMAC-SHA256 of "id.timestamp.body" under KEY."""
    msg_id, timestamp = headers.get("webhook-id", ""), headers.get("webhook-timestamp", "")
    if not msg_id or not timestamp.isdigit():
        raise ValueError("missing webhook-id or webhook-timestamp")
    if abs(time.time() - int(timestamp)) > TOLERANCE:
        raise ValueError(f"timestamp {timestamp} is more than {TOLERANCE} s off this clock")
    signed = f"{msg_id}.{timestamp}.".encode() + body
    expected = base64.b64encode(hmac.new(KEY, signed, hashlib.sha256).digest())
    # Space-separated "v1,<base64>": several while Reelay's secret is rotated. Compared in constant time.
    if not any(hmac.compare_digest(expected, sig[3:].encode())
               for sig in headers.get("webhook-signature", "").split() if sig.startswith("v1,")):
        raise ValueError("no valid signature")


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", 0)))  # the raw bytes, as signed
        try:
            verify(self.headers, body)
        except ValueError as refusal:
            print(f"REJECTED  {self.headers.get('webhook-id')}: {refusal}", flush=True)
            self.send_response(401)
        else:
            event = json.loads(body)  # dedupe on webhook-id: a retry repeats it
            print(f"VERIFIED  {self.headers['webhook-id']} {event['type']} {event['data']['request_id']}", flush=True)
            self.send_response(204)
        self.end_headers()

    def log_message(self, *_):  # one line per delivery, above, is enough
        pass


server = ThreadingHTTPServer(("127.0.0.1", args.port), Receiver)
print(f"Listening on http://127.0.0.1:{server.server_port}/webhook", flush=True)
server.serve_forever()
