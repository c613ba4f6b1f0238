/// <reference lib="dom" />
// A "Copy" button for a token: the Clipboard API (the console is served from 127.0.0.1, a secure
// context); if the browser refuses, it says so and the text stays selectable on the page.
import { make } from './dom.ts';

export function copyButton(text: () => string, what: string): HTMLButtonElement {
  const button = make('button', 'Copy', {
    type: 'button',
    class: 'secondary copy',
    'aria-label': `Copy ${what}`,
    'data-copy': what,
  });
  let reset: number | undefined;
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text());
      button.textContent = 'Copied';
    } catch {
      button.textContent = 'Copy refused by the browser: select the text';
    }
    window.clearTimeout(reset);
    reset = window.setTimeout(() => {
      button.textContent = 'Copy';
    }, 2000);
  });
  return button;
}

/** A token's text with its copy button beside it. */
export function tokenWithCopy(token: string, what: string): HTMLElement {
  const box = make('div', undefined, { class: 'token-box' });
  box.append(
    make('code', token, { class: 'token-text', 'data-field': 'token' }),
    copyButton(() => token, what),
  );
  return box;
}
