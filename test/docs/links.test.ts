// Every relative link in the documentation points at a file that exists, and at a heading that
// exists in it when it names one (GitHub's anchors), so moving reference out of the README
// leaves no dead link behind.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentationFiles, ROOT } from './support/markdown.ts';

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchors(file: string): Set<string> {
  const text = readFileSync(join(ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '');
  const found = new Set<string>();
  for (const match of text.matchAll(/^#{1,6}\s+(.+)$/gm)) found.add(slug(match[1] as string));
  return found;
}

function links(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1] as string)
    .filter((target) => !/^[a-z]+:/.test(target));
}

describe('documentation links', () => {
  for (const file of documentationFiles()) {
    it(`${file}: every relative link resolves`, () => {
      const broken: string[] = [];
      for (const target of links(file)) {
        const [path, anchor] = target.split('#') as [string, string | undefined];
        const resolved = path === '' ? file : normalize(join(dirname(file), path));
        if (!existsSync(join(ROOT, resolved))) broken.push(`${target}: no file ${resolved}`);
        else if (anchor && resolved.endsWith('.md') && !anchors(resolved).has(anchor)) {
          broken.push(`${target}: no heading #${anchor} in ${resolved}`);
        }
      }
      expect(broken).toEqual([]);
    });
  }

  it('GitHub anchors are computed as GitHub does', () => {
    expect(slug('Endpoint: `POST /token`')).toBe('endpoint-post-token');
    expect(slug('Stack configuration (CDK context)')).toBe('stack-configuration-cdk-context');
  });
});
