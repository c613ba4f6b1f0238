// The local stand-ins for what the deployed stack has in AWS, shared by `invoke event` (the caller
// it describes) and the invocation (the function's environment), so the defaults agree: a caller
// of "the stack's own app client" is a caller of LOCAL_APP_CLIENT_ID, which is what the
// template's reference to the app client becomes locally.
import type { Env } from '#contract/env.ts';

/** The account of every local ARN (the documentation's example account). */
export const LOCAL_ACCOUNT_ID = '123456789012';

/** What the template's app client (Ref to an AWS::Cognito::UserPoolClient) stands for locally. */
export const LOCAL_APP_CLIENT_ID = 'localappclient000000000000';

/** The local API's ID, as in `<apiId>.execute-api.<region>.amazonaws.com`. */
export const LOCAL_API_ID = 'localapi01';

/** The stack's API stage when none is configured (context key stageName). */
export const DEFAULT_STAGE = 'prod';

/** AWS_REGION, else AWS_DEFAULT_REGION, else us-east-1. */
export function localRegion(env: Env = process.env): string {
  const region = env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim();
  return region && /^[a-z]{2}(-[a-z]+)+-\d+$/.test(region) ? region : 'us-east-1';
}

/** What the template's user pool (Ref to an AWS::Cognito::UserPool) stands for locally. */
export function localUserPoolId(region: string): string {
  return `${region}_LocalPool`;
}

/** The issuer of the local user pool's tokens. */
export function localIssuer(region: string): string {
  return `https://cognito-idp.${region}.amazonaws.com/${localUserPoolId(region)}`;
}
