/// <reference lib="dom" />
// The "which ServerSecret" choice of the Generate and Verify panels: this local stack's (it stays
// on the server) or one typed here (sent to the local server in a POST body, used once).
import type { SecretToUse } from './api.ts';

export function watchSecretChoice(
  form: HTMLFormElement,
  name: string,
  input: HTMLInputElement,
): void {
  // Typing a secret selects "this one".
  input.addEventListener('input', () => {
    const given = form.querySelector<HTMLInputElement>(`input[name="${name}"][value="given"]`);
    if (given) given.checked = true;
  });
}

export function readSecretChoice(
  form: HTMLFormElement,
  name: string,
  input: HTMLInputElement,
): SecretToUse {
  const source = form.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`)?.value;
  return source === 'given'
    ? { secretSource: 'given', secret: input.value }
    : { secretSource: 'stack' };
}
