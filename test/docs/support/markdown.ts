// Fenced code blocks of the repository's Markdown: the README, docs/ and every package README.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export interface CodeBlock {
  /** Repository-relative path of the Markdown file. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The info string's first word (`sh`, `text`, `ts`, … or ''). */
  lang: string;
  /** The lines between the fences, joined with "\n" (no trailing newline). */
  code: string;
  /** The section heading the block sits under ('' before the first one). */
  heading: string;
}

/** The languages whose blocks are commands to paste into a shell. */
export const SHELL_LANGS = new Set(['sh', 'bash', 'shell', 'console', 'zsh']);

export function codeBlocks(file: string): CodeBlock[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const blocks: CodeBlock[] = [];
  let heading = '';
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    const fence = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/.exec(line);
    if (!fence) {
      const title = /^#{1,6}\s+(.*)$/.exec(line);
      if (title) heading = (title[1] ?? '').trim();
      continue;
    }
    const marker = fence[2] as string;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !(lines[j] ?? '').trim().startsWith(marker)) {
      body.push(lines[j] ?? '');
      j += 1;
    }
    blocks.push({
      file,
      line: i + 1,
      lang: (fence[3] ?? '').toLowerCase(),
      code: body.join('\n'),
      heading,
    });
    i = j;
  }
  return blocks;
}

function packageReadmes(dir: string): string[] {
  const found: string[] = [];
  if (!existsSync(dir)) return found;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...packageReadmes(path));
    else if (name === 'README.md') found.push(relative(ROOT, path));
  }
  return found;
}

/** README.md, docs/*.md, and any README.md under functions/ or infra/ (package READMEs). */
export function documentationFiles(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  return [
    'README.md',
    ...docs.sort(),
    ...packageReadmes(join(ROOT, 'functions')),
    ...packageReadmes(join(ROOT, 'infra')),
  ];
}

/** The commands of a shell block: a `console` block's `$ ` lines, any other block whole. */
export function shellCommands(block: CodeBlock): string {
  if (block.lang !== 'console') return block.code;
  const commands: string[] = [];
  let continued = false;
  for (const line of block.code.split('\n')) {
    if (continued || line.startsWith('$ ')) {
      const command: string = continued ? line : line.slice(2);
      commands.push(command);
      continued = command.endsWith('\\');
    }
  }
  return commands.join('\n');
}
