/// <reference lib="dom" />
// Panels 2 and 3: a form for every field of the request body, sent with the client kit; each
// issued token is listed with its decoded fields, and a refusal shows the problem+json.
import {
  createTokenClient,
  isTokenServiceError,
  type TokenRequest,
  type TokenResponse,
} from 'zego-token-client';
import { consoleApi } from './api.ts';
import { tokenWithCopy } from './copy.ts';
import { byId, make } from './dom.ts';
import type { Session } from './session.ts';
import { renderInspection } from './token-view.ts';
import { openInVerify } from './verify-panel.ts';

const text = (id: string) => byId<HTMLInputElement>(id).value.trim();
const checked = (id: string) => byId<HTMLInputElement>(id).checked;

/** The body the form describes; empty fields are left out so the service's defaults apply. */
function readRequest(): TokenRequest {
  const request: TokenRequest = {};
  const roomId = text('f-room');
  if (roomId !== '') {
    request.roomId = roomId;
    request.privileges = { loginRoom: checked('f-login'), publishStream: checked('f-publish') };
  }
  const streams = text('f-streams')
    .split(/[\s,]+/)
    .filter((s) => s !== '');
  if (streams.length > 0) request.streamIds = streams;
  const ttl = text('f-ttl');
  if (ttl !== '') request.ttlSeconds = Number(ttl);
  const cipher = text('f-cipher');
  if (cipher === 'gcm' || cipher === 'cbc') request.cipher = cipher;
  const version = text('f-version');
  if (version === '04' || version === '03') request.version = version;
  const format = text('f-format');
  if (format === 'token' || format === 'kit') request.format = format;
  const userId = text('f-user-id');
  if (userId !== '') request.userId = userId;
  const userName = text('f-user-name');
  if (userName !== '') request.userName = userName;
  return request;
}

export function setUpIssuePanel(session: Session): void {
  const form = byId<HTMLFormElement>('issue-form');
  const preview = byId('request-preview');
  const errorBox = byId('issue-error');
  const button = byId<HTMLButtonElement>('issue-button');
  const refreshPreview = () => {
    preview.textContent = JSON.stringify(readRequest());
  };
  form.addEventListener('input', refreshPreview);
  form.addEventListener('change', refreshPreview);
  refreshPreview();
  // A refusal belongs to the user it was for: a new sign-in clears it.
  session.onSignIn(() => {
    errorBox.hidden = true;
  });

  let issued = 0;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const request = readRequest();
    errorBox.hidden = true;
    button.disabled = true;
    try {
      // A new client per click, so every click really asks the service (an app keeps one
      // client, whose cache would answer a repeated request).
      const endpoint = session.endpoint();
      const client = createTokenClient({
        endpoint,
        getIdToken: () => session.idToken(),
      });
      const owner = session.username();
      const response = await client.getToken(request);
      issued += 1;
      await addIssuedToken(issued, owner, endpoint, request, response);
    } catch (error) {
      showProblem(errorBox, error);
    } finally {
      button.disabled = false;
    }
  });
}

function showProblem(box: HTMLElement, error: unknown): void {
  const set = (field: string, value: string) => {
    const element = box.querySelector(`[data-field="${field}"]`);
    if (element) element.textContent = value;
  };
  if (isTokenServiceError(error)) {
    set('status', error.status === 0 ? '— (no answer)' : String(error.status));
    set('code', error.code);
    set('detail', error.detail);
    set('requestId', error.requestId ?? '(none)');
  } else {
    set('status', '—');
    set('code', 'error');
    set('detail', error instanceof Error ? error.message : String(error));
    set('requestId', '(none)');
  }
  box.hidden = false;
}

async function addIssuedToken(
  index: number,
  owner: string,
  endpoint: string,
  request: TokenRequest,
  response: TokenResponse,
): Promise<void> {
  byId('tokens-empty').hidden = true;
  const item = make('li', undefined, { 'data-token-index': String(index) });
  const shown = response.kitToken ?? response.token;
  const heading = make('h3', `Token ${index} for `);
  heading.append(
    make('span', owner, { 'data-field': 'owner' }),
    ` (userId ${response.userId}): ${response.roomId ? `room ${response.roomId}` : 'basic token'}`,
  );
  item.append(
    heading,
    make('p', `Request: ${JSON.stringify(request)}`, { class: 'note' }),
    tokenWithCopy(shown, `token ${index}`),
  );
  const toInspect = make('button', 'Open in "Inspect any token"', {
    type: 'button',
    class: 'secondary',
  });
  toInspect.addEventListener('click', () => {
    byId<HTMLTextAreaElement>('inspect-token').value = shown;
    byId('inspect-token').focus();
  });
  const toVerify = make('button', 'Open in "Verify"', { type: 'button', class: 'secondary' });
  toVerify.addEventListener('click', () => openInVerify(shown, response.appId, response.userId));
  item.append(toInspect, toVerify);
  const details = make('details');
  details.append(make('summary', 'Response body'), make('pre', JSON.stringify(response, null, 2)));
  item.append(details);
  byId('token-list').prepend(item);
  // This stack's secret opens only what this stack issued; another endpoint's tokens are shown
  // as far as they can be read without a secret.
  const fromThisStack = new URL(endpoint, location.href).origin === location.origin;
  if (!fromThisStack) {
    item.append(
      make('p', 'Issued by another endpoint: its ServerSecret is needed to decrypt it (panel 4).', {
        class: 'note',
      }),
    );
  }
  try {
    const secret = fromThisStack
      ? ({ secretSource: 'stack' } as const)
      : ({ secretSource: 'none' } as const);
    item.append(renderInspection(await consoleApi.inspect(shown, secret)));
  } catch (error) {
    item.append(make('p', `Could not decode: ${String(error)}`, { class: 'error' }));
  }
}
