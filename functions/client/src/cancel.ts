// Cancellation without depending on any platform's types: the kit's own one-shot trigger, plus
// the narrow AbortSignal/AbortController shapes it uses (browsers, React Native and Node all have
// them; an old runtime without AbortController still gets every time limit, just no abort).

declare global {
  /**
   * Merges into the platform's own AbortSignal (DOM, Node, React Native), so `FetchLike` can
   * name it and the platform's `fetch` fits it; where an app's types have none, it stands in.
   */
  interface AbortSignal {}
}

import type { Clock } from './timing.ts';

/** The part of an AbortSignal the kit reads; any platform's AbortSignal fits it. */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

interface ControllerLike {
  readonly signal: AbortSignal & AbortSignalLike;
  abort(): void;
}

/** A new AbortController, or undefined on a runtime without one. */
export function newController(): ControllerLike | undefined {
  const Controller = (globalThis as { AbortController?: new () => ControllerLike }).AbortController;
  return typeof Controller === 'function' ? new Controller() : undefined;
}

/** Fires once, with a reason; listeners added later are called at once. */
export class Trigger<Reason = unknown> {
  fired = false;
  reason: Reason | undefined;
  private listeners = new Set<() => void>();

  fire(reason: Reason): void {
    if (this.fired) return;
    this.fired = true;
    this.reason = reason;
    for (const listener of this.listeners) listener();
    this.listeners.clear();
  }

  /** Calls `listener` when this fires; returns a function that removes it. */
  on(listener: () => void): () => void {
    if (this.fired) listener();
    else this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Settles as `work` does, or rejects with the reason of the first trigger that fires. */
export function race<T>(work: Promise<T>, triggers: Trigger[]): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const offs = triggers.map((trigger) => trigger.on(() => reject(trigger.reason)));
    const done = () => {
      for (const off of offs) off();
    };
    work.then(
      (value) => {
        done();
        resolve(value);
      },
      (error: unknown) => {
        done();
        reject(error);
      },
    );
  });
}

/** A trigger that fires with `reason()` after `ms`, and a function that cancels its timer. */
function timeout<Reason>(
  clock: Clock,
  ms: number,
  reason: () => Reason,
): [Trigger<Reason>, () => void] {
  const trigger = new Trigger<Reason>();
  const handle = clock.setTimeout(() => trigger.fire(reason()), ms);
  return [trigger, () => clock.clearTimeout(handle)];
}

/**
 * Starts `work` with `ms` to finish, until one of `stops` fires: rejects with `late()` when the
 * time is up, with the reason of a stop that fired, or with `failed(cause)` when `work` fails.
 */
export async function bounded<T>(
  work: () => Promise<T>,
  clock: Clock,
  ms: number,
  stops: Trigger[],
  late: () => unknown,
  failed: (cause: unknown) => unknown,
): Promise<T> {
  const [timedOut, cancelTimer] = timeout(clock, ms, late);
  const all = [timedOut, ...stops];
  try {
    return await race(work(), all);
  } catch (cause) {
    if (all.some((trigger) => trigger.reason === cause)) throw cause;
    throw failed(cause);
  } finally {
    cancelTimer();
  }
}

/** Resolves after `ms`, or rejects with the reason of the first of `stops` to fire. */
export function sleep(clock: Clock, ms: number, stops: Trigger[] = []): Promise<void> {
  let handle: unknown;
  const wait = new Promise<void>((resolve) => {
    handle = clock.setTimeout(resolve, ms);
  });
  const stopped = race(wait, stops);
  stopped.catch(() => clock.clearTimeout(handle));
  return stopped;
}

/** A trigger that fires when `signal` aborts (or at once if it has), and its cleanup. */
export function fromSignal<Reason>(
  signal: AbortSignalLike | undefined,
  reason: (cause: unknown) => Reason,
): [Trigger<Reason>, () => void] {
  const trigger = new Trigger<Reason>();
  if (!signal) return [trigger, () => undefined];
  const onAbort = () => trigger.fire(reason(signal.reason));
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort);
  return [trigger, () => signal.removeEventListener('abort', onAbort)];
}
