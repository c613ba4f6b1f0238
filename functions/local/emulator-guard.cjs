// Preloaded into the cognito-local child (node --require): its stdin is a pipe from the process
// that started it, so when that process goes away (even killed with SIGKILL) the pipe reaches
// end-of-file and the emulator removes its temporary folder and exits instead of living on as
// an orphan.
'use strict';
const { rmSync } = require('node:fs');

function leave() {
  const dir = process.env.ZEGO_EMULATOR_WORKDIR;
  if (dir) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {}
  }
  process.exit(0);
}

process.stdin.on('end', leave);
process.stdin.on('error', leave);
process.stdin.resume();
