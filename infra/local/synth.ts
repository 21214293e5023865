import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOpenKreisApp } from '../openkreis-app.ts';
import type { CloudFormationTemplate } from './emulators/template.ts';

/** The fake account of the local platform: names that contain the account resolve to plain strings. */
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_STAGE = 'dev';
/** The web stack's input: locally the app is served from `web/dist` by the runtime itself, never deployed. */
export const WEB_STAND_IN = fileURLToPath(new URL('./web-stand-in/', import.meta.url));

export interface LocalTemplates {
  data: CloudFormationTemplate;
  /** The stateless stacks (API, route stacks, workflows), merged: the local runtime serves them as one. */
  services: CloudFormationTemplate;
}

/**
 * Synthesizes the dev stage exactly as `cdk synth` does, but in-process, without bundling the functions (the local
 * runtime imports their sources) and without copying assets into the assembly (nothing is uploaded; the web stack's
 * deployment alone would copy ~25 MB per start): the local platform is built from the same templates that `cdk deploy`
 * deploys.
 */
export function synthesizeForLocal(): LocalTemplates {
  const outdir = mkdtempSync(path.join(tmpdir(), 'openkreis-synth-'));
  try {
    const { stages } = createOpenKreisApp({ account: LOCAL_ACCOUNT, outdir, webDist: WEB_STAND_IN, context: { 'aws:cdk:bundling-stacks': [], 'aws:cdk:disable-asset-staging': true } });
    const stage = stages[LOCAL_STAGE];
    const assembly = stage.synth();
    return {
      data: assembly.getStackByName(stage.data.stackName).template as CloudFormationTemplate,
      services: mergeTemplates(...stage.statelessStacks.map((stack) => assembly.getStackByName(stack.stackName).template as CloudFormationTemplate)),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Resources of several stacks in one template (logical ids are unique across the app's stacks). */
export function mergeTemplates(...templates: CloudFormationTemplate[]): CloudFormationTemplate {
  const Resources: NonNullable<CloudFormationTemplate['Resources']> = {};
  for (const template of templates) {
    for (const [id, resource] of Object.entries(template.Resources ?? {})) {
      if (Resources[id]) throw new Error(`Logical id ${id} exists in two stacks`);
      Resources[id] = resource;
    }
  }
  return { Resources };
}
