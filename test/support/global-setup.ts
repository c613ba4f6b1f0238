// Once per `npm test`: build the deployed handler bundles (infra/handler-bundle.ts) as infra/app.ts
// does before `cdk synth`, so the infra tests stage, and the bundle tests run, today's code.
import { buildDeployedHandlerBundles } from '../../infra/handler-bundle.ts';

export default async function setup(): Promise<void> {
  await buildDeployedHandlerBundles();
}
