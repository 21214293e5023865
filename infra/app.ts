#!/usr/bin/env node
import { createOpenKreisApp } from './openkreis-app.ts';
import { buildWeb } from './local/web-build.ts';

// `cdk synth` / `cdk deploy 'dev/*'` enter here (see cdk.json). The web stack uploads `web/dist`: build it first, so
// that a deployment always carries the app of the code it deploys.
await buildWeb();
createOpenKreisApp().app.synth();
