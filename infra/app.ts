// CDK app entry point (cdk.json runs it with tsx). Configuration: README, "Configuration".
import { App } from 'aws-cdk-lib';
import { buildTokenServiceApp } from './build-app.ts';

const app = new App();
buildTokenServiceApp(app);
app.synth();
