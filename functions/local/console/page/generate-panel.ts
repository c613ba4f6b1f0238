/// <reference lib="dom" />
// Panel 4: generate a token from an AppID, a userId and a ServerSecret, as ZEGO's Token Assistant
// does, but computed on the local server (never in a third-party page). The result is read back
// with the same secret, so what is shown is what the token carries.
import { consoleApi, describeApiError, type GeneratedToken, type GenerateRequest } from './api.ts';
import { tokenWithCopy } from './copy.ts';
import { byId, make, showError } from './dom.ts';
import { readSecretChoice, watchSecretChoice } from './secret-choice.ts';
import { prefillAppId, type Session } from './session.ts';
import { renderInspection } from './token-view.ts';
import { openInVerify } from './verify-panel.ts';

const value = (id: string) => byId<HTMLInputElement>(id).value.trim();
const checked = (id: string) => byId<HTMLInputElement>(id).checked;

function readForm(): GenerateRequest {
  const request: GenerateRequest = {
    appId: Number(value('g-app-id')),
    userId: value('g-user-id'),
    ttlSeconds: Number(value('g-ttl')),
    cipher: value('g-cipher'),
    version: value('g-version'),
    userIdMaxBytes: value('g-max-bytes'),
  };
  const roomId = value('g-room');
  const streams = value('g-streams')
    .split(/[\s,]+/)
    .filter((s) => s !== '');
  // As the CLI: a room, publishing, no login or streams make a privilege token.
  if (roomId !== '' || checked('g-publish') || !checked('g-login') || streams.length > 0) {
    request.roomId = roomId;
    request.loginRoom = checked('g-login');
    request.publishStream = checked('g-publish');
    if (streams.length > 0) request.streamIds = streams;
  }
  const kitName = value('g-kit-name');
  if (kitName !== '') request.kitUserName = kitName;
  return request;
}

export function setUpGeneratePanel(session: Session): void {
  const form = byId<HTMLFormElement>('generate-form');
  const secretInput = byId<HTMLInputElement>('g-secret');
  const error = byId('generate-error');
  const result = byId('generate-result');
  watchSecretChoice(form, 'gSecretSource', secretInput);
  prefillAppId(session, 'g-app-id');

  let made = 0;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showError(error, undefined);
    try {
      const answer = await consoleApi.generate(
        readForm(),
        readSecretChoice(form, 'gSecretSource', secretInput),
      );
      made += 1;
      result.replaceChildren(renderGenerated(made, answer));
    } catch (e) {
      showError(error, describeApiError(e));
    }
  });
}

function renderGenerated(index: number, answer: GeneratedToken): HTMLElement {
  const box = make('div', undefined, { class: 'generated', 'data-generated-index': String(index) });
  const shown = answer.kitToken ?? answer.token;
  const heading = make('h3', 'Generated for ');
  heading.append(
    make('span', answer.userId, { 'data-field': 'owner' }),
    ` (AppID ${answer.appId}, ${answer.ttlSeconds} s)`,
  );
  const toVerify = make('button', 'Open in "Verify"', { type: 'button', class: 'secondary' });
  toVerify.addEventListener('click', () => openInVerify(shown, answer.appId, answer.userId));
  box.append(
    heading,
    tokenWithCopy(shown, answer.kitToken ? 'the kit token' : 'the token'),
    toVerify,
  );
  box.append(renderInspection(answer.inspection));
  return box;
}
