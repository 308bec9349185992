#!/usr/bin/python3
"""Publish a JSON and an Avro request to Reelay, read their terminal events, fetch the videos.

Against the demo (./mvnw -Pdemo package):  /usr/bin/python3 examples/python/client.py
Needs Debian's python3-confluent-kafka and python3-avro.
"""
import argparse
import io
import json
import re
import struct
import sys
import time
import urllib.request
import uuid

import avro.io
import avro.schema
from confluent_kafka import Consumer, Producer

args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
args.add_argument("--kafka", default="localhost:9092", help="bootstrap servers (default: the demo's)")
args.add_argument("--reelay", default="http://localhost:8080", help="the service, which serves its Avro schemas")
args.add_argument("--callback-url", help="also have Reelay post each outcome here, signed (see receiver.py)")
args.add_argument("--timeout", type=float, default=120, help="seconds to wait for the outcomes")
args = args.parse_args()


# --- Avro single-object encoding: C3 01, the schema's CRC-64-AVRO fingerprint (little-endian), the binary datum.
def crc64_avro(data: bytes) -> int:
    fp = 0xC15D213AA4D7A795
    for byte in data:
        fp ^= byte
        for _ in range(8):
            fp = (fp >> 1) ^ (0xC15D213AA4D7A795 & -(fp & 1))
    return fp


def schema(name):  # GET /schemas/<Record>.avsc: exactly what schemas/ in the repository defines
    with urllib.request.urlopen(f"{args.reelay}/schemas/{name}.avsc") as answer:
        parsed = avro.schema.parse(answer.read())
    # Debian's avro 1.11.1 writes a primitive with a logical type as {"type":"long"}; the canonical form says "long".
    canonical = re.sub(r'\{"type":"(\w+)"\}', r'"\1"', parsed.canonical_form)
    return struct.pack("<Q", crc64_avro(canonical.encode())), parsed


def encode(fingerprint_and_schema, datum) -> bytes:
    fingerprint, writer = fingerprint_and_schema
    out = io.BytesIO()
    out.write(b"\xc3\x01" + fingerprint)
    avro.io.DatumWriter(writer).write(datum, avro.io.BinaryEncoder(out))
    return out.getvalue()


def decode(writers, value: bytes):
    if value[:2] != b"\xc3\x01" or value[2:10] not in writers:
        raise ValueError("not single-object Avro of a schema this client fetched")
    return avro.io.DatumReader(writers[value[2:10]]).read(avro.io.BinaryDecoder(io.BytesIO(value[10:])))


# --- Publish: the key is the request id. JSON needs the content-type header; Avro is recognised by its marker.
run = uuid.uuid4().hex[:8]
json_id, avro_id = f"py-{run}-json", f"py-{run}-avro"
callback = {"callback_url": args.callback_url} if args.callback_url else {}
producer = Producer({"bootstrap.servers": args.kafka})
producer.produce("video.requests", key=json_id, headers={"content-type": "application/json"}, value=json.dumps(
    {"request_id": json_id, "model": "veo3.1-fast", "operation": "text-to-video", "prompt": "A kite over the sea",
     **callback}))
producer.produce("video.requests", key=avro_id, value=encode(schema("VideoRequested"), {
    "request_id": avro_id, "model": "veo3", "operation": "text-to-video", "prompt": "Sunrise over mountains",
    "metadata": {"example": "python"}, **callback}))
producer.flush()
print(f"Published {json_id} (JSON) and {avro_id} (Avro) to video.requests")

# --- Read the one terminal event of each (read_committed: Reelay writes in transactions).
writers = dict(schema(name) for name in ("VideoCompleted", "VideoFailed"))
consumer = Consumer({"bootstrap.servers": args.kafka, "group.id": f"reelay-example-{run}",
                     "auto.offset.reset": "earliest", "isolation.level": "read_committed"})
consumer.subscribe(["video.completed", "video.failed"])
pending, deadline = {json_id, avro_id}, time.monotonic() + args.timeout
while pending and time.monotonic() < deadline:
    message = consumer.poll(1.0)
    if message is None or message.error() or message.key().decode() not in pending:
        continue
    event = decode(writers, message.value())
    pending.discard(event["request_id"])
    if message.topic() == "video.failed":
        print(f"FAILED    {event['request_id']} {event['model']} -> {event['reason']}: {event['message']}")
        continue
    for video in event["videos"]:
        # The stored copy outlives the upstream's link, which expires; the upstream URL when nothing was stored.
        url, source = (video["stored"]["url"], "stored copy") if video.get("stored") else (video["url"], "upstream")
        with urllib.request.urlopen(url) as answer:
            size = len(answer.read())
        print(f"COMPLETED {event['request_id']} {event['model']} -> {size} bytes from the {source} {url.split('?')[0]}")
consumer.close()
if pending:
    sys.exit(f"No outcome within {args.timeout:.0f} s for {', '.join(sorted(pending))}")
