import { inspect } from 'node:util';
import { sign } from '@pandapon/signing';
import { startRecordingServer } from '@pandapon/test-support';
import { describe, expect, it } from 'vitest';
import { formatReport, main } from '../src/cli.js';
import { runDoctor } from '../src/doctor.js';

// A fake PandaPon answering like the real envelope, with a chosen clock and timestamp unit, to
// pin down the doctor's reasoning case by case. (doctor.test.ts runs it against the sandbox.)
const credentials = { accessKey: 'AK-doctor', accessSecret: 'doctor-s3cr3t-"\\', userId: 'u-1' };

interface FakeServer {
  unit: 'ms' | 's' | 'both';
  skewMs: number;
  secret?: string;
  date?: boolean;
  status?: number;
  body?: string;
  /** Characters put before the echoed signature in a refusal's msg. */
  echoAfter?: number;
  /** Echo the signature in lower case. */
  echoLowerCase?: boolean;
}

function fakeFetch(server: FakeServer, seen: Request[] = []) {
  return async (request: Request): Promise<Response> => {
    seen.push(request);
    const nowMs = Date.now() + server.skewMs;
    const headers = new Headers({ 'content-type': 'application/json' });
    if (server.date !== false) headers.set('date', new Date(nowMs).toUTCString());
    if (server.status || server.body) {
      return new Response(server.body ?? '', { status: server.status ?? 200, headers });
    }
    const stamp = request.headers.get('timestamp') ?? '';
    const value = Number(stamp);
    const asMs = stamp.length >= 13 ? value : value * 1000;
    const unitOk = server.unit === 'both' || (server.unit === 'ms') === stamp.length >= 13;
    const inWindow = Math.abs(asMs - nowMs) <= 600_000;
    const expected = sign({
      accessKey: request.headers.get('access-key') ?? '',
      timestamp: stamp,
      nonceStr: request.headers.get('nonce-str') ?? '',
      accessSecret: server.secret ?? credentials.accessSecret,
    });
    const signed = expected === request.headers.get('signature');
    const code = !signed ? 40103 : !unitOk || !inWindow ? 40102 : 200;
    // A hostile server echoing what it got: the doctor must not print it back.
    const signature = request.headers.get('signature') ?? '';
    const echoed = server.echoLowerCase ? signature.toLowerCase() : signature;
    const msg =
      code === 200
        ? '成功'
        : server.echoAfter !== undefined
          ? `${'x'.repeat(server.echoAfter)}${echoed}`
          : `refused ${echoed} ${request.headers.get('nonce-str')}`;
    return new Response(
      JSON.stringify({ code, msg, data: code === 200 ? { enableList: [] } : null }),
      { headers },
    );
  };
}

const run = (server: FakeServer, seen?: Request[]) =>
  runDoctor({
    ...credentials,
    baseUrl: 'https://gw.example/pandapon',
    fetch: fakeFetch(server, seen),
  });

