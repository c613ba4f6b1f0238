// The function as `cdk deploy` would deploy it, read from the cloud assembly `cdk synth` writes
// (cdk.out): the stack's template, the token function's resource in it, and the asset directory
// its code is uploaded from. Only the template and the asset metadata are read, never how the
// bundle was built. `ensureAssembly` runs `cdk synth` first when the assembly is missing or older
// than the sources; context (`-c key=value`) gets an assembly of its own.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from './args.ts';

/** The project root (where package.json and cdk.json are). */
export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What the template says, where CloudFormation may put an intrinsic function instead of a value. */
export type TemplateValue = unknown;

export interface TemplateResource {
  Type: string;
  Properties?: Record<string, TemplateValue>;
  Metadata?: Record<string, TemplateValue>;
}

export interface Template {
  Parameters?: Record<string, { Default?: unknown }>;
  Resources: Record<string, TemplateResource>;
}

export interface DeployedFunction {
  stackName: string;
  /** Concrete account and region when the stack is bound to an environment. */
  account: string | undefined;
  region: string | undefined;
  logicalId: string;
  /** Absolute path of the code asset (the function's LAMBDA_TASK_ROOT). */
  codeDir: string;
  handler: string;
  runtime: string;
  timeoutSeconds: number;
  memorySizeMb: number;
  logFormat: 'Text' | 'JSON';
  applicationLogLevel: string | undefined;
  /** A literal FunctionName, when the template sets one. */
  functionName: string | undefined;
  /** Environment.Variables as the template writes them (intrinsics unresolved). */
  environment: Record<string, TemplateValue>;
  template: Template;
}

/** A problem with the assembly or the synth (exit code 2). */
export class AssemblyError extends UsageError {}

const SOURCES = ['infra', 'functions'];
const SOURCE_FILES = ['cdk.json', 'package.json', 'package-lock.json', 'tsconfig.json'];
/** The construct ID of the token function in infra/token-service-stack.ts. */
const TOKEN_FUNCTION_PATH = /\/TokenFunction\/Resource$/;

