// Deployment options that shape the stack rather than the function: which environment (stage) it
// is, which API Gateway flavour fronts the function, tags, and provisioned concurrency. Also the
// guard that refuses context keys this app does not know (a misspelt key would otherwise deploy
// the default silently). Documented in docs/deploy.md.
import { shown } from '../functions/contract/env.ts';
import { SERVICE_NAME } from '../functions/contract/service.ts';
import {
  CONTEXT_DEFAULTS,
  CONTEXT_KEYS,
  type ContextReader,
  contextError,
  Reader,
  type TokenServiceConfig,
} from './config.ts';

export type ApiType = 'rest' | 'http';

export interface DeployOptions {
  /** Environment name (dev, staging, prod...): names the stack, the API stage and resources. */
  readonly stage: string | undefined;
  readonly apiType: ApiType;
  /** User tags, applied to every taggable resource next to DEFAULT_TAGS. */
  readonly tags: Readonly<Record<string, string>>;
  /** Provisioned concurrency of the `live` alias the API invokes; undefined: no alias. */
  readonly provisionedConcurrency: number | undefined;
}

/** Tags every resource carries; a user tag of the same key is refused. */
export function defaultTags(stage: string | undefined): Record<string, string> {
  return { service: SERVICE_NAME, ...(stage === undefined ? {} : { stage }) };
}

// Lower-case letters and digits: valid in a stack name, an API Gateway stage name and a tag.
const STAGE = /^[a-z][a-z0-9]{0,15}$/;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;
const MAX_USER_TAGS = 40;

function readTags(get: ContextReader, stage: string | undefined): Record<string, string> {
  let raw = get('tags');
  if (raw === undefined || raw === null || raw === '') return {};
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch {
      throw contextError('tags', `expected a JSON object like '{"team":"rtc"}', got ${shown(raw)}`);
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw contextError('tags', `expected a JSON object of strings, got ${shown(raw)}`);
  }
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length > MAX_USER_TAGS) {
    throw contextError('tags', `at most ${MAX_USER_TAGS} tags, got ${entries.length}`);
  }
  const reserved = defaultTags(stage);
  for (const [key, value] of entries) {
    if (!TAG_KEY.test(key) || key.toLowerCase().startsWith('aws:')) {
      throw contextError('tags', `not a tag key: ${shown(key)}`);
    }
    if (typeof value !== 'string' || !TAG_VALUE.test(value)) {
      throw contextError('tags', `tag ${shown(key)} needs a string value, got ${shown(value)}`);
    }
    if (key in reserved) {
      throw contextError('tags', `"${key}" is set by the stack (${shown(reserved[key])})`);
    }
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

export function readDeployOptions(get: ContextReader): DeployOptions {
  const r = new Reader(get);
  const stage = r.string('stage');
  if (stage !== undefined && !STAGE.test(stage)) {
    throw contextError(
      'stage',
      `expected 1-16 lower-case letters and digits starting with a letter, got ${shown(stage)}`,
    );
  }
  return { stage, ...readApiOptions(r), tags: readTags(get, stage) };
}

/**
 * The API flavour and the `live` alias's provisioned concurrency, read alike from context keys
 * (readDeployOptions) and from the ZegoTokenService construct's props of the same names.
 */
export function readApiOptions(
  r: Reader,
): Pick<DeployOptions, 'apiType' | 'provisionedConcurrency'> {
  return {
    apiType: r.choice<ApiType>('apiType', ['rest', 'http'], 'rest'),
    provisionedConcurrency: r.integer('provisionedConcurrency', 1, 10_000),
  };
}

/** Why provisionedConcurrency cannot go with reservedConcurrency; undefined when it can. */
export function provisionedConcurrencyProblem(
  provisioned: number | undefined,
  reserved: number | undefined,
): string | undefined {
  if (provisioned === undefined || reserved === undefined || provisioned <= reserved) return;
  return `must not exceed reservedConcurrency (${provisioned} > ${reserved})`;
}

/**
 * The stage names what the configuration leaves at its default: stack `ZegoTokenService-dev` and
 * API stage `dev` for `-c stage=dev`. An explicit stackName or stageName wins.
 */
export function applyStage(
  config: TokenServiceConfig,
  options: DeployOptions,
  get: ContextReader,
): TokenServiceConfig {
  const { stage } = options;
  if (stage === undefined) return config;
  const unset = (key: 'stackName' | 'stageName') => {
    const raw = get(key);
    return raw === undefined || raw === null || raw === '';
  };
  return {
    ...config,
    stackName: unset('stackName') ? `${CONTEXT_DEFAULTS.stackName}-${stage}` : config.stackName,
    stageName: unset('stageName') ? stage : config.stageName,
  };
}

/** Checks that go across keys. */
export function checkDeployOptions(config: TokenServiceConfig, options: DeployOptions): void {
  const problem = provisionedConcurrencyProblem(
    options.provisionedConcurrency,
    config.reservedConcurrency,
  );
  if (problem !== undefined) throw contextError('provisionedConcurrency', problem);
}

/** Keys in the app's namespace: plain identifiers (CDK's own keys have ':', '@' or '-'). */
const APP_KEY = /^[A-Za-z][A-Za-z0-9]*$/;

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The known key closest to `key`, when it is close enough to be a slip. */
export function closestKey(key: string): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const known of CONTEXT_KEYS) {
    const distance = editDistance(key.toLowerCase(), known.toLowerCase());
    if (best === undefined || distance < best.distance) best = { key: known, distance };
  }
  if (best === undefined) return undefined;
  return best.distance <= Math.max(2, Math.floor(best.key.length / 4)) ? best.key : undefined;
}

/** Refuses a context key in the app's namespace that the app does not read. */
export function assertKnownContextKeys(context: Record<string, unknown>): void {
  const known = new Set<string>(CONTEXT_KEYS);
  for (const key of Object.keys(context).sort()) {
    if (!APP_KEY.test(key) || known.has(key)) continue;
    const suggestion = closestKey(key);
    throw contextError(
      key,
      suggestion === undefined
        ? 'unknown key (the keys are listed in docs/deploy.md)'
        : `unknown key; did you mean "${suggestion}"?`,
    );
  }
}