describe('runDoctor', () => {
  it('default configuration works: ms accepted, seconds refused, nothing to set', async () => {
    const report = await run({ unit: 'ms', skewMs: 2_000 });
    expect(report).toMatchObject({
      signatureAccepted: true,
      timestampUnit: 'ms',
      bothUnitsAccepted: false,
    });
    expect(report.clientOptions).toEqual({});
    expect(report.attempts).toHaveLength(2);
  });

  it('server takes seconds only: says so and recommends timestampUnit s', async () => {
    const report = await run({ unit: 's', skewMs: 0 });
    expect(report).toMatchObject({ signatureAccepted: true, timestampUnit: 's' });
    expect(report.clientOptions).toEqual({ timestampUnit: 's' });
  });

  it('both units: reports both, keeps the default', async () => {
    const report = await run({ unit: 'both', skewMs: 0 });
    expect(report).toMatchObject({
      timestampUnit: 'ms',
      bothUnitsAccepted: true,
      clientOptions: {},
    });
  });

  it.each([
    ['ms', 3_600_000],
    ['ms', -3_600_000],
    ['s', 3_600_000],
  ] as const)(
    'unit %s with the server clock %d ms off: finds the offset (±2 s)',
    async (unit, skewMs) => {
      const report = await run({ unit, skewMs });
      expect(report.signatureAccepted).toBe(true);
      expect(report.timestampUnit).toBe(unit);
      expect(Math.abs(report.clockOffsetMs - skewMs)).toBeLessThan(2_000);
      expect(report.clientOptions.clockOffsetMs).toBe(report.clockOffsetMs);
      expect(report.attempts.length).toBeLessThanOrEqual(3);
      expect(report.diagnosis.join(' ')).toMatch(/clockOffsetMs/);
    },
  );

  it('wrong secret: refused in both units, blames the credentials, exit code 1', async () => {
    const seen: Request[] = [];
    const report = await run({ unit: 'ms', skewMs: 0, secret: 'the-real-secret' }, seen);
    expect(report).toMatchObject({ signatureAccepted: false, timestampUnit: null });
    expect(report.diagnosis.join(' ')).toMatch(/access key, the access secret or the user id/);
    const leaks = [
      credentials.accessSecret,
      ...seen.flatMap((r) => [r.headers.get('signature'), r.headers.get('nonce-str')]),
    ];
    for (const text of [
      JSON.stringify(report),
      formatReport(report),
      inspect(report, { depth: 9 }),
    ]) {
      for (const leak of leaks) expect(text).not.toContain(leak);
    }
  });

  it('a signature echoed across the msg cut or in lower case is still scrubbed', async () => {
    for (const server of [{ echoAfter: 190 }, { echoAfter: 0, echoLowerCase: true }]) {
      const seen: Request[] = [];
      const report = await run({ unit: 'ms', skewMs: 0, secret: 'other', ...server }, seen);
      const text = JSON.stringify(report).toLowerCase();
      for (const request of seen) {
        const signature = (request.headers.get('signature') ?? '').toLowerCase();
        expect(text).not.toContain(signature.slice(0, 10));
      }
    }
  });

  it('no Date header: cannot measure the clock and says so', async () => {
    const report = await run({ unit: 'ms', skewMs: 3_600_000, date: false });
    expect(report).toMatchObject({
      signatureAccepted: false,
      clockMeasured: false,
      clockOffsetMs: 0,
    });
    expect(report.diagnosis.join(' ')).toMatch(/no Date header/);
    expect(report.diagnosis.join(' ')).toMatch(/clock could not be ruled out/);
  });

  it.each([
    [{ status: 307 }, /redirect \(HTTP 307\) not followed/],
    [{ body: '<html>gateway</html>' }, /not JSON/],
    [{ status: 404, body: '{"error":"nope"}' }, /without a `code`/],
  ])('no envelope (%j): points at the base URL', async (answer, problem) => {
    const report = await run({ unit: 'ms', skewMs: 0, ...answer });
    expect(report.signatureAccepted).toBe(false);
    expect(report.attempts[0]?.problem).toMatch(problem);
    expect(report.diagnosis.join(' ')).toMatch(/Check the base URL/);
  });

  it('sends nothing after a connection failure and never follows redirects', async () => {
    let calls = 0;
    const report = await runDoctor({
      ...credentials,
      baseUrl: 'https://gw.example',
      fetch: async (request) => {
        calls++;
        expect(request.redirect).toBe('manual');
        throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
      },
    });
    expect(calls).toBe(1);
    expect(report.attempts[0]?.problem).toBe('connection failed (ECONNREFUSED)');
  });

  it('calls the one read-only operation under the base path', async () => {
    const seen: Request[] = [];
    await run({ unit: 'ms', skewMs: 0 }, seen);
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET https://gw.example/pandapon/v2/alibaba/cart/list',
      'GET https://gw.example/pandapon/v2/alibaba/cart/list',
    ]);
  });

  it('gives up on a server that never answers, while the garbage collector runs, and on a fetch that ignores its signal', {
    timeout: 15_000,
  }, async () => {
    // Node 20 can collect an AbortSignal.timeout that only a Request follows; the abort then
    // never reached fetch and the doctor hung (nodejs/node#57736). Collect garbage all along.
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(gc, 'vitest.config.ts runs the tests with --expose-gc').toBeTypeOf('function');
    const server = await startRecordingServer(() => {
      // Never answers.
    });
    const collecting = setInterval(() => gc?.(), 5);
    try {
      const report = await runDoctor({ ...credentials, baseUrl: server.url, timeoutMs: 200 });
      expect(report.attempts.map((attempt) => attempt.problem)).toEqual(['timed out']);
      const deaf = await runDoctor({
        ...credentials,
        baseUrl: 'https://gw.example',
        timeoutMs: 50,
        fetch: () => new Promise<Response>(() => {}),
      });
      expect(deaf.attempts.map((attempt) => attempt.problem)).toEqual(['timed out']);
    } finally {
      clearInterval(collecting);
      await server.close();
    }
  });

  it.each([
    ['ftp://x', /http\(s\)/],
    ['http://api.example.com', /plain http/],
    ['https://api.example.com/?a=1', /query/],
    ['not a url', /`baseUrl` must be an http\(s\) URL string/],
  ])('refuses base URL %s before any request', async (baseUrl, message) => {
    await expect(
      runDoctor({ ...credentials, baseUrl, fetch: async () => Promise.reject(new Error('sent')) }),
    ).rejects.toThrow(message);
  });
});

