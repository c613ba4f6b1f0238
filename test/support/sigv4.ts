// Checks an AWS Signature Version 4 signature of a request as a server would: the canonical
// request, the string to sign and the signing key derived from the secret access key, written
// from AWS's published description of the algorithm with node:crypto alone (no SDK code).
import { createHash, createHmac } from 'node:crypto';

export interface SignedRequest {
  method: string;
  /** Path and query, as received. */
  path: string;
  /** Header values by lower-case name. */
  headers: Record<string, string>;
  body: string;
}

export interface SignatureCheck {
  /** The scope the request claims: access key, date, region, service. */
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  /** Whether the signature is the one the secret key gives for this request. */
  valid: boolean;
}

const sha256Hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string) =>
  createHmac('sha256', key).update(data, 'utf8').digest();

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;

/** URI-encodes each path segment as SigV4 does (unreserved characters kept). */
function canonicalPath(path: string): string {
  const encode = (segment: string) =>
    encodeURIComponent(decodeURIComponent(segment)).replace(
      /[!'()*]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
    );
  return path.split('/').map(encode).join('/') || '/';
}

function canonicalQuery(query: string): string {
  if (query === '') return '';
  return query
    .split('&')
    .map((pair) => pair.split('=').map((part) => encodeURIComponent(decodeURIComponent(part))))
    .sort(([a = '', b = ''], [c = '', d = '']) => (a === c ? b.localeCompare(d) : a < c ? -1 : 1))
    .map(([name = '', value = '']) => `${name}=${value}`)
    .join('&');
}

export function checkSigV4(request: SignedRequest, secretAccessKey: string): SignatureCheck {
  const match = AUTHORIZATION.exec(request.headers.authorization ?? '');
  if (match === null) throw new Error('no AWS4-HMAC-SHA256 Authorization header');
  const [, accessKeyId = '', date = '', region = '', service = '', headerList = '', signature] =
    match;
  const signedHeaders = headerList.split(';');
  const amzDate = request.headers['x-amz-date'] ?? '';
  const [path = '', query = ''] = request.path.split('?');
  const canonicalHeaders = signedHeaders
    .map((name) => `${name}:${(request.headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const payloadHash = request.headers['x-amz-content-sha256'] ?? sha256Hex(request.body);
  const canonicalRequest = [
    request.method,
    canonicalPath(path),
    canonicalQuery(query),
    canonicalHeaders,
    headerList,
    payloadHash,
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const key = hmac(
    hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service),
    'aws4_request',
  );
  const expected = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  return {
    accessKeyId,
    date,
    region,
    service,
    signedHeaders,
    valid: amzDate.startsWith(date) && expected === signature,
  };
}
