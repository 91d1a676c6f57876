// A minimal static file server on loopback, enough to serve dist/ to the browser.
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { listenOnLoopback } from '@pandapon/test-support';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

export interface StaticServer {
  readonly origin: string;
  /** Paths the browser asked for that did not exist. */
  readonly misses: string[];
  close(): Promise<void>;
}

export async function serveDirectory(root: string): Promise<StaticServer> {
  const misses: string[] = [];
  const server = await listenOnLoopback(async (request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const relative = normalize(pathname === '/' ? '/index.html' : pathname);
    const file = join(root, relative);
    if (!file.startsWith(root + sep)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, {
        'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      });
      response.end(body);
    } catch {
      misses.push(pathname);
      response.writeHead(404).end();
    }
  });
  return { origin: server.url, misses, close: server.close };
}
