// Bundled in place of @aws-sdk/credential-provider-node (an esbuild alias, infra/bundling.ts): in
// Lambda the execution role's credentials are always in the environment (AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), so the rest of the default chain (SSO, ini files,
// credential_process, web identity, ECS/EC2 metadata and the STS/SSO clients they carry) can
// never answer there and is only code to load. Local runs and the CLI keep the full chain.
import { fromEnv } from '@aws-sdk/credential-provider-env';

/** The one export of @aws-sdk/credential-provider-node that the client's runtime config uses. */
export function defaultProvider(
  init: Parameters<typeof fromEnv>[0] = {},
): ReturnType<typeof fromEnv> {
  return fromEnv(init);
}
