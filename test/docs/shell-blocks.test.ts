// Every command block of the documentation (README.md, docs/*.md, package READMEs) pastes into
// bash and into zsh with its default options and means the same in both: the lexer names the
// line and the reason; the real shells (zsh -f -i and bash -i, every external command recorded
// instead of run) must make identical calls, and zsh must not complain.
import { describe, expect, it } from 'vitest';
import { ensureShell } from './support/ensure-shell.ts';
import {
  type CodeBlock,
  codeBlocks,
  documentationFiles,
  SHELL_LANGS,
  shellCommands,
} from './support/markdown.ts';
import { runInShell } from './support/shell-run.ts';
import { zshProblems } from './support/zsh-lint.ts';

ensureShell('zsh');

const blocks: CodeBlock[] = documentationFiles()
  .flatMap(codeBlocks)
  .filter((block) => SHELL_LANGS.has(block.lang));

describe('the lexer finds what zsh misreads', () => {
  const cases: [string, string[]][] = [
    ['npm ci && npm start    # runs the service (Cognito emulator)', ['comment']],
    ['# A fresh ID token\nnpm run -s dev:token -- alice', ['comment']],
    ['aws logs tail GROUP --follow     # FunctionLogGroupName: one line', ['comment']],
    ['curl -s http://127.0.0.1:3000/token?x=1', ['glob']],
    ['ls docs/*.md', ['glob']],
    ['echo Stacks[0]', ['glob']],
    ['echo c(x)', ['paren']],
    ['echo =node', ['equals']],
    ['echo "done!now"', ['history']],
    ['npm run -s token -- decode <token>', ['placeholder']],
    ['curl -sS -X POST $TOKEN_ENDPOINT', ['split']],
    ["echo 'unclosed", ['unclosed']],
  ];
  for (const [script, rules] of cases) {
    it(`flags ${JSON.stringify(script)}`, () => {
      expect(zshProblems(script).map((p) => p.rule)).toEqual(rules);
    });
  }

  it('passes what both shells read alike', () => {
    const fine = [
      'curl -s -X POST http://127.0.0.1:3000/token -H \'Content-Type: application/json\' -d \'{"roomId":"room-1"}\'',
      'ID_TOKEN=$(npm run -s ops -- create-user --email alice@example.com)',
      'curl -sS -X POST "$TOKEN_ENDPOINT" -H "Authorization: Bearer $ID_TOKEN" -w \'\\n\'',
      'TOKEN_ENDPOINT=$(aws cloudformation describe-stacks --query "Stacks[0].Outputs[?OutputKey==\'TokenEndpoint\'].OutputValue")',
      "npx cdk deploy \\\n  -c roomIdPattern='room-[a-z0-9-]+' \\\n  -c enableWaf=true",
      'COGNITO_USER_POOL_ID=eu-west-1_AbCdEf123 COGNITO_CLIENT_ID=4o0ad3 npm start',
      'npm ci && (cd functions && ls)',
      'echo "issue #25" \'#hash\' a#b',
    ];
    for (const script of fine) expect(zshProblems(script), script).toEqual([]);
  });
});

describe('the real shells agree with the lexer', () => {
  it('zsh -f -i refuses what the lexer flags, and bash -i reads it differently', () => {
    const comment = runInShell('zsh', 'npm start # the local stack');
    expect(comment.calls).toEqual(['CALL [npm] [start] [#] [the] [local] [stack]']);
    expect(runInShell('bash', 'npm start # the local stack').calls).toEqual(['CALL [npm] [start]']);
    const glob = runInShell('zsh', 'curl http://127.0.0.1:3000/token?x=1');
    expect(glob.errors.join('\n')).toMatch(/no matches found/);
    expect(glob.calls).toEqual([]);
  });
});

describe('documented command blocks', () => {
  it('there are command blocks to check (README, docs/)', () => {
    expect(blocks.filter((b) => b.file === 'README.md').length).toBeGreaterThan(5);
    expect(blocks.some((b) => b.file.startsWith('docs/'))).toBe(true);
  });

  it("every curl example ends its printed body with a newline (-w '\\n')", () => {
    const curls = blocks.flatMap((block) =>
      shellCommands(block)
        .replace(/\\\n/g, ' ')
        .split('\n')
        .filter((command) => /(^|\s)curl\s/.test(command))
        .map((command) => `${block.file}:${block.line}: ${command}`),
    );
    expect(curls.length).toBeGreaterThan(5);
    expect(curls.filter((command) => !command.includes("-w '\\n'"))).toEqual([]);
  });

  for (const block of blocks) {
    const where = `${block.file}:${block.line} (${block.heading || 'top'})`;
    it(`${where}: nothing zsh misreads`, () => {
      const commands = shellCommands(block);
      const found = zshProblems(commands).map((p) => {
        const text = commands.split('\n')[p.line - 1] ?? '';
        return `line ${block.line + p.line}: ${p.message}\n    ${text}`;
      });
      expect(found, `${where}\n${found.join('\n')}`).toEqual([]);
    });

    it(`${where}: zsh -f -i and bash -i make the same calls`, () => {
      const commands = shellCommands(block);
      const zsh = runInShell('zsh', commands);
      const bash = runInShell('bash', commands);
      expect(zsh.errors, `${where}: zsh printed errors`).toEqual([]);
      expect(bash.errors, `${where}: bash printed errors`).toEqual([]);
      expect(zsh.calls.length, `${where}: no command was called`).toBeGreaterThan(0);
      expect(zsh.calls).toEqual(bash.calls);
    });
  }
});
