/// <reference lib="dom" />
// Panel 5: renewal, live. A simulated SDK session logs in with a short-lived token; the kit's own
// binder (keepZimTokenFresh / keepExpressTokenFresh, the code an app uses) answers each
// `tokenWillExpire` by fetching a fresh token and applying it. Every step goes on a timeline,
// timed on the session's clock.
import {
  createTokenClient,
  isTokenServiceError,
  keepExpressTokenFresh,
  keepZimTokenFresh,
  type TokenRequest,
  type TokenSource,
} from 'zego-token-client';
import { byId, formatDuration, make } from './dom.ts';
import type { Session } from './session.ts';
import { fastClock, SimulatedExpress, SimulatedZim } from './simulated-sdk.ts';

const realClock = {
  now: () => Date.now(),
  setTimeout: (callback: () => void, ms: number) => window.setTimeout(callback, ms),
  clearTimeout: (handle: unknown) => window.clearTimeout(handle as number),
};

/** The kit's cache would hand back a token fetched moments ago in real time: always ask. */
const ALWAYS_FETCH_SECONDS = 2_073_600;

export function setUpRenewalPanel(session: Session): void {
  const form = byId<HTMLFormElement>('renewal-form');
  const startButton = byId<HTMLButtonElement>('renewal-start');
  const stopButton = byId<HTMLButtonElement>('renewal-stop');
  const status = byId('renewal-status');
  const timeline = byId('timeline');
  let stopCurrent: (() => void) | undefined;

  const stop = (why: string) => {
    stopCurrent?.();
    stopCurrent = undefined;
    stopButton.disabled = true;
    startButton.disabled = false;
    status.textContent = why;
  };
  stopButton.addEventListener('click', () => stop('Session stopped.'));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    stop('Starting…');
    timeline.replaceChildren();
    const speed = Number(byId<HTMLSelectElement>('r-speed').value) || 1;
    const ttlSeconds = Number(byId<HTMLInputElement>('r-ttl').value) || 60;
    const sdk = byId<HTMLSelectElement>('r-sdk').value;
    const roomId = byId<HTMLInputElement>('r-room').value.trim() || 'room-1';
    const clock = fastClock(speed, realClock);
    const startedAt = clock.now();
    const at = (ms: number) => `t+${((ms - startedAt) / 1000).toFixed(1)}s`;
    let sim: SimulatedZim | SimulatedExpress | undefined;
    const log = (kind: string, text: string) => {
      // Once the SDK holds a new token, say until when it is valid (session clock).
      const until =
        sim && (kind === 'login' || kind === 'applied')
          ? ` (token valid until ${at(sim.expiresAtMs)})`
          : '';
      timeline.append(make('li', `${at(clock.now())}  ${text}${until}`, { 'data-kind': kind }));
    };

    const client = createTokenClient({
      endpoint: session.endpoint(),
      getIdToken: () => session.idToken(),
      minRemainingSeconds: ALWAYS_FETCH_SECONDS,
    });
    const source: TokenSource = {
      async getToken(request) {
        log('fetch', `binder: POST /token ${JSON.stringify(request ?? {})}`);
        return client.getToken(request);
      },
    };
    const request: TokenRequest =
      sdk === 'express'
        ? { roomId, privileges: { loginRoom: true, publishStream: false }, ttlSeconds }
        : { ttlSeconds };
    const binderOptions = {
      clock,
      onRenewed: (response: { expiresAt: number; issuedAt: number }) =>
        log(
          'renewed',
          `binder: fresh token applied (lives ${response.expiresAt - response.issuedAt} s)`,
        ),
      onError: (error: unknown, failure: { attempt: number; willRetry: boolean }) =>
        log(
          'error',
          `binder: renewal failed (try ${failure.attempt}${failure.willRetry ? ', will retry' : ', giving up'}): ${isTokenServiceError(error) ? `${error.code} ${error.detail}` : String(error)}`,
        ),
    };

    const realNow = () => Date.now();
    const simulated =
      sdk === 'express'
        ? new SimulatedExpress(clock, realNow, log, roomId)
        : new SimulatedZim(clock, realNow, log);
    sim = simulated;
    let unbind: () => void;
    try {
      const first = await source.getToken(request);
      if (simulated instanceof SimulatedExpress) {
        unbind = keepExpressTokenFresh(simulated, source, () => request, binderOptions);
        simulated.loginRoom(first.token);
      } else {
        unbind = keepZimTokenFresh(simulated, source, request, binderOptions);
        simulated.login(first.token);
      }
    } catch (error) {
      log(
        'error',
        `could not get the first token: ${isTokenServiceError(error) ? `${error.code} ${error.detail}` : String(error)}`,
      );
      stop('Session not started.');
      return;
    }

    status.textContent = `Session running (${sdk === 'express' ? `Express, room ${roomId}` : 'ZIM'}, clock ×${speed}).`;
    const timeLeft = byId('renewal-countdown');
    const ticker = window.setInterval(() => {
      const left = (simulated.expiresAtMs - clock.now()) / 1000;
      timeLeft.textContent = `Token ${left > 0 ? `expires in ${formatDuration(left)}` : 'expired'} on the session's clock.`;
    }, 250);
    stopCurrent = () => {
      window.clearInterval(ticker);
      timeLeft.textContent = '';
      unbind();
      simulated.logout();
    };
    startButton.disabled = true;
    stopButton.disabled = false;
  });
}
