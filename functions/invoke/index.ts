// `#invoke`: what a team's own tests use to invoke the deployed function locally (README "Local
// invocation tests", docs/local-invocation.md): build an event as API Gateway passes it, and
// invoke the synthesized bundle with it on the Lambda runtime's Node.
export type { ApiKind } from './api-gateway-events.ts';
export { type ApiGatewayEvent, buildEvent, DEFAULT_SUB, type EventSpec } from './event-command.ts';
export {
  type InvokeOptions,
  type InvokeOutcome,
  invokeFunction,
  type ProxyResponse,
} from './invoke.ts';
export { LOCAL_APP_CLIENT_ID } from './local-aws.ts';
export type { InvokeReport, InvokeStatus } from './runtime.ts';
