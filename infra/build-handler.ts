// `npm run build:handler`: builds the deployed handler bundles into infra/dist/ (infra/app.ts
// does the same before every synth).
import { handlerBundleDir } from './constructs/handler-bundle-dir.ts';
import { buildDeployedHandlerBundles } from './handler-bundle.ts';

await buildDeployedHandlerBundles();
console.log(`built ${handlerBundleDir(false)} and ${handlerBundleDir(true)}`);
