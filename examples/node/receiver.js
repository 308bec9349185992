// Receive Reelay's webhooks and verify their Standard Webhooks signature with node:crypto.
// Against the demo:  node receiver.js
// then:              node client.js --callback-url http://127.0.0.1:8099/webhook
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({ options: { port: { type: "string", default: "8099" } } });
// The demo's published secret; a real deployment gives each endpoint its own (REELAY_WEBHOOK_SECRET here).
const SECRET = process.env.REELAY_WEBHOOK_SECRET ?? "whsec_cmVlbGF5LWRlbW8tb25seS13ZWJob29rLXNlY3JldCE=";
const KEY = Buffer.from(SECRET.replace(/^whsec_/, ""), "base64");
const TOLERANCE = 300; // seconds: an older (or future) timestamp is a replay of a captured call

// Throws unless one v1 signature is the HMAC-SHA256 of "id.timestamp.body" under KEY.
function verify(headers, body) {
  const id = headers["webhook-id"] ?? "";
  const timestamp = headers["webhook-timestamp"] ?? "";
  if (!id || !/^\d+$/.test(timestamp)) throw new Error("missing webhook-id or webhook-timestamp");
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > TOLERANCE) {
    throw new Error(`timestamp ${timestamp} is more than ${TOLERANCE} s off this clock`);
  }
  const expected = createHmac("sha256", KEY).update(`${id}.${timestamp}.`).update(body).digest();
  // Space-separated "v1,<base64>": several while Reelay's secret is rotated. Compared in constant time.
  const valid = (headers["webhook-signature"] ?? "").split(" ").filter((s) => s.startsWith("v1,"))
    .map((s) => Buffer.from(s.slice(3), "base64"))
    .some((sig) => sig.length === expected.length && timingSafeEqual(sig, expected));
  if (!valid) throw new Error("no valid signature");
}

const server = createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    const body = Buffer.concat(chunks); // the raw bytes, as signed: never re-serialized JSON
    try {
      verify(request.headers, body);
    } catch (refusal) {
      console.log(`REJECTED  ${request.headers["webhook-id"]}: ${refusal.message}`);
      return response.writeHead(401).end();
    }
    const event = JSON.parse(body); // dedupe on webhook-id: a retry repeats it
    console.log(`VERIFIED  ${request.headers["webhook-id"]} ${event.type} ${event.data.request_id}`);
    response.writeHead(204).end();
  });
});
server.listen(Number(args.port), "127.0.0.1", () =>
  console.log(`Listening on http://127.0.0.1:${server.address().port}/webhook`));
