#!/usr/bin/env node
import { createOpenKreisApp } from './openkreis-app.ts';

// `cdk synth` / `cdk deploy 'dev/*'` enter here (see cdk.json).
createOpenKreisApp().app.synth();
