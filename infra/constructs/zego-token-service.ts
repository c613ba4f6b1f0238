import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IRestApi, Method, Resource, Stage } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  type IHttpApi,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alias, type IFunction } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { LIVE_ALIAS, METRICS_NAMESPACE, SERVICE_NAME } from '../../functions/contract/service.ts';
import { warnIfClaimUnlocked } from '../user-id-claim.ts';
import { acknowledgeFinding } from './acknowledge.ts';
import { RateLimitWaf } from './rate-limit-waf.ts';
import { TokenApi } from './token-api.ts';
import { TokenFunction } from './token-function.ts';
import { cognitoJwtAuthorizer, TokenHttpApi } from './token-http-api.ts';
import type { TokenMetricSource } from './token-metrics.ts';
import { addProblemGatewayResponses, addTokenRoute } from './token-route.ts';
import { ZegoSecret, zegoSecretBinding } from './zego-secret.ts';
import {
  type ResolvedProps,
  resolveProps,
  type ZegoTokenServiceProps,
} from './zego-token-service-props.ts';

/**
 * The ZEGOCLOUD token service as one construct: a Lambda function (nodejs24.x, ARM64, the prebuilt
 * bundle) that issues Token04 tokens to users signed in with the given Cognito user pool, reading
 * the ZEGO AppID and ServerSecret from one Secrets Manager secret, behind `POST /token` on an API:
 * added to the team's REST or HTTP API, or on an API of its own.
 */
export class ZegoTokenService extends Construct {
  /** The token function. */
  readonly function: TokenFunction;
  /** The secret the function reads. */
  readonly secret: ISecret;
  /** The `live` alias the API invokes, with `provisionedConcurrency`. */
  readonly liveAlias: Alias | undefined;
  /** Where the function publishes its metrics (namespace and `service` dimension). */
  readonly metrics: TokenMetricSource;
  /** The REST API `POST /token` is on (given or created), if REST. */
  readonly restApi: IRestApi | undefined;
  /** The HTTP API `POST /token` is on (given or created), if HTTP. */
  readonly httpApi: IHttpApi | undefined;
  /** The API the construct created when given none: REST ... */
  readonly tokenApi: TokenApi | undefined;
  /** ... or HTTP (`apiType: 'http'`). */
  readonly tokenHttpApi: TokenHttpApi | undefined;
  /** REST: the `/token` resource and its POST method. */
  readonly tokenResource: Resource | undefined;
  readonly tokenMethod: Method | undefined;
  /** HTTP: the `POST /token` route. */
  readonly tokenRoute: HttpRoute | undefined;
  private readonly tokenUrlValue: () => string;