describe('pandapon CLI', () => {
  const io = (env: Record<string, string>, server: FakeServer) => {
    const out: string[] = [];
    const err: string[] = [];
    return {
      out,
      err,
      io: {
        env,
        out: (t: string) => out.push(t),
        err: (t: string) => err.push(t),
        fetch: fakeFetch(server),
      },
    };
  };
  const env = {
    PANDAPON_ACCESS_KEY: credentials.accessKey,
    PANDAPON_ACCESS_SECRET: credentials.accessSecret,
    PANDAPON_USER_ID: credentials.userId,
    PANDAPON_BASE_URL: 'https://gw.example',
  };

  it('--json prints the documented fields; exit 0 when a configuration works', async () => {
    const t = io(env, { unit: 's', skewMs: 0 });
    expect(await main(['doctor', '--json'], t.io)).toBe(0);
    const report = JSON.parse(t.out.join(''));
    expect(report).toMatchObject({ signatureAccepted: true, timestampUnit: 's' });
    expect(typeof report.clockOffsetMs).toBe('number');
  });

  it('human report names the options to use; exit 1 when nothing works', async () => {
    const good = io(env, { unit: 's', skewMs: 0 });
    expect(await main(['doctor'], good.io)).toBe(0);
    expect(good.out.join('\n')).toMatch(/Use these client options: \{ timestampUnit: "s" \}/);
    const bad = io(env, { unit: 'ms', skewMs: 0, secret: 'other' });
    expect(await main(['doctor'], bad.io)).toBe(1);
    expect(bad.out.join('\n')).toMatch(/No working configuration found/);
    expect(bad.out.join('\n')).not.toContain(credentials.accessSecret);
  });

  it('names the missing variables; exit 2 on usage errors', async () => {
    const t = io({ PANDAPON_ACCESS_KEY: 'x' }, { unit: 'ms', skewMs: 0 });
    expect(await main(['doctor'], t.io)).toBe(2);
    expect(t.err.join('')).toMatch(/PANDAPON_ACCESS_SECRET, PANDAPON_USER_ID/);
    expect(await main(['doctor', '--bogus'], t.io)).toBe(2);
    expect(await main(['frobnicate'], t.io)).toBe(2);
  });

  it('prints the usage and exits 0 for help, also after the subcommand, sending nothing', async () => {
    for (const argv of [['--help'], ['-h'], ['doctor', '--help'], ['doctor', '--json', '-h']]) {
      let sent = 0;
      const out: string[] = [];
      const code = await main(argv, {
        env,
        out: (text) => out.push(text),
        err: () => {},
        fetch: async () => {
          sent++;
          return new Response('{}');
        },
      });
      expect(code, argv.join(' ')).toBe(0);
      expect(out.join('')).toMatch(/^usage: pandapon doctor/);
      expect(sent).toBe(0);
    }
  });
});
