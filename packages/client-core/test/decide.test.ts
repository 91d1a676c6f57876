// The decision after each attempt, without a server: every retry and clock rule in one table.
import { describe, expect, it } from 'vitest';
import type { Outcome } from '../src/attempt.js';
import { type DecisionInput, decide } from '../src/decide.js';
import {
  PandaPonConnectionError,
  PandaPonRedirectError,
  PandaPonResponseError,
  PandaPonTimeoutError,
} from '../src/errors.js';
import type { CallPlan } from '../src/plan.js';

const NOW = Date.parse('2026-11-30T04:00:00Z');

function plan(allowed: boolean, maxRetries = 2): CallPlan {
  return {
    request: { method: 'POST', path: '/open/order', operationId: 'createOrder' },
    operation: undefined,
    querySignature: undefined,
    policy: { allowed, maxRetries },
    timeoutMs: 1_000,
    fetch: fetch,
    signal: undefined,
    reads: 'json',
    maxResponseBytes: 1_000,
    init: {},
  };
}

function answered(status: number, body: unknown, headers: Record<string, string> = {}): Outcome {
  const response = new Response(null, { status, headers });
  const ok = status >= 200 && status < 300;
  return {
    kind: 'answered',
    result: ok ? { data: body, response } : { error: body, response },
    sent: undefined,
  };
}

function input(outcome: Outcome, overrides: Partial<DecisionInput> = {}): DecisionInput {
  return {
    outcome,
    plan: plan(true),
    retries: 0,
    clockChecked: false,
    autoClockSkew: true,
    isClockSkewError: undefined,
    clockOffsetMs: 0,
    baseDelayMs: 100,
    maxDelayMs: 10_000,
    now: NOW,
    random: 0.5,
    scrub: (text) => text.replaceAll('SECRET', '[REDACTED]'),
    ...overrides,
  };
}

const skewed = { code: 40102, msg: 'timestamp outside the window' };
const serverAnHourAhead = { date: new Date(NOW + 3_600_000).toUTCString() };

describe('decide', () => {
  it('returns a 2xx answer, whatever its envelope code', () => {
    const outcome = answered(200, { code: 500, msg: 'no' });
    expect(decide(input(outcome))).toMatchObject({ action: 'return' });
  });

  it('retries a retryable status while the policy allows, then returns it', () => {
    const outcome = answered(503, 'busy', { 'retry-after': '2' });
    expect(decide(input(outcome))).toEqual({ action: 'retry', delayMs: 2_000, reason: 'HTTP 503' });
    expect(decide(input(outcome, { retries: 2 }))).toMatchObject({ action: 'return' });
    expect(decide(input(outcome, { plan: plan(false) }))).toMatchObject({ action: 'return' });
  });

  it('retries timeouts and connection failures with jitter, then throws the typed error', () => {
    expect(decide(input({ kind: 'timeout' }))).toEqual({
      action: 'retry',
      delayMs: 50,
      reason: 'PandaPonTimeoutError',
    });
    const timeout = decide(input({ kind: 'timeout' }, { plan: plan(false) }));
    expect(timeout).toMatchObject({ action: 'throw' });
    expect((timeout as { error: unknown }).error).toBeInstanceOf(PandaPonTimeoutError);
    const dropped = decide(
      input({ kind: 'connection', cause: new Error('x'), sent: undefined }, { retries: 2 }),
    );
    expect((dropped as { error: unknown }).error).toBeInstanceOf(PandaPonConnectionError);
  });

  it("throws the caller's abort reason as is, never retrying", () => {
    const reason = new DOMException('stop', 'AbortError');
    expect(decide(input({ kind: 'aborted', reason }))).toEqual({ action: 'throw', error: reason });
  });

  it('throws a scrubbed PandaPonResponseError for a body that is not JSON', () => {
    const decision = decide(
      input({
        kind: 'malformed',
        response: new Response(null, { status: 200 }),
        text: '<html>SECRET</html>',
        cause: new SyntaxError('x'),
        sent: undefined,
      }),
    );
    const error = (decision as { error: PandaPonResponseError }).error;
    expect(error).toBeInstanceOf(PandaPonResponseError);
    expect(error.reason).toBe('not-json');
    expect(error.bodyExcerpt).toBe('<html>[REDACTED]</html>');
  });

  it('throws a redirect error for any 3xx, retry policy or not', () => {
    const decision = decide(input(answered(307, '', { location: 'https://elsewhere.example/x' })));
    expect((decision as { error: unknown }).error).toBeInstanceOf(PandaPonRedirectError);
  });

  describe('clock skew', () => {
    it('corrects once on code 40102 with a Date header, even for a write', () => {
      const outcome = answered(200, skewed, serverAnHourAhead);
      const decision = decide(input(outcome, { plan: plan(false, 0) }));
      expect(decision).toMatchObject({ action: 'correct-clock' });
      expect(Math.abs((decision as { offsetMs: number }).offsetMs - 3_600_000)).toBeLessThan(1_000);
      expect(decide(input(outcome, { clockChecked: true }))).toMatchObject({ action: 'return' });
      expect(decide(input(outcome, { autoClockSkew: false }))).toMatchObject({ action: 'return' });
    });

    it('uses the message hint only for calls that are safe to repeat', () => {
      const outcome = answered(200, { code: 401, msg: '时间戳已过期' }, serverAnHourAhead);
      expect(decide(input(outcome, { plan: plan(true) }))).toMatchObject({
        action: 'correct-clock',
      });
      expect(decide(input(outcome, { plan: plan(false) }))).toEqual({
        action: 'return',
        result: (outcome as { result: unknown }).result,
      });
    });

    it('never reads a 5xx as a timestamp rejection', () => {
      const outcome = answered(500, skewed, serverAnHourAhead);
      expect(decide(input(outcome, { plan: plan(false) }))).toMatchObject({ action: 'return' });
      const custom = () => true;
      expect(decide(input(outcome, { plan: plan(false), isClockSkewError: custom }))).toMatchObject(
        {
          action: 'return',
        },
      );
    });

    it('returns the rejection with a warning when the Date header cannot explain it', () => {
      const noDate = answered(200, skewed);
      expect(decide(input(noDate))).toMatchObject({
        action: 'return',
        warning: expect.stringContaining('Date'),
      });
      const agrees = answered(200, skewed, { date: new Date(NOW).toUTCString() });
      expect(decide(input(agrees))).toMatchObject({
        action: 'return',
        warning: expect.stringContaining('agrees'),
      });
    });
  });
});
