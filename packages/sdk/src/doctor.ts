/**
 * `pandapon doctor`: finds a configuration the live API accepts. The docs leave two signing
 * details open (the timestamp unit: milliseconds in their examples, seconds in an independent
 * client; and the server clock), so a user with real credentials otherwise learns them only by
 * failing. The doctor makes at most three read-only requests (the 1688 cart list, which takes
 * no parameters and changes nothing) and never prints the secret, a nonce or a signature.
 */
import { scrub, validateBaseUrl } from '@pandapon/client-core';
import { createSigningMiddleware } from '@pandapon/signing';

export type TimestampUnit = 'ms' | 's';

/** The one operation the doctor calls: read-only, parameterless, present for every account. */
export const DOCTOR_OPERATION = { method: 'GET', path: '/v2/alibaba/cart/list' } as const;

export interface DoctorOptions {
  accessKey: string;
  accessSecret: string;
  userId: string;
  baseUrl?: string;
  /** For tests and proxies. Default: the global fetch. */
  fetch?: (request: Request) => Promise<Response>;
  /** Local clock, epoch ms. Default Date.now. */
  now?: () => number;
  /** Per request. Default 10 s. */
  timeoutMs?: number;
}

export interface DoctorAttempt {
  timestampUnit: TimestampUnit;
  clockOffsetMs: number;
  /** HTTP status, or null when no answer came. */
  httpStatus: number | null;
  /** The envelope's `code`, or null when the body was not a PandaPon envelope. */
  code: number | string | null;
  /** The envelope's `msg`, shortened, with anything we sent that is secret removed. */
  msg: string | null;
  accepted: boolean;
  /** Why no envelope came back (connection failure, timeout, redirect, not JSON). */
  problem?: string;
}

export interface DoctorReport {
  /** True when at least one configuration was accepted (envelope `code` 200). */
  signatureAccepted: boolean;
  /** The unit to use: 'ms' when both work (the docs' examples use it), null when neither did. */
  timestampUnit: TimestampUnit | null;
  bothUnitsAccepted: boolean;
  /** Server time minus local time, from the `Date` header (±0.5 s); 0 when none came. */
  clockOffsetMs: number;
  clockMeasured: boolean;
  baseUrl: string;
  operation: string;
  attempts: DoctorAttempt[];
  /** Human sentences: what worked, what did not, and why as far as can be told. */
  diagnosis: string[];
  /** Client options to use (only the ones that differ from the defaults). */
  clientOptions: { timestampUnit?: TimestampUnit; clockOffsetMs?: number };
}

// Offsets below this are left alone: the server accepts ±600 s, and Date has 1 s resolution.
const OFFSET_WORTH_SETTING_MS = 30_000;

