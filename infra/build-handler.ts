// `npm run build:handler`: builds the deployed handler bundles into infra/dist/ (infra/app.ts
// does the same before every synth).
import { buildDeployedHandlerBundles, handlerBundleDir } from './handler-bundle.ts';

await buildDeployedHandlerBundles();
console.log(`built ${handlerBundleDir(false)} and ${handlerBundleDir(true)}`);
