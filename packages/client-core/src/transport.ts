/**
 * The attempt loop behind every call: plan the call (plan.ts), run an attempt (attempt.ts),
 * decide what its outcome means (decide.ts), act on the decision. Each attempt re-issues the
 * openapi-fetch call, so signing runs again: every attempt gets a fresh nonce, timestamp and
 * signature.
 */
import type { Clock, SigningMiddleware } from '@pandapon/signing';
import { type Invoke, runAttempt } from './attempt.js';
import { decide } from './decide.js';
import type {
  ClockSkewPredicate,
  Logger,
  PlatformMeta,
  ResolvedOptions,
  Sleep,
} from './options.js';
import { type FetchFn, planCall } from './plan.js';
import { scrub } from './redact.js';
import type { SigningStage } from './signing-stage.js';
import { type FetchResultLike, rememberResponse } from './unwrap.js';

export type { Invoke } from './attempt.js';
export type { FetchFn } from './plan.js';

export interface TransportDeps {
  invoke: Invoke;
  options: ResolvedOptions;
  meta: PlatformMeta;
  fetch: FetchFn;
  sleep: Sleep;
  logger: Logger | undefined;
  /** Signs requests. */
  signing: SigningMiddleware;
  /** Where signing runs for each attempt. */
  stage: SigningStage;
  /** The clock offset signing adds, shared with other clients; clock-skew correction moves it. */
  clock: Clock;
  /** The caller's own "timestamp rejected" test, if any (see clock-skew.ts). */
  isClockSkewError: ClockSkewPredicate | undefined;
  onClockOffsetChange: ((clockOffsetMs: number) => void) | undefined;
  /** The access secret: scrubbed from log lines and error excerpts. */
  secret: string;
}

/** Runs one call: `method` upper-case, `path` the OpenAPI template, `init` openapi-fetch's init. */
export type Execute = (
  method: string,
  path: string,
  init: Record<string, unknown> | undefined,
) => Promise<FetchResultLike>;

export function createTransport(deps: TransportDeps): Execute {
  const { options, logger, meta, clock } = deps;
  const warn = (message: string, details: Record<string, unknown>) =>
    logger?.warn ? logger.warn(message, details) : logger?.debug(message, details);

  /** What must never show in a log line or an error: the secret and the signatures sent. */
  const secretsOf = (sent: Request | undefined): string[] => [
    deps.secret,
    sent?.headers.get('signature') ?? '',
    (sent && new URL(sent.url).searchParams.get('sign')) ?? '',
  ];

  return async function execute(method, path, init) {
    const plan = planCall(method, path, init, options, meta, deps.fetch);
    let retries = 0;
    let clockChecked = false;
    for (let attempt = 1; ; attempt++) {
      if (plan.signal?.aborted) throw plan.signal.reason;
      const clockOffsetMs = clock.offsetMs;
      // Errors built during this attempt name how many attempts the call made (issue 9).
      plan.request.attempts = attempt;
      const outcome = await runAttempt(plan, attempt, {
        invoke: deps.invoke,
        signing: deps.signing,
        chain: deps.stage.chain(plan.init.middleware, plan.querySignature),
        logger,
        platform: meta.platform,
        secretsOf,
      });
      const sent = 'sent' in outcome ? outcome.sent : undefined;
      const scrubSent = (text: string) => scrub(text, secretsOf(sent));
      if (outcome.kind === 'answered') {
        rememberResponse(outcome.result.response, {
          request: { ...plan.request },
          scrub: scrubSent,
        });
      }
      const decision = decide({
        outcome,
        plan,
        retries,
        clockChecked,
        autoClockSkew: options.autoClockSkew,
        isClockSkewError: deps.isClockSkewError,
        clockOffsetMs,
        baseDelayMs: options.baseDelayMs,
        maxDelayMs: options.maxDelayMs,
        now: Date.now(),
        random: Math.random(),
        scrub: scrubSent,
      });
      const logMeta = logger && { ...plan.request, platform: meta.platform, attempt };
      switch (decision.action) {
        case 'return':
          if (decision.warning) warn(decision.warning, { ...logMeta, clockOffsetMs });
          return decision.result;
        case 'throw':
          throw decision.error;
        case 'correct-clock':
          clockChecked = true;
          clock.setOffset(decision.offsetMs);
          deps.onClockOffsetChange?.(decision.offsetMs);
          warn('pandapon clock offset corrected from the server Date header', {
            ...logMeta,
            previousOffsetMs: clockOffsetMs,
            clockOffsetMs: decision.offsetMs,
          });
          continue;
        case 'retry':
          retries++;
          warn('pandapon retrying', {
            ...logMeta,
            reason: decision.reason,
            delayMs: decision.delayMs,
            retry: retries,
          });
          await deps.sleep(decision.delayMs, plan.signal);
      }
    }
  };
}
