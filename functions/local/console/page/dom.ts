/// <reference lib="dom" />
// Small DOM helpers: text only (never HTML from data), so nothing a token or an error says can
// become markup.

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`console page: no element #${id}`);
  return element as T;
}

export function make<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  attributes: Record<string, string> = {},
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (text !== undefined) element.textContent = text;
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

/** A `<dl>` of label → value, each value marked `data-field` for tests and styling. */
export function fieldList(rows: [field: string, label: string, value: string][]): HTMLDListElement {
  const list = make('dl', undefined, { class: 'fields' });
  for (const [field, label, value] of rows) {
    list.append(make('dt', label), make('dd', value, { 'data-field': field }));
  }
  return list;
}

/** `2026-12-02 09:10:11 UTC (1795…)` for Unix seconds. */
export function formatTime(unixSeconds: number): string {
  const iso = new Date(unixSeconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC (${unixSeconds})`;
}

/** `59 s`, `4 min 05 s`, `2 h 03 min`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

export function showError(element: HTMLElement, message: string | undefined): void {
  element.hidden = message === undefined;
  element.textContent = message ?? '';
}
