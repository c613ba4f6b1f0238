// A small shell lexer that finds what zsh with its default options reads differently from bash
// (or refuses) in a pasted command: with `interactivecomments` off a `#` word is an argument, an
// unquoted `*`, `?` or `[` that matches no file stops the line ("no matches found"), `(` inside a
// word is a glob group or qualifier, `=word` expands to a command's path, and an unquoted
// `$VAR` is not split. `!` (history expansion) and `<placeholder>` (a redirection) break both
// interactive shells. The real-shell run in shell-blocks.test.ts backs every finding up.

export interface ShellProblem {
  rule: 'comment' | 'glob' | 'paren' | 'equals' | 'history' | 'placeholder' | 'split' | 'unclosed';
  /** 1-based line and column inside the block. */
  line: number;
  column: number;
  message: string;
}

const MESSAGES: Record<ShellProblem['rule'], string> = {
  comment: 'a # comment: zsh (interactivecomments off) passes it on as arguments',
  glob: 'an unquoted glob character: zsh stops with "no matches found" when no file matches',
  paren: 'an unquoted ( or ) inside a word: zsh reads it as a glob group or qualifier',
  equals: 'a word starting with =: zsh replaces =name with the path of command "name"',
  history: 'an unquoted or double-quoted !: history expansion in interactive bash and zsh',
  placeholder: 'a <placeholder>: a redirection in every shell',
  split: 'an unquoted $VARIABLE: bash splits and globs its value, zsh does not; quote it',
  unclosed: 'an unclosed quote or substitution',
};

type Context = 'top' | 'cmdsub' | 'subshell' | 'array' | 'backtick' | 'double' | 'single';

const isSpace = (c: string | undefined) => c === ' ' || c === '\t';
const isNameStart = (c: string | undefined) => c !== undefined && /[A-Za-z_]/.test(c);
const HISTORY_SAFE_AFTER = new Set([' ', '\t', '\n', '=', '(', undefined]);

/** Every problem in `script` (a block's commands), in order. */
export function zshProblems(script: string): ShellProblem[] {
  const problems: ShellProblem[] = [];
  const stack: Context[] = ['top'];
  let wordStart = true;
  let commandStart = true;
  let word = '';

  const at = (index: number) => {
    const before = script.slice(0, index);
    const line = before.split('\n').length;
    return { line, column: index - before.lastIndexOf('\n') };
  };
  const report = (rule: ShellProblem['rule'], index: number) =>
    problems.push({ rule, ...at(index), message: MESSAGES[rule] });
  const top = () => stack[stack.length - 1] as Context;
  const inWord = (c: string) => {
    word += c;
    wordStart = false;
    commandStart = false;
  };
  /** Index of the `}` closing the `{` at `open` (parameter expansion); end of script if none. */
  const closeBrace = (open: number) => {
    let depth = 0;
    for (let k = open; k < script.length; k += 1) {
      if (script[k] === '{') depth += 1;
      else if (script[k] === '}' && --depth === 0) return k;
    }
    return script.length - 1;
  };

  for (let i = 0; i < script.length; i += 1) {
    const c = script[i] as string;
    const next = script[i + 1];
    const context = top();

    if (context === 'single') {
      if (c === "'") stack.pop();
      continue;
    }
    if (context === 'double') {
      if (c === '"') stack.pop();
      else if (c === '\\') i += 1;
      else if (c === '`') stack.push('backtick');
      else if (c === '$' && next === '(') {
        stack.push('cmdsub');
        wordStart = true;
        commandStart = true;
        i += 1;
      } else if (c === '$' && next === '{') i = closeBrace(i + 1);
      else if (c === '!' && !HISTORY_SAFE_AFTER.has(next) && next !== '"') report('history', i);
      continue;
    }

    // An unquoted context: top level, $( ), ( ), ` `.
    if (c === '\\') {
      if (next === '\n') {
        i += 1;
        continue;
      }
      inWord(next ?? '');
      i += 1;
      continue;
    }
    if (isSpace(c)) {
      wordStart = true;
      word = '';
      continue;
    }
    if (c === '\n' || c === ';' || c === '&' || c === '|') {
      wordStart = true;
      commandStart = true;
      word = '';
      continue;
    }
    if (c === '#' && wordStart) {
      report('comment', i);
      // The rest of the line is the comment: one finding for it.
      while (i + 1 < script.length && script[i + 1] !== '\n') i += 1;
      continue;
    }
    if (c === "'" || c === '"') {
      stack.push(c === "'" ? 'single' : 'double');
      inWord(c);
      continue;
    }
    if (c === '`') {
      if (context === 'backtick') stack.pop();
      else stack.push('backtick');
      inWord(c);
      continue;
    }
    if (c === '$') {
      if (next === '(') {
        stack.push('cmdsub');
        word += '$(';
        wordStart = true;
        commandStart = true;
        i += 1;
        continue;
      }
      const assignment = /^[A-Za-z_]\w*=/.test(word);
      if (next === '{') {
        if (!assignment) report('split', i);
        const end = closeBrace(i + 1);
        word += script.slice(i, end + 1);
        i = end;
        wordStart = false;
        continue;
      }
      if (isNameStart(next) && !assignment) report('split', i);
      inWord(c);
      continue;
    }
    if (c === '(') {
      if (commandStart) stack.push('subshell');
      else if (/^[A-Za-z_]\w*=$/.test(word)) stack.push('array');
      else {
        report('paren', i);
        stack.push('subshell'); // its `)` is part of the same finding
      }
      wordStart = true;
      commandStart = true;
      word = '';
      continue;
    }
    if (c === ')') {
      if (context === 'cmdsub' || context === 'subshell' || context === 'array') stack.pop();
      else report('paren', i);
      wordStart = false;
      commandStart = false;
      continue;
    }
    if (c === '*' || c === '?' || c === '[') report('glob', i);
    else if (c === '=' && wordStart) report('equals', i);
    else if (c === '!' && !HISTORY_SAFE_AFTER.has(next)) report('history', i);
    else if (c === '<' && /^<[A-Za-z][\w.-]*>/.test(script.slice(i))) report('placeholder', i);
    inWord(c);
  }
  if (stack.length > 1) report('unclosed', script.length - 1);
  return problems;
}
