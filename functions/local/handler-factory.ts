// What the local stack runs behind its gateway: any Lambda handler that takes a REST v1 proxy
// event, made by a factory from the function's environment and the app secret.
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';

/** Any Lambda handler that accepts a REST v1 proxy event (the real one also accepts v2). */
export type ProxyHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<unknown>;

export interface HandlerFactoryInput {
  /** Environment for readHandlerConfig (local defaults applied). */
  env: Record<string, string | undefined>;
  secret: { appId: number; serverSecret: string };
  /** Keep the handler's own logs quiet (tests). */
  quiet: boolean;
}

export type HandlerFactory = (input: HandlerFactoryInput) => ProxyHandler | Promise<ProxyHandler>;
