// A CloudFormation stand-in on 127.0.0.1 for the operator commands: the query protocol (form
// POST, XML answers) for DescribeStacks and ListStackResources. An unknown stack gets the real
// service's answer: 400 ValidationError "Stack with id X does not exist".
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeStack {
  status?: string;
  outputs: Record<string, string>;
  /** logical ID → [resource type, physical ID] */
  resources?: Record<string, [string, string]>;
}

export interface FakeCloudFormation {
  readonly url: string;
  readonly stacks: Map<string, FakeStack>;
  /** Actions received, in order. */
  readonly actions: string[];
  close(): Promise<void>;
}

const NS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function describe(name: string, stack: FakeStack): string {
  const outputs = Object.entries(stack.outputs)
    .map(
      ([k, v]) =>
        `<member><OutputKey>${xml(k)}</OutputKey><OutputValue>${xml(v)}</OutputValue></member>`,
    )
    .join('');
  return `<DescribeStacksResponse xmlns="${NS}"><DescribeStacksResult><Stacks><member>
<StackName>${xml(name)}</StackName><StackId>arn:aws:cloudformation:eu-west-1:123456789012:stack/${xml(name)}/1</StackId>
<CreationTime>2026-11-01T10:00:00.000Z</CreationTime><StackStatus>${stack.status ?? 'CREATE_COMPLETE'}</StackStatus>
<Outputs>${outputs}</Outputs></member></Stacks></DescribeStacksResult>
<ResponseMetadata><RequestId>fake-1</RequestId></ResponseMetadata></DescribeStacksResponse>`;
}

function resources(stack: FakeStack): string {
  const members = Object.entries(stack.resources ?? {})
    .map(
      ([logical, [type, physical]]) =>
        `<member><LogicalResourceId>${xml(logical)}</LogicalResourceId><PhysicalResourceId>${xml(physical)}</PhysicalResourceId><ResourceType>${xml(type)}</ResourceType><ResourceStatus>CREATE_COMPLETE</ResourceStatus><LastUpdatedTimestamp>2026-11-01T10:00:00.000Z</LastUpdatedTimestamp></member>`,
    )
    .join('');
  return `<ListStackResourcesResponse xmlns="${NS}"><ListStackResourcesResult><StackResourceSummaries>${members}</StackResourceSummaries></ListStackResourcesResult><ResponseMetadata><RequestId>fake-2</RequestId></ResponseMetadata></ListStackResourcesResponse>`;
}

function error(code: string, message: string): string {
  return `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xml(message)}</Message></Error><RequestId>fake-3</RequestId></ErrorResponse>`;
}

export async function startFakeCloudFormation(): Promise<FakeCloudFormation> {
  const state = {
    url: '',
    stacks: new Map<string, FakeStack>(),
    actions: [] as string[],
    close: async () => {},
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const action = form.get('Action') ?? '';
      const name = form.get('StackName') ?? '';
      state.actions.push(action);
      const stack = state.stacks.get(name);
      let status = 200;
      let body: string;
      if (action !== 'DescribeStacks' && action !== 'ListStackResources') {
        status = 400;
        body = error('InvalidAction', `unsupported action ${action}`);
      } else if (stack === undefined) {
        status = 400;
        body = error('ValidationError', `Stack with id ${name} does not exist`);
      } else {
        body = action === 'DescribeStacks' ? describe(name, stack) : resources(stack);
      }
      res.writeHead(status, {
        'Content-Type': 'text/xml',
        'Content-Length': Buffer.byteLength(body),
      });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}`;
  state.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}
