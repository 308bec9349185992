// Publish a JSON and an Avro request to Reelay, read their terminal events, fetch the videos.
// Against the demo (./mvnw -Pdemo package):  npm ci && node client.js     (in examples/node)
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import avro from "avsc";
import { Kafka, logLevel, Partitioners } from "kafkajs";

const { values: args } = parseArgs({
  options: {
    kafka: { type: "string", default: "localhost:9092" }, // bootstrap servers (default: the demo's)
    reelay: { type: "string", default: "http://localhost:8080" }, // the service, which serves its Avro schemas
    "callback-url": { type: "string" }, // also have Reelay post each outcome here, signed (see receiver.js)
    timeout: { type: "string", default: "120" }, // seconds to wait for the outcomes
  },
});

// --- Avro single-object encoding: C3 01, the schema's CRC-64-AVRO fingerprint (little-endian), the binary datum.
const MARKER = Buffer.from([0xc3, 0x01]);
const EMPTY = 0xc15d213aa4d7a795n;
function fingerprint(type) {
  let fp = EMPTY;
  for (const byte of Buffer.from(JSON.stringify(type.schema()))) { // avsc's schema() is the canonical form
    fp ^= BigInt(byte);
    for (let i = 0; i < 8; i++) fp = (fp >> 1n) ^ (EMPTY & -(fp & 1n));
  }
  const out = Buffer.alloc(8);
  out.writeBigUInt64LE(fp);
  return out;
}

async function schema(name) { // GET /schemas/<Record>.avsc: exactly what schemas/ in the repository defines
  const answer = await fetch(`${args.reelay}/schemas/${name}.avsc`);
  if (!answer.ok) throw new Error(`${answer.url}: HTTP ${answer.status}`);
  return avro.Type.forSchema(await answer.json());
}
const encode = (type, datum) => Buffer.concat([MARKER, fingerprint(type), type.toBuffer(datum)]);
function decode(writers, value) {
  const writer = value.subarray(0, 2).equals(MARKER) && writers.get(value.subarray(2, 10).toString("hex"));
  if (!writer) throw new Error("not single-object Avro of a schema this client fetched");
  return writer.fromBuffer(value.subarray(10));
}

// --- Publish: the key is the request id. JSON needs the content-type header; Avro is recognised by its marker.
const run = randomUUID().slice(0, 8);
const [jsonId, avroId] = [`node-${run}-json`, `node-${run}-avro`];
const callback = args["callback-url"] ? { callback_url: args["callback-url"] } : {};
const kafka = new Kafka({ brokers: args.kafka.split(","), logLevel: logLevel.WARN });
const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
await producer.connect();
await producer.send({ topic: "video.requests", messages: [
  { key: jsonId, headers: { "content-type": "application/json" }, value: JSON.stringify({
    request_id: jsonId, model: "veo3.1-fast", operation: "text-to-video", prompt: "A kite over the sea", ...callback }) },
  { key: avroId, value: encode(await schema("VideoRequested"), {
    request_id: avroId, model: "veo3", operation: "text-to-video", prompt: "Sunrise over mountains",
    metadata: { example: "node" }, ...callback }) },
] });
await producer.disconnect();
console.log(`Published ${jsonId} (JSON) and ${avroId} (Avro) to video.requests`);

// --- Read the one terminal event of each (kafkajs reads committed records only: Reelay writes in transactions).
const writers = new Map();
for (const name of ["VideoCompleted", "VideoFailed"]) {
  const type = await schema(name);
  writers.set(fingerprint(type).toString("hex"), type);
}
const pending = new Set([jsonId, avroId]);
const consumer = kafka.consumer({ groupId: `reelay-example-${run}` });
await consumer.connect();
await consumer.subscribe({ topics: ["video.completed", "video.failed"], fromBeginning: true });
let allEnded;
const ended = new Promise((resolve) => (allEnded = resolve));
await consumer.run({
  eachMessage: async ({ topic, message }) => {
    if (!pending.has(message.key.toString())) return;
    const event = decode(writers, message.value);
    if (topic === "video.failed") {
      console.log(`FAILED    ${event.request_id} ${event.model} -> ${event.reason}: ${event.message}`);
    } else {
      for (const video of event.videos) {
        // The stored copy outlives the upstream's link, which expires; the upstream URL when nothing was stored.
        const [url, source] = video.stored ? [video.stored.url, "stored copy"] : [video.url, "upstream"];
        const answer = await fetch(url);
        if (!answer.ok) throw new Error(`${url}: HTTP ${answer.status}`);
        const size = (await answer.arrayBuffer()).byteLength;
        console.log(`COMPLETED ${event.request_id} ${event.model} -> ${size} bytes from the ${source} ${url.split("?")[0]}`);
      }
    }
    pending.delete(event.request_id);
    if (pending.size === 0) allEnded();
  },
});
const timer = setTimeout(allEnded, Number(args.timeout) * 1000);
await ended;
clearTimeout(timer);
await consumer.disconnect();
if (pending.size > 0) {
  console.error(`No outcome within ${args.timeout} s for ${[...pending].sort().join(", ")}`);
  process.exit(1);
}
