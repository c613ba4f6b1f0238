// The cold-request and burst harness measures what it claims (nothing here is timed): its child
// really imports the deployed bundle and answers 200 with a token made from the stand-in's
// secret, fetched once by a signed GetSecretValue, on the system Node and on Node 24; its marks
// give a breakdown whose phases add up to the child's own time; a failing child is an error,
// not a figure.
import { spawnSync } from 'node:child_process';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerBundleDir } from '../../infra/constructs/handler-bundle-dir.ts';
import { PROJECT_ROOT } from '../../infra/handler-bundle.ts';
import { withDeployedBundle } from '../bench/bundle.ts';
import {
  BARE_FETCH_DRIVER,
  type ColdRun,
  coldPhases,
  HANDLER_DRIVER,
  runCold,
} from '../bench/cold-child.ts';
import { COLD_SECRET_NAME, coldEnv, coldSecretString } from '../bench/cold-request.ts';
import { restTokenEvent } from '../bench/fixtures.ts';
import { coldRuntimes } from '../bench/runtimes.ts';
import {
  type FakeSecretsManager,
  startFakeSecretsManager,
} from '../support/fake-secrets-manager.ts';

let fake: FakeSecretsManager;

beforeAll(async () => {
  fake = await startFakeSecretsManager({
    secretName: COLD_SECRET_NAME,
    secretString: coldSecretString(),
  });
});
afterAll(async () => {
  await fake.close();
});

const runtimes = coldRuntimes();
const event = JSON.stringify(restTokenEvent());

describe('cold request harness', () => {
  it('takes the system Node from PATH outside node_modules/.bin, and Node 24', () => {
    expect(runtimes.map((r) => r.suffix)).toEqual(['', '_node24']);
    expect(runtimes[0]?.path).not.toContain(`${sep}node_modules${sep}.bin${sep}`);
    expect(runtimes[1]?.version).toMatch(/^v24\./);
  });

  it.each(runtimes)(
    'runs the deployed bundle to a 200 on $version, one signed fetch, phases marked',
    async (runtime) => {
      const run: ColdRun = await withDeployedBundle((file, flags) =>
        runCold(runtime.path, ['-e', HANDLER_DRIVER, file, event], coldEnv(fake.url), flags),
      );
      expect(fake.calls).toHaveLength(1);
      expect(fake.calls[0]?.target).toBe('secretsmanager.GetSecretValue');
      expect(fake.calls[0]?.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=ASIABENCH/);
      expect(run.cpuMs).toBeGreaterThan(0);
      expect(run.wallMs).toBeGreaterThan(run.innerMs);
      const phases = coldPhases(run);
      for (const phase of ['start', 'import', 'secret', 'secretHttp', 'handler', 'exit'] as const) {
        expect(phases[phase], phase).toBeGreaterThan(0);
      }
      // The phases follow each other: import, then the first GetSecretValue, then the answer.
      expect((phases.import ?? 0) + (phases.secret ?? 0) + (phases.handler ?? 0)).toBeCloseTo(
        run.innerMs,
        6,
      );
      expect(phases.secretHttp).toBeLessThan(phases.secret ?? 0);
      fake.reset(coldSecretString());
    },
    60_000,
  );

  it('times the bare fetch baseline with the same marks (no SDK, unsigned)', async () => {
    const run = await runCold(
      runtimes[0]?.path ?? process.execPath,
      ['-e', BARE_FETCH_DRIVER],
      coldEnv(fake.url),
    );
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]?.authorization).toBeUndefined();
    const phases = coldPhases(run);
    expect(phases.import).toBeUndefined();
    expect(phases.secretHttp).toBeGreaterThan(0);
    expect(phases.request).toBeGreaterThan(phases.secretHttp ?? 0);
    fake.reset(coldSecretString());
  });

  it('rejects when the handler does not answer 200 (here: a binary secret)', async () => {
    fake.reset(undefined); // a binary secret: the handler cannot use it and answers 5xx
    await expect(
      withDeployedBundle((file, flags) =>
        runCold(
          runtimes[1]?.path ?? process.execPath,
          ['-e', HANDLER_DRIVER, file, event],
          coldEnv(fake.url),
          flags,
        ),
      ),
    ).rejects.toThrow(/cold child failed \(exit 4\)/);
    fake.reset(coldSecretString());
  }, 60_000);

  it('compares bundle directories interleaved, a line of figures per bundle and Node', () => {
    const run = spawnSync(
      join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'),
      [join(PROJECT_ROOT, 'test', 'bench', 'compare.ts'), '--runs', '1', handlerBundleDir(false)],
      { encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);
    for (const runtime of runtimes) {
      expect(run.stdout).toContain(`${runtime.version}  ${handlerBundleDir(false)}\n`);
    }
    const figures = run.stdout.match(
      /^ {2}wall -?[\d.]+ {2}cpu -?[\d.]+ \/ -?[\d.]+ {2}import [\d.]+ {2}first GetSecretValue [\d.]+$/gm,
    );
    expect(figures).toHaveLength(2);
  }, 60_000);
});
