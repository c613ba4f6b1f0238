// Runs after `npm ci` / `npm install` (the root package's postinstall). npm links every
// dependency's bin into node_modules/.bin and puts that folder first on PATH for npm scripts, so
// the Node 24 binary package (node-<os>-<cpu>, installed for what runs the deployed bundle:
// `npm run invoke`, the bench, the bundle tests) would silently replace the Node you installed
// for every npm script. This removes that one link: npm scripts keep your Node, and the code that
// runs the bundle finds Node 24 itself (functions/invoke/lambda-node.ts).
import { lstatSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const NODE_PACKAGE = /node-(linux|darwin|win)-[a-z0-9]+[\\/]bin[\\/]node/;
const bin = join('node_modules', '.bin');

for (const name of ['node', 'node.cmd', 'node.ps1']) {
  const path = join(bin, name);
  let target;
  try {
    target = lstatSync(path).isSymbolicLink() ? readlinkSync(path) : readFileSync(path, 'utf8');
  } catch {
    continue;
  }
  if (NODE_PACKAGE.test(target)) rmSync(path);
}
