/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// How a token's fields are shown (issued tokens and the inspect panel alike), with a live
// countdown to its expiry.
import type { TokenInspection } from './api.ts';
import { fieldList, formatDuration, formatTime, make } from './dom.ts';

/** An element whose text counts down to `expiresAt` (Unix seconds); see startCountdowns. */
export function countdown(expiresAt: number): HTMLElement {
  // Ticks every second: kept out of screen readers' live announcements.
  const element = make('span', '', {
    'data-expires-at': String(expiresAt),
    'data-field': 'countdown',
    'aria-live': 'off',
  });
  updateCountdown(element);
  return element;
}

function updateCountdown(element: HTMLElement): void {
  const left = Number(element.dataset.expiresAt) - Date.now() / 1000;
  element.textContent =
    left > 0 ? `expires in ${formatDuration(left)}` : `expired ${formatDuration(-left)} ago`;
  element.classList.toggle('ok', left > 30);
}

export function startCountdowns(): void {
  setInterval(() => {
    for (const element of document.querySelectorAll<HTMLElement>('[data-expires-at]')) {
      updateCountdown(element);
    }
  }, 1000);
}

const yesNo = (value: boolean) => (value ? 'yes' : 'no');

export function renderInspection(inspection: TokenInspection): HTMLElement {
  const box = make('div', undefined, { class: 'inspection' });
  const { header, decoded, decodeError, kit } = inspection;
  const rows: [string, string, string][] = [
    ['version', 'version', header.version],
    ['cipher', 'cipher', header.cipher === 'gcm' ? 'gcm (AES-256-GCM)' : 'cbc (AES-CBC, legacy)'],
  ];
  if (decoded) {
    const privilege = decoded.privilege;
    rows.push(
      ['appId', 'AppID', String(decoded.appId)],
      ['userId', 'userId', decoded.userId],
      ['room', 'room', privilege ? privilege.roomId : '(none: basic token)'],
      ['loginRoom', 'loginRoom', privilege ? yesNo(privilege.loginRoom) : '—'],
      ['publishStream', 'publishStream', privilege ? yesNo(privilege.publishStream) : '—'],
      [
        'streamIds',
        'stream IDs',
        privilege?.streamIds ? privilege.streamIds.join(', ') : privilege ? '(any stream)' : '—',
      ],
      ['issuedAt', 'issued', formatTime(decoded.issuedAt)],
      ['nonce', 'nonce', String(decoded.nonce)],
    );
  }
  rows.push(['expiresAt', 'expires', formatTime(header.expiresAt)]);
  const list = fieldList(rows);
  const timeLeft = make('dd');
  timeLeft.append(countdown(header.expiresAt));
  list.append(make('dt', 'time left'), timeLeft);
  box.append(list);

  if (decodeError) {
    const error = make('p', undefined, {
      class: 'error',
      role: 'alert',
      'data-field': 'decodeError',
    });
    error.append(make('code', decodeError.code), ` ${decodeError.message}`);
    box.append(error);
  } else if (!decoded) {
    box.append(
      make('p', 'Not decrypted: the fields above are readable without a secret.', {
        class: 'note',
      }),
    );
  } else {
    box.append(
      make('p', 'Decrypted and checked (AppID, userId, payload and expiry).', {
        class: 'ok',
        'data-field': 'decodeOk',
      }),
    );
  }
  if (kit) {
    box.append(make('h4', 'Kit part (UIKit Prebuilt)'));
    box.append(
      fieldList([
        ['kitUserId', 'userID', String(kit.userID ?? '?')],
        ['kitRoomId', 'roomID', String(kit.roomID ?? '?')],
        ['kitUserName', 'userName', String(kit.userName ?? '?')],
        ['kitAppId', 'appID', String(kit.appID ?? '?')],
      ]),
    );
  }
  return box;
}
