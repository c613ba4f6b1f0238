// Bundled in place of @smithy/core's checksum/crc32/Crc32Node.js (an esbuild file replacement,
// infra/bundling.ts): the original loads node:zlib at init for its crc32, used by flexible
// request checksums (S3 and the like); GetSecretValue computes none. A stand-in that throws if
// it ever were used.

export class Crc32Node {
  constructor() {
    throw new Error('CRC32 checksums are not in the Lambda bundle (GetSecretValue uses none)');
  }
}
