/**
 * A callback receiver on node:http. PandaPon signs each delivery with an HMAC of the raw body;
 * the handler verifies it, answers 200 at once, then runs onMessage. To have something to
 * receive, this program plays PandaPon once: it signs a message with the same secret and posts it.
 */
import { createServer } from 'node:http';
import { createCallbackHandler, toNodeListener } from '@pandapon/callbacks';
import { signCallbackBody } from '@pandapon/signing';

const accessSecret = process.env.PANDAPON_ACCESS_SECRET ?? 'example-secret';
let received!: (type: string) => void;
const done = new Promise<string>((resolve) => {
  received = resolve;
});

const handler = createCallbackHandler({
  accessSecret,
  onMessage: async (message) => {
    received(message.messageType);
  },
});
const server = createServer(toNodeListener(handler)).listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const { port } = server.address() as { port: number };

const body = JSON.stringify({
  messageType: '1688_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY',
  messagePlatform: 1,
  timestamp: Date.now(),
  messageBody: { orderId: 2500000000000000002n.toString() },
});
const response = await fetch(`http://127.0.0.1:${port}/`, {
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    authorization: await signCallbackBody(body, accessSecret),
  },
  body,
});
console.log(`delivery answered HTTP ${response.status}`);
console.log(`processed ${await done}`);

const replay = await fetch(`http://127.0.0.1:${port}/`, {
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    authorization: await signCallbackBody(body, accessSecret),
  },
  body,
});
console.log(`replay answered HTTP ${replay.status} (acknowledged, not processed again)`);
server.close();
