// cdk-zego-token-service: the package's entry point (infra/package.json; README.md beside it).
export { ConfigError } from '../functions/contract/env.ts';
export type { LogLevel } from './config.ts';
export { TokenApi, type TokenApiProps } from './constructs/token-api.ts';
export {
  TOKEN_RUNTIME,
  TokenFunction,
  type TokenFunctionProps,
} from './constructs/token-function.ts';
export { TokenHttpApi, type TokenHttpApiProps } from './constructs/token-http-api.ts';
export type { TokenMetricSource } from './constructs/token-metrics.ts';
export { ZegoTokenService } from './constructs/zego-token-service.ts';
export type { ZegoTokenServiceProps } from './constructs/zego-token-service-props.ts';
