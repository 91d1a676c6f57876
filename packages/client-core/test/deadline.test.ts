import { describe, expect, it } from 'vitest';
import { withDeadline } from '../src/abort.js';

const never = () => new Promise<never>(() => {});

describe('withDeadline', () => {
  it('makes no signal when there is nothing to abort', async () => {
    let given: AbortSignal | undefined | null = null;
    await withDeadline(undefined, 0, {}, async (signal) => {
      given = signal;
    });
    expect(given).toBeUndefined();
  });

  it('settles with the run, and its signal never fires afterwards', async () => {
    let given: AbortSignal | undefined;
    const state: { timedOut?: boolean } = {};
    await expect(
      withDeadline(undefined, 20, state, async (signal) => {
        given = signal;
        return 'done';
      }),
    ).resolves.toBe('done');
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(given?.aborted).toBe(false);
    expect(state.timedOut).toBeUndefined();
  });

  it('rejects at the time limit even if the run ignores its signal, and says it timed out', async () => {
    let given: AbortSignal | undefined;
    const state: { timedOut?: boolean } = {};
    const error = await withDeadline(undefined, 10, state, (signal) => {
      given = signal;
      return never();
    }).catch((e: unknown) => e);
    expect((error as DOMException).name).toBe('TimeoutError');
    expect(state.timedOut).toBe(true);
    expect(given?.aborted).toBe(true);
    expect(given?.reason).toBe(error);
  });

  it("rejects with the caller's reason when the caller aborts, and is not a timeout", async () => {
    const controller = new AbortController();
    const state: { timedOut?: boolean } = {};
    const reason = new Error('stop');
    const pending = withDeadline(controller.signal, 0, state, never);
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(state.timedOut).toBeUndefined();
  });

  it('passes the run’s own failure through', async () => {
    const failure = new Error('boom');
    await expect(
      withDeadline(undefined, 1_000, {}, async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
  });
});
