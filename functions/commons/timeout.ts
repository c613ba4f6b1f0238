// A promise that settles as `promise` does, or rejects with `timedOut()` after `ms`: for waits
// that must end even when the work never settles (a frozen fetch, a hung handler). The timer is
// unref'd, so it never keeps a process alive by itself.
export function withTimeout<T>(promise: Promise<T>, ms: number, timedOut: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(timedOut()), ms);
    timer.unref?.();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