  constructor(scope: Construct, id: string, props: ZegoTokenServiceProps) {
    super(scope, id);
    const settings = resolveProps(props);
    const logRetention = settings.logRetentionDays as RetentionDays;
    const logRemovalPolicy =
      settings.logRemoval === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    this.metrics = {
      namespace: METRICS_NAMESPACE,
      serviceName: settings.serviceName ?? SERVICE_NAME,
    };

    this.secret =
      props.secret ??
      new ZegoSecret(this, 'ZegoSecret', {
        config: { kind: 'create' },
        encryptionKey: props.secretEncryptionKey,
      }).secret;
    const clients = props.userPoolClients;
    warnIfClaimUnlocked(this, settings.policy.userIdClaim, clients);
    const clientIds = clients.map((client) => client.userPoolClientId);

    this.function = new TokenFunction(this, 'TokenFunction', {
      description: 'Issues ZEGOCLOUD tokens to signed-in Cognito users',
      memorySize: settings.memorySizeMb,
      reservedConcurrentExecutions: settings.reservedConcurrency,
      logRetention,
      logRemovalPolicy,
      logLevel: settings.logLevel,
      sourceMaps: settings.sourceMaps,
      serviceName: this.metrics.serviceName,
      metricsNamespace: this.metrics.namespace,
    })
      .readZegoSecret(
        zegoSecretBinding(this.secret, props.secretEncryptionKey ?? this.secret.encryptionKey),
      )
      .enforceTokenPolicy(settings.policy, clientIds)
      .allowCorsOrigins(settings.corsOrigins);

    this.liveAlias =
      settings.provisionedConcurrency === undefined
        ? undefined
        : new Alias(this, 'LiveAlias', {
            aliasName: LIVE_ALIAS,
            version: this.function.currentVersion,
            provisionedConcurrentExecutions: settings.provisionedConcurrency,
            description: 'Version the API invokes, with provisioned concurrency (no cold starts)',
          });
    const handler: IFunction = this.liveAlias ?? this.function;

    const target = settings.target;
    this.tokenApi = undefined;
    this.tokenHttpApi = undefined;
    this.tokenResource = undefined;
    this.tokenMethod = undefined;
    this.tokenRoute = undefined;
    this.restApi = undefined;
    this.httpApi = undefined;
    switch (target.kind) {
      case 'own-rest': {
        const api = this.ownRestApi(props, settings, handler, { logRetention, logRemovalPolicy });
        this.tokenApi = api;
        this.restApi = api.api;
        this.tokenResource = api.tokenResource;
        this.tokenMethod = api.tokenMethod;
        this.tokenUrlValue = () => api.api.urlForPath(api.tokenResource.path);
        break;
      }
      case 'own-http': {
        const api = new TokenHttpApi(this, 'TokenHttpApi', {
          handler,
          userPoolId: props.userPool.userPoolId,
          audience: clientIds,
          apiName: settings.apiName ?? Stack.of(this).stackName,
          stageName: settings.stageName,
          corsOrigins: settings.corsOrigins,
          throttleRateLimit: settings.throttleRateLimit,
          throttleBurstLimit: settings.throttleBurstLimit,
          logRetention,
          logRemovalPolicy,
        });
        this.tokenHttpApi = api;
        this.httpApi = api.api;
        this.tokenUrlValue = () => api.tokenEndpoint;
        break;
      }
      case 'rest': {
        const restApi = target.restApi;
        if (props.problemGatewayResponses === true) {
          addProblemGatewayResponses(this, restApi, settings.corsOrigins, true);
        }
        const route = addTokenRoute({
          restApi,
          parent: props.parentResource ?? restApi.root,
          handler,
          userPool: props.userPool,
          corsOrigins: settings.corsOrigins,
          authorizerScope: this,
          modelScope: this,
        });
        this.restApi = restApi;
        this.tokenResource = route.resource;
        this.tokenMethod = route.method;
        this.tokenUrlValue = () => restStageOf(restApi).urlForPath(route.resource.path);
        break;
      }
      case 'http': {
        const httpApi = target.httpApi;
        this.tokenRoute = new HttpRoute(this, 'TokenRoute', {
          httpApi,
          routeKey: HttpRouteKey.with('/token', HttpMethod.POST),
          integration: new HttpLambdaIntegration('TokenIntegration', handler),
          authorizer: cognitoJwtAuthorizer(this, {
            // Created in the team's API: an ID of its own there.
            id: `ZegoTokenJwt${this.node.addr.slice(0, 8)}`,
            authorizerName: 'zego-token-cognito',
            userPoolId: props.userPool.userPoolId,
            audience: clientIds,
          }),
        });
        this.httpApi = httpApi;
        // The $default stage's URL (HttpApi.url), else the API endpoint (a $default stage).
        const base = httpApi instanceof HttpApi ? httpApi.url : undefined;
        this.tokenUrlValue = () =>
          base === undefined ? `${httpApi.apiEndpoint}/token` : `${base}token`;
        break;
      }
    }
  }

  /** The URL clients POST to (`https://.../<stage>/token`, or under `parentResource`). */
  get tokenUrl(): string {
    return this.tokenUrlValue();
  }

  /** The REST API the construct creates: today's stack's, with WAF or its acknowledgement. */
  private ownRestApi(
    props: ZegoTokenServiceProps,
    settings: ResolvedProps,
    handler: IFunction,
    logs: { logRetention: RetentionDays; logRemovalPolicy: RemovalPolicy },
  ): TokenApi {
    const api = new TokenApi(this, 'TokenApi', {
      handler,
      userPool: props.userPool,
      restApiName: settings.apiName,
      stageName: settings.stageName,
      corsOrigins: settings.corsOrigins,
      throttleRateLimit: settings.throttleRateLimit,
      throttleBurstLimit: settings.throttleBurstLimit,
      ...logs,
      cloudWatchRole: settings.apiGatewayCloudWatchRole,
    });
    const stage = api.api.deploymentStage;
    if (settings.wafEnabled) {
      new RateLimitWaf(this, 'Waf', { stage, limit: settings.wafRateLimit });
    } else {
      acknowledgeFinding(
        stage,
        'AwsSolutions-APIG3',
        'WAF is optional by configuration (enableWaf, fixed monthly cost): without it the API is ' +
          'still protected by the Cognito authorizer, stage throttling and the request ' +
          'validator. Set enableWaf=true for a per-IP rate-based rule.',
      );
    }
    return api;
  }
}

/** The stage of a team's REST API, for the token URL. */
function restStageOf(restApi: IRestApi): Stage {
  let stage: Stage | undefined;
  try {
    stage = restApi.deploymentStage;
  } catch {
    stage = undefined;
  }
  if (stage === undefined) {
    throw new Error(
      `ZegoTokenService: the REST API ${restApi.node.path} has no deploymentStage, so tokenUrl ` +
        'is unknown; set its deploymentStage, or build the URL from your stage and "/token"',
    );
  }
  return stage;
}
