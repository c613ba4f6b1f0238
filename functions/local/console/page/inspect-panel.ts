/// <reference lib="dom" />
// Panel 6: inspect any token, like the Token Assistant's verify. Decoding runs on the local
// server; a secret typed here goes there in a POST body, is used once, and the field is
// cleared afterwards so it does not linger in the page either.
import { consoleApi, describeApiError, type SecretChoice } from './api.ts';
import { byId, make } from './dom.ts';
import { renderInspection } from './token-view.ts';

export function setUpInspectPanel(): void {
  const form = byId<HTMLFormElement>('inspect-form');
  const secretInput = byId<HTMLInputElement>('inspect-secret');
  const result = byId('inspect-result');
  // Typing a secret selects "this ServerSecret".
  secretInput.addEventListener('input', () => {
    const given = form.querySelector<HTMLInputElement>('input[name="secretSource"][value="given"]');
    if (given) given.checked = true;
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = byId<HTMLTextAreaElement>('inspect-token').value.trim();
    const source = new FormData(form).get('secretSource');
    let secret: SecretChoice;
    if (source === 'given') secret = { secretSource: 'given', secret: secretInput.value };
    else if (source === 'stack') secret = { secretSource: 'stack' };
    else secret = { secretSource: 'none' };
    result.replaceChildren(make('p', 'Inspecting…', { class: 'note' }));
    try {
      result.replaceChildren(renderInspection(await consoleApi.inspect(token, secret)));
    } catch (error) {
      result.replaceChildren(make('p', describeApiError(error), { class: 'error', role: 'alert' }));
    } finally {
      secretInput.value = '';
    }
  });
}
