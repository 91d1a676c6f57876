import type { Middleware } from 'openapi-fetch';
import { addRecord, parseShapeRecords, type ShapeRecord } from './record.js';
import { shapeOf } from './shape.js';

/** Options of {@link createShapeRecorder}. Give `file` or `onRecord`. */
export interface ShapeRecorderOptions {
  /**
   * A shapes file (newline-delimited JSON). Records already in it are read at creation and kept,
   * so successive runs accumulate; each flush rewrites it with one line per operation. Node only.
   */
  file?: string;
  /**
   * Receives the records of each flush, one per operation seen since the previous flush (so
   * records from successive flushes add up: store them all).
   */
  onRecord?: (record: ShapeRecord) => void;
  /** Flush after this many recorded responses. Default 100; `Infinity` flushes only by hand. */
  flushEvery?: number;
  /** Bodies larger than this (bytes of text) are not looked at. Default 8 MiB. */
  maxBodyBytes?: number;
  /** Clock, for tests. */
  now?: () => Date;
}

/** What {@link createShapeRecorder} returns. */
export interface ShapeRecorder {
  /** Plug into a client: `client.use(recorder.middleware)`. */
  readonly middleware: Middleware;
  /** Writes what was recorded since the last flush (to the file, or through `onRecord`). */
  flush(): void;
  /** The records held now, merged with the file's (for inspection and tests). */
  records(): ShapeRecord[];
}

interface NodeFs {
  readFileSync(path: string, encoding: 'utf8'): string;
  writeFileSync(path: string, data: string): void;
  renameSync(from: string, to: string): void;
  existsSync(path: string): boolean;
}

/**
 * Records the shape of `data` in every successful (`code` 200) JSON response that passes
 * through the clients it is plugged into. Opt-in: a client without it pays nothing. It never
 * changes a response and never throws into a call: a body it cannot read is not recorded.
 *
 * ```ts
 * const recorder = createShapeRecorder({ file: 'shapes.ndjson' });
 * pandapon.alibaba.use(recorder.middleware);
 * process.on('beforeExit', () => recorder.flush());
 * ```
 */
export function createShapeRecorder(options: ShapeRecorderOptions): ShapeRecorder {
  const settings = resolveOptions(options);
  const fs = settings.file === undefined ? undefined : nodeFs();
  // Records already flushed to the file (file mode; read back at creation so runs accumulate)
  // and those seen since (both modes).
  const flushed =
    fs && settings.file !== undefined && fs.existsSync(settings.file)
      ? parseShapeRecords(fs.readFileSync(settings.file, 'utf8'))
      : new Map<string, ShapeRecord>();
  const pending = new Map<string, ShapeRecord>();
  let sinceFlush = 0;

  const record = (operation: string, data: unknown) => {
    const at = settings.now().toISOString();
    const next: ShapeRecord = {
      v: 1,
      operation,
      responses: 1,
      firstSeen: at,
      lastSeen: at,
      data: shapeOf(data),
    };
    addRecord(pending, next);
    if (++sinceFlush >= settings.flushEvery) flush();
  };

  const flush = () => {
    sinceFlush = 0;
    if (pending.size === 0) return;
    if (fs && settings.file !== undefined) {
      for (const next of pending.values()) addRecord(flushed, next);
      pending.clear();
      const text = [...flushed.values()].map((entry) => `${JSON.stringify(entry)}\n`).join('');
      // Write then rename: a crash mid-write leaves the previous file, not half a line.
      const temporary = `${settings.file}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, text);
      fs.renameSync(temporary, settings.file);
      return;
    }
    const batch = [...pending.values()];
    pending.clear();
    for (const entry of batch) settings.onRecord?.(entry);
  };

  const middleware: Middleware = {
    async onResponse({ request, response, schemaPath }) {
      try {
        const data = await successfulData(response, settings.maxBodyBytes);
        if (data.found) record(`${request.method} ${schemaPath}`, data.value);
      } catch {
        // A body the recorder cannot read is simply not recorded: recording must never fail a call.
      }
      return undefined;
    },
  };

  return {
    middleware,
    flush,
    records() {
      const all = new Map(flushed);
      for (const next of pending.values()) addRecord(all, next);
      return [...all.values()];
    },
  };
}

async function successfulData(
  response: Response,
  maxBodyBytes: number,
): Promise<{ found: false } | { found: true; value: unknown }> {
  if (!response.ok || !/\bjson\b/i.test(response.headers.get('content-type') ?? '')) {
    return { found: false };
  }
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBodyBytes) return { found: false };
  const text = await response.clone().text();
  if (text.length > maxBodyBytes) return { found: false };
  const body: unknown = JSON.parse(text);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { found: false };
  const envelope = body as { code?: unknown; data?: unknown };
  // Only successes: a failure's `data` (when present) says nothing about the success shape.
  if (envelope.code !== 200 || !('data' in envelope)) return { found: false };
  return { found: true, value: envelope.data };
}

interface Settings {
  file: string | undefined;
  onRecord: ((record: ShapeRecord) => void) | undefined;
  flushEvery: number;
  maxBodyBytes: number;
  now: () => Date;
}

function resolveOptions(options: ShapeRecorderOptions): Settings {
  const what = 'createShapeRecorder: options';
  if (typeof options !== 'object' || options === null)
    throw new TypeError(`${what} must be an object`);
  const { file, onRecord, flushEvery = 100, maxBodyBytes = 8 * 1024 * 1024, now } = options;
  if (file !== undefined && (typeof file !== 'string' || file === '')) {
    throw new TypeError(`${what}.file must be a non-empty path`);
  }
  if (onRecord !== undefined && typeof onRecord !== 'function') {
    throw new TypeError(`${what}.onRecord must be a function`);
  }
  if ((file === undefined) === (onRecord === undefined)) {
    throw new TypeError(`${what}: give exactly one of file and onRecord`);
  }
  if (typeof flushEvery !== 'number' || !(flushEvery >= 1)) {
    throw new TypeError(`${what}.flushEvery must be a number ≥ 1 (or Infinity)`);
  }
  if (typeof maxBodyBytes !== 'number' || !Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) {
    throw new TypeError(`${what}.maxBodyBytes must be a positive integer`);
  }
  if (now !== undefined && typeof now !== 'function') {
    throw new TypeError(`${what}.now must be a function`);
  }
  return { file, onRecord, flushEvery, maxBodyBytes, now: now ?? (() => new Date()) };
}

function nodeFs(): NodeFs {
  // Looked up at run time so the package stays loadable where node:fs does not exist; only the
  // file mode needs it.
  const getBuiltin = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
    .process?.getBuiltinModule;
  const fs = getBuiltin?.('node:fs') as NodeFs | undefined;
  if (!fs) {
    throw new TypeError(
      'createShapeRecorder: options.file needs node:fs (Node 20.16+); use onRecord elsewhere',
    );
  }
  return fs;
}
