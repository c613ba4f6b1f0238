/// <reference lib="dom" />
// Panel 7: renewal, live. A simulated SDK session logs in with a short-lived token; the kit's own
// binder (keepZimTokenFresh / keepExpressTokenFresh, the code an app uses) answers each
// `tokenWillExpire` by fetching a fresh token and applying it. Every step goes on a timeline,
// timed on the session's clock. "Fail the next renewal" makes the service really refuse it (the
// request asks for a 30 s lifetime, under the 60 s minimum), once or on every try, to show the
// binder retrying and, when the token runs out, giving up.
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
/** Under the service's 60 s minimum: the request is refused with 400 invalid_ttl. */
const REFUSED_TTL_SECONDS = 30;

type FailMode = '' | 'once' | 'every';

function readFailMode(select: HTMLSelectElement): FailMode {
  return select.value === 'once' || select.value === 'every' ? select.value : '';
}

export function setUpRenewalPanel(session: Session): void {
  const form = byId<HTMLFormElement>('renewal-form');
  const startButton = byId<HTMLButtonElement>('renewal-start');
  const stopButton = byId<HTMLButtonElement>('renewal-stop');
  const status = byId('renewal-status');
  const timeline = byId('timeline');
  const failSelect = byId<HTMLSelectElement>('r-fail');
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
    const privileges = {
      loginRoom: byId<HTMLInputElement>('r-login').checked,
      publishStream: byId<HTMLInputElement>('r-publish').checked,
    };
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
    let loggedIn = false;
    const source: TokenSource = {
      async getToken(request) {
        let body = request ?? {};
        // Only renewals fail (the first login always gets its token).
        const failMode = loggedIn ? readFailMode(failSelect) : '';
        if (failMode !== '') {
          body = { ...body, ttlSeconds: REFUSED_TTL_SECONDS };
          if (failMode === 'once') failSelect.value = '';
          log(
            'inject',
            `failing this try on purpose: ttlSeconds ${REFUSED_TTL_SECONDS}, which the service refuses`,
          );
        }
        log('fetch', `binder: POST /token ${JSON.stringify(body)}`);
        return client.getToken(body);
      },
    };
    const request: TokenRequest =
      sdk === 'express' ? { roomId, privileges, ttlSeconds } : { ttlSeconds };
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
    const sdkLog = (kind: string, text: string) => {
      // "Every try" lasts until the token it could not replace has run out.
      if (kind === 'expired' && readFailMode(failSelect) === 'every') failSelect.value = '';
      log(kind, text);
    };
    const simulated =
      sdk === 'express'
        ? new SimulatedExpress(clock, realNow, sdkLog, roomId)
        : new SimulatedZim(clock, realNow, sdkLog);
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
      loggedIn = true;
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