export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  // The clients' own base-URL rule; the doctor never allows plain http beyond loopback.
  const baseUrl = new URL(`${validateBaseUrl(options.baseUrl, false)}/`);
  const fetchImpl = options.fetch ?? ((request: Request) => fetch(request));
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const sent: string[] = [options.accessSecret];

  const attempt = async (timestampUnit: TimestampUnit, clockOffsetMs: number) => {
    const signing = createSigningMiddleware({
      accessKey: options.accessKey,
      accessSecret: options.accessSecret,
      userId: options.userId,
      timestampUnit,
      clockOffsetMs,
      now,
    });
    const url = new URL(DOCTOR_OPERATION.path.slice(1), baseUrl);
    const request = await signing.signRequest(
      new Request(url, { method: DOCTOR_OPERATION.method, redirect: 'manual' }),
    );
    for (const header of ['signature', 'nonce-str']) sent.push(request.headers.get(header) ?? '');
    const started = now();
    const result: DoctorAttempt = {
      timestampUnit,
      clockOffsetMs,
      httpStatus: null,
      code: null,
      msg: null,
      accepted: false,
    };
    let serverDate: number | undefined;
    // The time limit is a timer of our own that also rejects the attempt itself. Not
    // AbortSignal.timeout: in Node 20 the garbage collector can take a signal that only a Request
    // follows, and then the abort never reaches fetch (a server that never answered hung the
    // doctor). And not only the signal: a custom fetch may ignore it.
    const abortAttempt = new AbortController();
    const outgoing = new Request(request, { signal: abortAttempt.signal });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const reason = new DOMException('The request timed out.', 'TimeoutError');
        // The closure keeps `outgoing` alive until now, so the abort reaches the real fetch and
        // its socket is released.
        if (!outgoing.signal.aborted) abortAttempt.abort(reason);
        reject(reason);
      }, timeoutMs);
    });
    timedOut.catch(() => {}); // settled by the race below, or unobserved once the attempt is over
    try {
      const response = await Promise.race([fetchImpl(outgoing), timedOut]);
      const finished = now();
      result.httpStatus = response.status;
      const date = Date.parse(response.headers.get('date') ?? '');
      // Date is truncated to the second: its middle (+500 ms) against the request's middle.
      if (Number.isFinite(date)) serverDate = date + 500 - (started + finished) / 2;
      const envelope = await Promise.race([readEnvelope(response), timedOut]);
      if (typeof envelope === 'string') result.problem = envelope;
      else {
        result.code = envelope.code;
        // Scrubbed whole, then shortened: a cut first could leave half a secret behind.
        result.msg = scrub(envelope.msg, sent).slice(0, 200);
        result.accepted = envelope.code === 200;
      }
    } catch (error) {
      result.problem = describeFailure(error);
    } finally {
      clearTimeout(timer);
    }
    return { result, serverOffset: serverDate === undefined ? undefined : Math.round(serverDate) };
  };

  const attempts: DoctorAttempt[] = [];
  // 1. Milliseconds on the local clock: the SDK's default configuration, and the clock probe.
  const first = await attempt('ms', 0);
  attempts.push(first.result);
  const clockMeasured = first.serverOffset !== undefined;
  const offset = first.serverOffset ?? 0;
  const offsetMatters = Math.abs(offset) >= OFFSET_WORTH_SETTING_MS;
  const usedOffset = offsetMatters ? offset : 0;

  // 2. Milliseconds on the server's clock, only if the clock is far enough off to matter.
  let ms = first.result;
  if (!first.result.accepted && offsetMatters) {
    ms = (await attempt('ms', usedOffset)).result;
    attempts.push(ms);
  }
  // 3. Seconds, on the server's clock.
  const unreachable = first.result.httpStatus === null;
  let seconds: DoctorAttempt | undefined;
  if (!unreachable) {
    seconds = (await attempt('s', usedOffset)).result;
    attempts.push(seconds);
  }

  const msWorks = ms.accepted;
  const sWorks = seconds?.accepted === true;
  const timestampUnit: TimestampUnit | null = msWorks ? 'ms' : sWorks ? 's' : null;
  const clientOptions: DoctorReport['clientOptions'] = {};
  if (timestampUnit === 's') clientOptions.timestampUnit = 's';
  if (timestampUnit !== null && offsetMatters) clientOptions.clockOffsetMs = offset;

  return {
    signatureAccepted: timestampUnit !== null,
    timestampUnit,
    bothUnitsAccepted: msWorks && sWorks,
    clockOffsetMs: offset,
    clockMeasured,
    baseUrl: baseUrl.href,
    operation: `${DOCTOR_OPERATION.method} ${DOCTOR_OPERATION.path}`,
    attempts,
    diagnosis: diagnose({ first: first.result, ms, seconds, offset, offsetMatters, clockMeasured }),
    clientOptions,
  };
}

interface Evidence {
  first: DoctorAttempt;
  ms: DoctorAttempt;
  seconds: DoctorAttempt | undefined;
  offset: number;
  offsetMatters: boolean;
  clockMeasured: boolean;
}

