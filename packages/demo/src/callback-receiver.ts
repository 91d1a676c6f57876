/** A local callback endpoint, as a developer would mount one, that the demo can wait on. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCallbackHandler, type PandaPonCallback, toNodeListener } from '@pandapon/callbacks';

export interface CallbackReceiver {
  url: string;
  /** Resolves with the first verified message of this type (already received ones count). */
  next(messageType: string, timeoutMs?: number): Promise<PandaPonCallback>;
  close(): Promise<void>;
}

export async function startCallbackReceiver(accessSecret: () => string): Promise<CallbackReceiver> {
  const received: PandaPonCallback[] = [];
  const waiters = new Set<() => void>();
  let handler: ReturnType<typeof createCallbackHandler> | undefined;

  // The secret is only known once the target is chosen; the server must listen first so its
  // URL can be handed to the sandbox.
  const server = createServer((req, res) => {
    handler ??= createCallbackHandler({
      accessSecret: accessSecret(),
      onMessage: (message) => {
        received.push(message);
        for (const wake of waiters) wake();
      },
    });
    toNodeListener(handler)(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/pandapon/callbacks`,
    next(messageType, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = received.find((m) => m.messageType === messageType);
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`No ${messageType} callback within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
