/**
 * What to do after an attempt: a pure function of the outcome and the call's state, so every
 * retry and clock rule lives here and can be tested without a server.
 */
import type { Outcome } from './attempt.js';
import { isClockSkewAnswer, MIN_CLOCK_CORRECTION_MS, offsetFromDateHeader } from './clock-skew.js';
import { isEnvelope } from './envelope.js';
import { isRedirect } from './errors.js';
import {
  connectionFailure,
  malformedFailure,
  redirectFailure,
  timeoutFailure,
  tooLargeFailure,
} from './failures.js';
import { type ClockSkewPredicate, MAX_CLOCK_OFFSET_MS } from './options.js';
import type { CallPlan } from './plan.js';
import { parseRetryAfter, RETRYABLE_STATUSES, retryDelay } from './retry.js';
import type { FetchResultLike } from './unwrap.js';

export type Decision =
  /** Resolve the call with this result. `warning` is for the log. */
  | { action: 'return'; result: FetchResultLike; warning?: string }
  | { action: 'throw'; error: unknown }
  /** Wait `delayMs`, then try again. `reason` is for the log. */
  | { action: 'retry'; delayMs: number; reason: string }
  /** Set the shared clock offset to `offsetMs` and send again at once (a new attempt). */
  | { action: 'correct-clock'; offsetMs: number };

export interface DecisionInput {
  outcome: Outcome;
  plan: CallPlan;
  /** Retries spent so far. */
  retries: number;
  /** Whether this call has had its one clock check already. */
  clockChecked: boolean;
  autoClockSkew: boolean;
  isClockSkewError: ClockSkewPredicate | undefined;
  /** The clock offset the attempt was signed with. */
  clockOffsetMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Epoch ms now. */
  now: number;
  /** A uniform random number in [0, 1), for the backoff jitter. */
  random: number;
  /** Redacts the secret and the attempt's signatures from text an error quotes. */
  scrub(text: string): string;
}

export function decide(input: DecisionInput): Decision {
  const { outcome, plan } = input;
  const { request } = plan;
  switch (outcome.kind) {
    case 'aborted':
      // The caller's abort is surfaced as-is (the standard AbortError) and never retried.
      return { action: 'throw', error: outcome.reason };
    case 'malformed':
      // The server answered (an HTML gateway page with status 200...); asking again will not
      // change the format.
      return {
        action: 'throw',
        error: malformedFailure(
          'not-json',
          outcome.response.status,
          outcome.text,
          input.scrub,
          request,
          outcome.cause,
        ),
      };
    case 'oversized':
      return {
        action: 'throw',
        error: tooLargeFailure(outcome.response.status, plan.maxResponseBytes, request),
      };
    case 'timeout':
      return retryOr(input, undefined, 'PandaPonTimeoutError', () => ({
        action: 'throw',
        error: timeoutFailure(plan.timeoutMs, request),
      }));
    case 'connection':
      return retryOr(input, undefined, 'PandaPonConnectionError', () => ({
        action: 'throw',
        error: connectionFailure(outcome.cause, request, input.scrub),
      }));
    case 'answered': {
      const { result } = outcome;
      const { response } = result;
      // Not retried either: asking again gets the same redirect.
      if (isRedirect(response))
        return { action: 'throw', error: redirectFailure(response, request) };
      const clock = clockDecision(input, result);
      if (clock) return clock;
      if (!RETRYABLE_STATUSES.includes(response.status)) return { action: 'return', result };
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), input.now);
      return retryOr(input, retryAfterMs, `HTTP ${response.status}`, () => ({
        action: 'return',
        result,
      }));
    }
  }
}

/** A retry when the policy allows one more, else `final()`. */
function retryOr(
  input: DecisionInput,
  retryAfterMs: number | undefined,
  reason: string,
  final: () => Decision,
): Decision {
  const { policy } = input.plan;
  if (!policy.allowed || input.retries >= policy.maxRetries) return final();
  const delayMs = retryDelay(
    input.retries,
    retryAfterMs,
    input.baseDelayMs,
    input.maxDelayMs,
    () => input.random,
  );
  return { action: 'retry', delayMs, reason };
}

/**
 * Clock-skew correction, once per call: when the answer is a timestamp rejection (see
 * clock-skew.ts for which answers count), point the clock at the server's `Date` header and send
 * again at once, even a write: a timestamp is checked with the signature, before the server acts
 * on the request, so the rejected attempt had no effect. A rejection the `Date` header cannot
 * explain is returned as is, and the clock stays where it was.
 */
function clockDecision(input: DecisionInput, result: FetchResultLike): Decision | undefined {
  if (!input.autoClockSkew || input.clockChecked) return undefined;
  const { response } = result;
  const body = response.ok ? result.data : result.error;
  if (
    !isEnvelope(body) ||
    !isClockSkewAnswer(body, response, input.isClockSkewError, input.plan.policy.allowed)
  ) {
    return undefined;
  }
  const offsetMs = offsetFromDateHeader(response, input.now);
  if (Number.isNaN(offsetMs)) {
    return {
      action: 'return',
      result,
      warning: 'pandapon timestamp rejected; no usable Date header',
    };
  }
  if (Math.abs(offsetMs) > MAX_CLOCK_OFFSET_MS) {
    return {
      action: 'return',
      result,
      warning: 'pandapon timestamp rejected; the Date header is over a year off',
    };
  }
  // A smaller correction cannot explain a rejection: it had another cause.
  if (Math.abs(offsetMs - input.clockOffsetMs) < MIN_CLOCK_CORRECTION_MS) {
    return {
      action: 'return',
      result,
      warning: 'pandapon timestamp rejected; our clock agrees with the server',
    };
  }
  return { action: 'correct-clock', offsetMs };
}