function newestMtime(path: string): number {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    // Build outputs (infra/dist: the handler bundle the synth itself builds) are not sources.
    if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Why the assembly in `dir` must be synthesized again; undefined when it is up to date. */
function staleReason(dir: string): string | undefined {
  const manifest = join(dir, 'manifest.json');
  if (!existsSync(manifest)) return `${dir} has no cloud assembly`;
  const built = statSync(manifest).mtimeMs;
  for (const name of [...SOURCES, ...SOURCE_FILES]) {
    if (newestMtime(join(PROJECT_ROOT, name)) > built)
      return `${name} changed since the last synth`;
  }
  return undefined;
}

export interface AssemblyOptions {
  /** An assembly to read as it is (never synthesized); default the project's cdk.out, kept fresh. */
  cdkOut?: string;
  /** CDK context (`-c key=value`): an assembly of its own, synthesized with it. */
  context?: Readonly<Record<string, string>>;
  /** One line per step worth telling (synth started, done). */
  note?: (line: string) => void;
}

/** Runs `npm run -s synth -- --quiet` into `outDir`; its output is shown only when it fails. */
async function synth(outDir: string, context: Readonly<Record<string, string>>) {
  const args = ['run', '-s', 'synth', '--', '--quiet', '--no-notices', '--output', outDir];
  for (const [key, value] of Object.entries(context)) args.push('-c', `${key}=${value}`);
  // npm's own script when this runs under npm (no shell: context values stay arguments), else
  // the npm on PATH.
  const npmCli = process.env.npm_execpath;
  const [command, commandArgs] =
    npmCli !== undefined && /\.[cm]?js$/.test(npmCli)
      ? [process.execPath, [npmCli, ...args]]
      : [process.platform === 'win32' ? 'npm.cmd' : 'npm', args];
  if (command === 'npm.cmd') {
    throw new AssemblyError(
      'run this through npm (npm run invoke) so that cdk synth can be started',
    );
  }
  const child = spawn(command, commandArgs, {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) {
    throw new AssemblyError(`cdk synth failed (exit ${code}):\n${output.trim()}`);
  }
}

/** A directory name for one set of context values. */
function contextDirName(context: Readonly<Record<string, string>>): string {
  const sorted = Object.entries(context).sort(([a], [b]) => a.localeCompare(b));
  return `cdk.out-${createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 16)}`;
}

/** The assembly to read: synthesized first when needed. */
export async function ensureAssembly(options: AssemblyOptions = {}): Promise<string> {
  const note = options.note ?? (() => undefined);
  const context = options.context ?? {};
  if (options.cdkOut !== undefined) {
    if (Object.keys(context).length > 0) {
      throw new AssemblyError(
        '--cdk-out is read as it is: -c cannot change it (use one or the other)',
      );
    }
    if (!existsSync(join(options.cdkOut, 'manifest.json'))) {
      throw new AssemblyError(
        `${options.cdkOut} holds no cloud assembly (cdk synth --output ${options.cdkOut} writes one)`,
      );
    }
    return options.cdkOut;
  }
  // With context, an assembly of its own per context (cdk.out keeps the cdk.json one), kept under
  // node_modules/.cache and synthesized again by the same rule as cdk.out.
  const dir =
    Object.keys(context).length > 0
      ? join(PROJECT_ROOT, 'node_modules', '.cache', 'zego-token-invoke', contextDirName(context))
      : join(PROJECT_ROOT, 'cdk.out');
  const shown = Object.entries(context)
    .map(([key, value]) => ` -c ${key}=${value}`)
    .join('');
  const reason = staleReason(dir);
  if (reason !== undefined) {
    note(`cdk synth${shown} (${reason})…`);
    const started = performance.now();
    await synth(dir, context);
    note(`cdk synth done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return dir;
}

function readJson<T>(path: string): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    throw new AssemblyError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

interface Manifest {
  artifacts?: Record<
    string,
    { type?: string; environment?: string; properties?: { templateFile?: string } }
  >;
}

/** `aws://123456789012/eu-west-1` → its parts when concrete. */
function environmentOf(uri: string | undefined): { account?: string; region?: string } {
  const m = /^aws:\/\/([^/]+)\/([^/]+)$/.exec(uri ?? '');
  return {
    account: m?.[1] === undefined || m[1] === 'unknown-account' ? undefined : m[1],
    region: m?.[2] === undefined || m[2] === 'unknown-region' ? undefined : m[2],
  };
}

function pickFunction(template: Template, stackName: string): [string, TemplateResource] {
  const withAsset = Object.entries(template.Resources).filter(
    ([, r]) =>
      r.Type === 'AWS::Lambda::Function' &&
      typeof r.Metadata?.['aws:asset:path'] === 'string' &&
      r.Metadata['aws:asset:property'] === 'Code',
  );
  if (withAsset.length === 1) return withAsset[0] as [string, TemplateResource];
  const token = withAsset.filter(([, r]) =>
    TOKEN_FUNCTION_PATH.test(String(r.Metadata?.['aws:cdk:path'] ?? '')),
  );
  if (token.length === 1) return token[0] as [string, TemplateResource];
  throw new AssemblyError(
    withAsset.length === 0
      ? `stack ${stackName} has no Lambda function with a code asset`
      : `stack ${stackName} has ${withAsset.length} Lambda functions with code assets and none is the token function`,
  );
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** Reads the token function of the one stack in the assembly at `dir`. */
export function readDeployedFunction(dir: string): DeployedFunction {
  const manifest = readJson<Manifest>(join(dir, 'manifest.json'));
  const stacks = Object.entries(manifest.artifacts ?? {}).filter(
    ([, a]) => a.type === 'aws:cloudformation:stack',
  );
  if (stacks.length !== 1) {
    throw new AssemblyError(
      `${dir} holds ${stacks.length} stacks (${stacks.map(([n]) => n).join(', ') || 'none'}); expected one`,
    );
  }
  const [stackName, artifact] = stacks[0] as [string, NonNullable<Manifest['artifacts']>[string]];
  const templateFile = artifact.properties?.templateFile ?? `${stackName}.template.json`;
  const template = readJson<Template>(join(dir, templateFile));
  const [logicalId, resource] = pickFunction(template, stackName);
  const props = resource.Properties ?? {};
  const assetPath = String(resource.Metadata?.['aws:asset:path']);
  const codeDir = isAbsolute(assetPath) ? assetPath : join(dir, assetPath);
  if (!existsSync(codeDir) || !statSync(codeDir).isDirectory()) {
    throw new AssemblyError(`the code asset of ${logicalId} (${codeDir}) is not a directory`);
  }
  const env = props.Environment as { Variables?: Record<string, TemplateValue> } | undefined;
  const logging = props.LoggingConfig as
    | { LogFormat?: unknown; ApplicationLogLevel?: unknown }
    | undefined;
  const { account, region } = environmentOf(artifact.environment);
  return {
    stackName,
    account,
    region,
    logicalId,
    codeDir,
    handler: typeof props.Handler === 'string' ? props.Handler : 'index.handler',
    runtime: typeof props.Runtime === 'string' ? props.Runtime : 'unknown',
    timeoutSeconds: numberOr(props.Timeout, 3),
    memorySizeMb: numberOr(props.MemorySize, 128),
    logFormat: logging?.LogFormat === 'JSON' ? 'JSON' : 'Text',
    applicationLogLevel:
      typeof logging?.ApplicationLogLevel === 'string' ? logging.ApplicationLogLevel : undefined,
    functionName: typeof props.FunctionName === 'string' ? props.FunctionName : undefined,
    environment: { ...(env?.Variables ?? {}) },
    template,
  };
}
