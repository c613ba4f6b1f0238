// The Node.js binaries the cold-start figures are taken on: the system Node (the first `node` on
// PATH outside a node_modules/.bin directory: `npm run` puts the project's Node 24 package first
// on PATH, so process.execPath is not the system Node there) and the Lambda runtime's major,
// Node 24, as `npm ci` installs it (functions/invoke/lambda-node.ts).
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join, sep } from 'node:path';
import { findLambdaNode } from '../../functions/invoke/lambda-node.ts';

export interface Runtime {
  /** Key suffix in the bench's JSON: '' for the system Node, '_node24' for the Lambda major. */
  readonly suffix: '' | '_node24';
  readonly path: string;
  /** As `process.version` prints it. */
  readonly version: string;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The system Node's path: PATH without node_modules/.bin, else this process's own binary. */
function systemNodePath(path = process.env.PATH ?? ''): string {
  const binDir = `${sep}node_modules${sep}.bin`;
  for (const dir of path.split(delimiter)) {
    if (dir === '' || dir.endsWith(binDir) || dir.includes(`${binDir}${sep}`)) continue;
    const candidate = join(dir, process.platform === 'win32' ? 'node.exe' : 'node');
    if (executable(candidate)) return candidate;
  }
  return process.execPath;
}

/** `node --version` of a binary. */
function nodeVersion(path: string): string {
  const run = spawnSync(path, ['--version'], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${path} --version failed: ${run.stderr}`);
  return run.stdout.trim();
}

/**
 * The two runtimes the cold request is measured on: the system Node, and Node 24 (where no Node
 * 24 package fits the platform, findLambdaNode falls back to the system Node: then both are it).
 */
export function coldRuntimes(): Runtime[] {
  const system = systemNodePath();
  const lambda = findLambdaNode();
  return [
    { suffix: '', path: system, version: nodeVersion(system) },
    { suffix: '_node24', path: lambda.path, version: lambda.version },
  ];
}
