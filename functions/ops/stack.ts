// Where the deployed pieces are: the stack's outputs (CloudFormation DescribeStacks, the names
// infra/token-service-stack.ts gives its CfnOutputs), each overridable by an option so the same
// commands run against the local stack. Clients are built the standard SDK way (region,
// credentials, AWS_ENDPOINT_URL_<SERVICE> from the environment), with --region on top.
import { readFileSync } from 'node:fs';
import {
  CloudFormationClient,
  DescribeStacksCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import { DEFAULT_STACK_NAME } from '#contract/service.ts';
import { awsErrorName, awsFailure, OpsError } from './io.ts';

/** Options every command that reads the stack accepts (node:util parseArgs form). */
export const STACK_OPTIONS = {
  stack: { type: 'string' },
  region: { type: 'string' },
} as const;

export const STACK_HELP = `  --stack NAME           CloudFormation stack (default: cdk.json context stackName, else ${DEFAULT_STACK_NAME})
  --region REGION        AWS region (default: the SDK's: AWS_REGION, the profile…)`;

/** Stack outputs used by the commands, by the CfnOutput names of infra/token-service-stack.ts. */
export const OUTPUTS = {
  tokenEndpoint: 'TokenEndpoint',
  apiUrl: 'ApiUrl',
  userPoolId: 'UserPoolId',
  clientId: 'UserPoolClientId',
  secretId: 'SecretArn',
} as const;
export type OutputKey = keyof typeof OUTPUTS;

/** The option that overrides each output. */
export const OVERRIDE_OPTION: Record<OutputKey, string> = {
  tokenEndpoint: 'endpoint',
  apiUrl: 'api-url',
  userPoolId: 'user-pool-id',
  clientId: 'client-id',
  secretId: 'secret-id',
};

export interface StackRef {
  stackName: string;
  region: string | undefined;
}

/** Stack name: --stack, else cdk.json's context.stackName, else the CDK app's default. */
export function stackRef(values: { stack?: string; region?: string }): StackRef {
  if (values.stack) return { stackName: values.stack, region: values.region };
  let fromContext: unknown;
  try {
    const cdkJson = JSON.parse(
      readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'),
    ) as { context?: { stackName?: unknown } };
    fromContext = cdkJson.context?.stackName;
  } catch {
    fromContext = undefined;
  }
  return {
    stackName: typeof fromContext === 'string' ? fromContext : DEFAULT_STACK_NAME,
    region: values.region,
  };
}

export function cloudFormationClient(ref: StackRef): CloudFormationClient {
  return new CloudFormationClient({
    ...(ref.region ? { region: ref.region } : {}),
    maxAttempts: 3,
  });
}

export interface StackInfo {
  status: string | undefined;
  outputs: Record<string, string>;
}

/** DescribeStacks; an unknown stack is a clear OpsError naming the stack and region. */
export async function describeStack(ref: StackRef): Promise<StackInfo> {
  const client = cloudFormationClient(ref);
  try {
    const out = await client.send(new DescribeStacksCommand({ StackName: ref.stackName }));
    const stack = out.Stacks?.[0];
    if (stack === undefined) throw new OpsError(`stack "${ref.stackName}" not found`);
    const outputs: Record<string, string> = {};
    for (const o of stack.Outputs ?? []) {
      if (o.OutputKey && o.OutputValue !== undefined) outputs[o.OutputKey] = o.OutputValue;
    }
    return { status: stack.StackStatus, outputs };
  } catch (error) {
    if (error instanceof OpsError) throw error;
    if (
      awsErrorName(error) === 'ValidationError' &&
      /does not exist/.test(String((error as Error).message))
    ) {
      const region = ref.region ?? (await client.config.region().catch(() => 'the default region'));
      throw new OpsError(
        `stack "${ref.stackName}" does not exist in ${region} (deployed? pass --stack NAME / --region REGION)`,
      );
    }
    throw awsFailure(`DescribeStacks ${ref.stackName}`, error);
  } finally {
    client.destroy();
  }
}

/**
 * The values a command needs: from options when given, else from the stack's outputs (one
 * DescribeStacks, only when an option is missing).
 */
export async function resolveOutputs<K extends OutputKey>(
  ref: StackRef,
  values: Record<string, unknown>,
  needed: readonly K[],
): Promise<Record<K, string>> {
  const result = {} as Record<K, string>;
  const missing: K[] = [];
  for (const key of needed) {
    const given = values[OVERRIDE_OPTION[key]];
    if (typeof given === 'string' && given !== '') result[key] = given;
    else missing.push(key);
  }
  if (missing.length === 0) return result;
  const { outputs } = await describeStack(ref);
  for (const key of missing) {
    const value = outputs[OUTPUTS[key]];
    if (value === undefined) {
      throw new OpsError(
        `stack "${ref.stackName}" has no output ${OUTPUTS[key]}; pass --${OVERRIDE_OPTION[key]}`,
      );
    }
    result[key] = value;
  }
  return result;
}

/** The token function's name: --function-name, else the stack's TokenFunction resource. */
export async function resolveFunctionName(ref: StackRef, given: unknown): Promise<string> {
  if (typeof given === 'string' && given !== '') return given;
  const client = cloudFormationClient(ref);
  try {
    let next: string | undefined;
    do {
      const page = await client.send(
        new ListStackResourcesCommand({ StackName: ref.stackName, NextToken: next }),
      );
      const found = page.StackResourceSummaries?.find(
        (r) =>
          r.ResourceType === 'AWS::Lambda::Function' &&
          r.LogicalResourceId?.startsWith('TokenFunction') &&
          r.PhysicalResourceId,
      );
      if (found?.PhysicalResourceId) return found.PhysicalResourceId;
      next = page.NextToken;
    } while (next);
  } catch (error) {
    throw awsFailure(`ListStackResources ${ref.stackName}`, error);
  } finally {
    client.destroy();
  }
  throw new OpsError(`no token function in stack "${ref.stackName}"; pass --function-name`);
}
