// The function's environment from the template, with CloudFormation's intrinsic functions
// replaced by local stand-ins that agree with each other: the stack's secret becomes an ARN the
// local Secrets Manager stand-in answers for, the stack's app client becomes LOCAL_APP_CLIENT_ID
// (the client `invoke event` signs callers in with), pseudo parameters become the local account
// and region. A reference to anything else becomes "local-<LogicalId>", with a note.
import type { Template, TemplateValue } from './assembly.ts';
import { LOCAL_APP_CLIENT_ID, localIssuer, localUserPoolId } from './local-aws.ts';
import { secretArn } from './secrets-manager-stand-in.ts';

export interface LocalScope {
  region: string;
  accountId: string;
  stackName: string;
  template: Template;
  /** Told once per value that has no faithful local stand-in. */
  note: (line: string) => void;
}

/** A value that cannot be worked out locally; the message says which and why. */
export class UnresolvableValue extends Error {}

type Resolved = string | string[];

function asText(value: Resolved, where: string): string {
  if (Array.isArray(value)) throw new UnresolvableValue(`${where}: a list where a string belongs`);
  return value;
}

export class IntrinsicResolver {
  /** The same resource always stands for the same value (one ARN per secret per run). */
  private readonly memo = new Map<string, string>();

  constructor(private readonly scope: LocalScope) {}

  /** The text a variable's template value stands for locally. */
  text(value: TemplateValue, where: string): string {
    return asText(this.resolve(value, where), where);
  }

  private resolve(value: TemplateValue, where: string): Resolved {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (Array.isArray(value)) return value.map((item) => this.text(item, where));
    if (typeof value !== 'object' || value === null) {
      throw new UnresolvableValue(`${where}: ${JSON.stringify(value)} is not a value`);
    }
    const entries = Object.entries(value);
    const [name, arg] = entries[0] ?? [];
    if (entries.length !== 1 || name === undefined) {
      throw new UnresolvableValue(`${where}: an object where a string belongs`);
    }
    switch (name) {
      case 'Ref':
        return this.ref(String(arg), where);
      case 'Fn::GetAtt': {
        const [id, attribute] = Array.isArray(arg) ? arg.map(String) : String(arg).split('.', 2);
        return this.getAtt(String(id), String(attribute), where);
      }
      case 'Fn::Join': {
        const [separator, items] = arg as [string, TemplateValue];
        const list = this.resolve(items, where);
        return (Array.isArray(list) ? list : [list]).join(separator);
      }
      case 'Fn::Select': {
        const [index, items] = arg as [TemplateValue, TemplateValue];
        const list = this.resolve(items, where);
        const picked = Array.isArray(list) ? list[Number(this.text(index, where))] : undefined;
        if (picked === undefined) throw new UnresolvableValue(`${where}: Fn::Select out of range`);
        return picked;
      }
      case 'Fn::Split': {
        const [separator, source] = arg as [string, TemplateValue];
        return this.text(source, where).split(separator);
      }
      case 'Fn::Sub':
        return this.sub(arg, where);
      default:
        throw new UnresolvableValue(`${where}: ${name} has no local equivalent`);
    }
  }

  private pseudo(name: string): string | undefined {
    const { region, accountId, stackName } = this.scope;
    const values: Record<string, string> = {
      'AWS::Region': region,
      'AWS::AccountId': accountId,
      'AWS::Partition': 'aws',
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::StackName': stackName,
      'AWS::StackId': `arn:aws:cloudformation:${region}:${accountId}:stack/${stackName}/local`,
      'AWS::NoValue': '',
    };
    return values[name];
  }

  private remember(key: string, make: () => string): string {
    let value = this.memo.get(key);
    if (value === undefined) {
      value = make();
      this.memo.set(key, value);
    }
    return value;
  }

  private ref(id: string, where: string): string {
    const pseudo = this.pseudo(id);
    if (pseudo !== undefined) return pseudo;
    const { template, region } = this.scope;
    const parameter = template.Parameters?.[id];
    if (parameter !== undefined) {
      if (parameter.Default === undefined) {
        throw new UnresolvableValue(`${where}: parameter ${id} has no default`);
      }
      return String(parameter.Default);
    }
    const resource = template.Resources[id];
    if (resource === undefined) throw new UnresolvableValue(`${where}: no resource ${id}`);
    switch (resource.Type) {
      case 'AWS::SecretsManager::Secret':
        return this.remember(`secret:${id}`, () => {
          const name = resource.Properties?.Name;
          return secretArn(region, this.scope.accountId, typeof name === 'string' ? name : id);
        });
      case 'AWS::Cognito::UserPoolClient':
        return LOCAL_APP_CLIENT_ID;
      case 'AWS::Cognito::UserPool':
        return localUserPoolId(region);
      default:
        return this.remember(`ref:${id}`, () => {
          this.scope.note(
            `${where}: ${id} (${resource.Type}) has no local stand-in; set to "local-${id}" (override with --env)`,
          );
          return `local-${id}`;
        });
    }
  }

  private getAtt(id: string, attribute: string, where: string): string {
    const resource = this.scope.template.Resources[id];
    const { region, accountId } = this.scope;
    if (resource?.Type === 'AWS::SecretsManager::Secret') return this.ref(id, where);
    if (resource?.Type === 'AWS::Cognito::UserPool') {
      const poolId = localUserPoolId(region);
      const values: Record<string, string> = {
        Arn: `arn:aws:cognito-idp:${region}:${accountId}:userpool/${poolId}`,
        ProviderName: `cognito-idp.${region}.amazonaws.com/${poolId}`,
        ProviderURL: localIssuer(region),
        UserPoolId: poolId,
      };
      if (values[attribute] !== undefined) return values[attribute];
    }
    if (resource?.Type === 'AWS::Cognito::UserPoolClient' && attribute === 'ClientId') {
      return LOCAL_APP_CLIENT_ID;
    }
    if (resource === undefined) throw new UnresolvableValue(`${where}: no resource ${id}`);
    return this.remember(`getatt:${id}.${attribute}`, () => {
      this.scope.note(
        `${where}: ${id}.${attribute} (${resource.Type}) has no local stand-in; set to "local-${id}-${attribute}" (override with --env)`,
      );
      return `local-${id}-${attribute}`;
    });
  }

  private sub(arg: TemplateValue, where: string): string {
    const [source, variables] = Array.isArray(arg)
      ? (arg as [string, Record<string, TemplateValue>])
      : [String(arg), {}];
    return source.replace(/\$\{(!?)([^}]+)\}/g, (_all, literal: string, name: string) => {
      if (literal === '!') return `\${${name}}`;
      if (name in variables) return this.text(variables[name], where);
      const dot = name.indexOf('.');
      return dot < 0
        ? this.ref(name, where)
        : this.getAtt(name.slice(0, dot), name.slice(dot + 1), where);
    });
  }
}
