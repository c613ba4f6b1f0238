// The Node.js that runs what is deployed: the Lambda runtime is nodejs24.x, and `npm ci` installs
// Node 24 for this platform from the npm registry (an optional `node-<os>-<cpu>` binary package,
// so only the matching one installs). Where none fits the platform, callers run on the system Node
// and say so in one line (`fallbackNotice`).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The Lambda runtime's Node.js major (Runtime.NODEJS_24_X). */
export const LAMBDA_NODE_MAJOR = 24;

export interface LambdaNode {
  /** Absolute path of the node binary to spawn. */
  readonly path: string;
  /** Its version, as `process.version` prints it (v24.22.3). */
  readonly version: string;
  /** True when it is the Lambda runtime's major; false for the system Node fallback. */
  readonly matchesLambda: boolean;
  /** One line to print when it does not match (undefined when it does). */
  readonly fallbackNotice: string | undefined;
}

/** The npm package holding Node 24 for this platform, as npm names them. */
export function lambdaNodePackage(platform = process.platform, arch = process.arch): string {
  const os = platform === 'win32' ? 'win' : platform;
  return `node-${os}-${arch}`;
}

/** Finds the installed Node 24 binary package, else describes the system Node as the fallback. */
export function findLambdaNode(): LambdaNode {
  const pkg = lambdaNodePackage();
  const binary = installedBinary(pkg);
  if (binary !== undefined) {
    return {
      path: binary.path,
      version: binary.version,
      matchesLambda: true,
      fallbackNotice: undefined,
    };
  }
  const systemMajor = Number(process.versions.node.split('.')[0]);
  return {
    path: process.execPath,
    version: process.version,
    matchesLambda: systemMajor === LAMBDA_NODE_MAJOR,
    fallbackNotice:
      systemMajor === LAMBDA_NODE_MAJOR
        ? undefined
        : `no Node ${LAMBDA_NODE_MAJOR} package for ${process.platform}-${process.arch} (${pkg}); ` +
          `running on the system Node ${process.version}, not the Lambda runtime's major`,
  };
}

/** A Node binary given by path (InvokeOptions.nodePath), described as findLambdaNode does. */
export function nodeAt(path: string): LambdaNode {
  const version = execFileSync(path, ['-p', 'process.version'], { encoding: 'utf8' }).trim();
  const matchesLambda = version.startsWith(`v${LAMBDA_NODE_MAJOR}.`);
  return {
    path,
    version,
    matchesLambda,
    fallbackNotice: matchesLambda
      ? undefined
      : `running on ${path} (node ${version}), not the Lambda runtime's major`,
  };
}

function installedBinary(pkg: string): { path: string; version: string } | undefined {
  let manifestPath: string;
  try {
    manifestPath = createRequire(import.meta.url).resolve(`${pkg}/package.json`);
  } catch {
    return undefined;
  }
  const manifest = createRequire(import.meta.url)(manifestPath) as { version?: unknown };
  const version = typeof manifest.version === 'string' ? manifest.version : '';
  if (Number(version.split('.')[0]) !== LAMBDA_NODE_MAJOR) return undefined;
  const path = join(
    dirname(manifestPath),
    'bin',
    process.platform === 'win32' ? 'node.exe' : 'node',
  );
  return existsSync(path) ? { path, version: `v${version}` } : undefined;
}