function diagnose({
  first,
  ms,
  seconds,
  offset,
  offsetMatters,
  clockMeasured,
}: Evidence): string[] {
  const lines: string[] = [];
  const clock = clockMeasured
    ? `The server clock is ${formatOffset(offset)} ${offset >= 0 ? 'ahead of' : 'behind'} this machine's.`
    : 'The server sent no Date header, so the clock offset could not be measured.';
  lines.push(clock);
  if (first.httpStatus === null) {
    lines.push(
      `No answer from the server: ${first.problem ?? 'unknown failure'}. Check the base URL and the network.`,
    );
    return lines;
  }
  const answered = [ms, seconds].filter((a): a is DoctorAttempt => a !== undefined);
  if (answered.every((a) => a.code === null)) {
    lines.push(
      `The server did not answer with a PandaPon envelope (HTTP ${first.httpStatus}${first.problem ? `: ${first.problem}` : ''}). Check the base URL.`,
    );
    return lines;
  }
  if (ms.accepted && seconds?.accepted) {
    lines.push(
      'The signature is accepted with timestamps in milliseconds and in seconds; the SDK default (ms) works.',
    );
  } else if (ms.accepted) {
    lines.push(
      seconds
        ? `The signature is accepted with timestamps in milliseconds (the SDK default); seconds were refused (code ${seconds.code}).`
        : 'The signature is accepted with timestamps in milliseconds (the SDK default).',
    );
  } else if (seconds?.accepted) {
    lines.push(
      `Timestamps in milliseconds were refused (code ${ms.code}); seconds are accepted: set timestampUnit: 's'.`,
    );
  }
  if ((ms.accepted || seconds?.accepted) && offsetMatters) {
    lines.push(
      first.accepted
        ? `Calls work even so; set clockOffsetMs: ${offset} to stay well inside the server's 600 s window.`
        : `Calls failed on this machine's clock and work on the server's: set clockOffsetMs: ${offset} (or fix this machine's clock).`,
    );
  }
  if (!ms.accepted && !seconds?.accepted) {
    const codes = answered.map((a) => `${a.timestampUnit}: code ${a.code}`).join(', ');
    lines.push(
      `The signature was refused in milliseconds and in seconds${offsetMatters ? ', on the server clock too' : ''} (${codes}).`,
    );
    lines.push(
      clockMeasured && !offsetMatters
        ? 'The clock is close enough and both units were tried, so the access key, the access secret or the user id is the likely cause (or the account signs by another rule: see the `signer` option).'
        : 'Check the access key, the access secret and the user id; the clock could not be ruled out.',
    );
  }
  return lines;
}

function formatOffset(ms: number): string {
  const seconds = Math.abs(ms) / 1000;
  return seconds < 1 ? 'less than 1 s' : `${seconds.toFixed(1)} s`;
}

async function readEnvelope(
  response: Response,
): Promise<{ code: number | string; msg: string } | string> {
  if (response.status >= 300 && response.status < 400) {
    return `redirect (HTTP ${response.status}) not followed: credentials are only sent to the base URL`;
  }
  const text = await response.text();
  if (text.length > 1_000_000) return 'body too large for an envelope';
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `not JSON (content-type ${response.headers.get('content-type') ?? 'none'})`;
  }
  if (typeof body !== 'object' || body === null) return 'JSON but not an envelope';
  const { code, msg } = body as { code?: unknown; msg?: unknown };
  if (typeof code !== 'number' && typeof code !== 'string') return 'JSON without a `code`';
  return { code, msg: typeof msg === 'string' ? msg : '' };
}

function describeFailure(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return 'timed out';
  }
  // Only the error's class and code: a message could quote the request.
  const code = (error as { cause?: { code?: unknown } })?.cause?.code;
  return typeof code === 'string' ? `connection failed (${code})` : 'connection failed';
}
