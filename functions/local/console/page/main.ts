/// <reference lib="dom" />
// The developer console's page script, bundled by the local server with esbuild
// (functions/local/console/assets.ts) together with the client kit it imports.
import { setUpGeneratePanel } from './generate-panel.ts';
import { setUpInspectPanel } from './inspect-panel.ts';
import { setUpIssuePanel } from './issue-panel.ts';
import { setUpRenewalPanel } from './renewal-panel.ts';
import { setUpSession } from './session.ts';
import { startCountdowns } from './token-view.ts';
import { setUpVerifyPanel } from './verify-panel.ts';

const session = setUpSession();
setUpIssuePanel(session);
setUpGeneratePanel(session);
setUpVerifyPanel(session);
setUpInspectPanel();
setUpRenewalPanel(session);
startCountdowns();
document.body.dataset.ready = 'true';
