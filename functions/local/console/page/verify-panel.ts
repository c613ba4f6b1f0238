/// <reference lib="dom" />
// Panel 5: verify a token against the AppID and the user it should be for, with a ServerSecret,
// on the local server. Each check says what it found: expired, another user, another app, or
// another secret (the token does not decrypt).
import { consoleApi, describeApiError, type VerifyAnswer } from './api.ts';
import { byId, make } from './dom.ts';
import { readSecretChoice, watchSecretChoice } from './secret-choice.ts';
import { prefillAppId, type Session } from './session.ts';
import { renderInspection } from './token-view.ts';

const value = (id: string) => byId<HTMLInputElement | HTMLTextAreaElement>(id).value.trim();

/** Fills the Verify form (from an issued or generated token) and brings it into view. */
export function openInVerify(token: string, appId: number, userId: string): void {
  byId<HTMLTextAreaElement>('v-token').value = token;
  byId<HTMLInputElement>('v-app-id').value = String(appId);
  byId<HTMLInputElement>('v-user-id').value = userId;
  byId('v-token').focus();
}

export function setUpVerifyPanel(session: Session): void {
  const form = byId<HTMLFormElement>('verify-form');
  const secretInput = byId<HTMLInputElement>('v-secret');
  const result = byId('verify-result');
  watchSecretChoice(form, 'vSecretSource', secretInput);
  prefillAppId(session, 'v-app-id');

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const roomId = value('v-room');
    const request = {
      token: value('v-token'),
      appId: Number(value('v-app-id')),
      userId: value('v-user-id'),
      ...(roomId ? { roomId } : {}),
    };
    result.replaceChildren(make('p', 'Verifying…', { class: 'note' }));
    try {
      const answer = await consoleApi.verify(
        request,
        readSecretChoice(form, 'vSecretSource', secretInput),
      );
      result.replaceChildren(renderVerdict(answer));
    } catch (error) {
      result.replaceChildren(make('p', describeApiError(error), { class: 'error', role: 'alert' }));
    }
  });
}

function renderVerdict(answer: VerifyAnswer): HTMLElement {
  const box = make('div');
  const failed = answer.checks.filter((c) => !c.ok).map((c) => c.message);
  box.append(
    make('p', answer.valid ? 'Valid: every check passed.' : `Not valid: ${failed.join('; ')}.`, {
      class: answer.valid ? 'ok verdict' : 'error verdict',
      'data-field': 'verdict',
      'data-valid': String(answer.valid),
    }),
  );
  const list = make('ul', undefined, { class: 'checks' });
  for (const check of answer.checks) {
    list.append(
      make('li', `${check.ok ? '✓' : '✗'} ${check.check}: ${check.message}`, {
        'data-check': check.check,
        'data-ok': String(check.ok),
        class: check.ok ? 'ok' : 'failed',
      }),
    );
  }
  box.append(list);
  if (answer.inspection) box.append(renderInspection(answer.inspection));
  return box;
}
