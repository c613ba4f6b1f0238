// The migration guide shows compiled code: each `<!-- snippet: docs/snippets/NAME.ts -->` marker
// is followed by a ```ts block that must hold exactly that file. `npx tsx
// test/docs/support/snippets.ts` rewrites the blocks from the files (after editing a snippet).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './markdown.ts';

export const GUIDE = 'docs/migrating-from-appsign.md';
const MARKER = /<!-- snippet: (\S+) -->\n```ts\n([\s\S]*?)```\n/g;

export interface ShownSnippet {
  file: string;
  shown: string;
}

export function shownSnippets(markdown: string): ShownSnippet[] {
  return [...markdown.matchAll(MARKER)].map((m) => ({
    file: m[1] as string,
    shown: m[2] as string,
  }));
}

export function fillSnippets(markdown: string): string {
  return markdown.replace(MARKER, (_all, file: string) => {
    const code = readFileSync(join(ROOT, file), 'utf8');
    return `<!-- snippet: ${file} -->\n\`\`\`ts\n${code.endsWith('\n') ? code : `${code}\n`}\`\`\`\n`;
  });
}

if (process.argv[1]?.endsWith('snippets.ts')) {
  const path = join(ROOT, GUIDE);
  writeFileSync(path, fillSnippets(readFileSync(path, 'utf8')));
  console.log(`${GUIDE}: snippets rewritten from their files`);
}
