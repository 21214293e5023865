import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from '../../../functions/core/zod.ts';
import { SERVICES } from '../../../functions/services/catalog.ts';
import { handler as listServices } from '../../../functions/services/list-services.handler.ts';
import { publishedFormSchema } from '../../../functions/services/form-meta.ts';
import { formPresentationSchema, type FormPresentation } from '../../../functions/services/presentation.ts';
import { choicesOf, covers, fieldPaths, kindOf, type JsonSchema } from '../../../web/src/forms/json-schema.ts';
import { call, httpEvent } from '../../support/events.ts';
import { neussConfig } from './resident-parking/fixtures.ts';

/**
 * The web app renders every service's form from its published JSON Schema and its presentation hints, so the hints
 * must fit the schema — for every service, also one added later: every field of the form is placed in exactly one
 * step, every enum value has a German label, every hint and condition names a field that exists, every fee key has a
 * name, and a widget is only put on a field it can edit.
 */
const services = Object.values(SERVICES);

function presentationProblems(service: { id: string; uploads: ReadonlyArray<{ kind: string }>; feeKeys: readonly string[]; presentation: FormPresentation }, schema: JsonSchema): string[] {
  const problems: string[] = [];
  const { presentation } = service;
  const fields = fieldPaths(schema);
  const byPath = new Map(fields.map((field) => [field.path, field]));
  const entries = presentation.steps.flatMap((step) => step.fields.map((path) => ({ step: step.id, path })));

  // Placement: every field outside arrays is in exactly one step (itself or a group above it).
  for (const entry of entries) {
    const field = byPath.get(entry.path);
    if (!field) problems.push(`step ${entry.step}: no field ${entry.path}`);
    else if (field.inArray) problems.push(`step ${entry.step}: ${entry.path} lies inside a list; place the list`);
  }
  for (const field of fields) {
    if (field.inArray || kindOf(field.schema) === 'object') continue;
    const placed = entries.filter((entry) => covers(entry.path, field.path));
    if (placed.length !== 1) problems.push(`${field.path}: placed in ${placed.length} steps (${placed.map((entry) => entry.step).join(', ') || 'none'})`);
  }
  const stepIds = presentation.steps.map((step) => step.id);
  if (new Set(stepIds).size !== stepIds.length) problems.push('step ids are not unique');

  // Task list: every step in exactly one section, and sections only for task lists.
  if (presentation.layout === 'task-list') {
    const inSections = (presentation.sections ?? []).flatMap((section) => section.steps);
    for (const id of stepIds) if (inSections.filter((step) => step === id).length !== 1) problems.push(`step ${id}: not in exactly one section`);
    for (const id of inSections) if (!stepIds.includes(id)) problems.push(`section names unknown step ${id}`);
  } else if (presentation.sections) problems.push('sections without the task-list layout');

  // Hints: every path, condition and address exists; widgets fit their fields.
  for (const [path, hint] of Object.entries(presentation.fields)) {
    const field = byPath.get(path);
    if (!field) {
      problems.push(`hint for unknown field ${path}`);
      continue;
    }
    if (hint.showWhen && !byPath.has(hint.showWhen.field)) problems.push(`${path}: condition on unknown field ${hint.showWhen.field}`);
    if (hint.addressFrom && kindOf(byPath.get(hint.addressFrom)?.schema ?? {}) !== 'object') problems.push(`${path}: addressFrom ${hint.addressFrom} is no address`);
    const kind = kindOf(field.schema);
    const widgetFits: Record<string, boolean> = {
      checkbox: kind === 'boolean',
      'yes-no': kind === 'boolean',
      radio: kind === 'choice',
      select: kind === 'choice',
      checkboxes: kind === 'array' && field.schema.items !== undefined && choicesOf(field.schema.items) !== undefined,
      date: kind === 'string' && field.schema.format === 'date',
      number: kind === 'integer' || kind === 'number',
      text: kind === 'string',
      textarea: kind === 'string',
      upload: kind === 'string',
      'parking-zone': kind === 'string',
      'business-id': kind === 'string',
      hidden: true,
    };
    if (hint.widget && !widgetFits[hint.widget]) problems.push(`${path}: widget ${hint.widget} does not fit a ${kind}`);
    if (hint.widget === 'upload' && !service.uploads.some((upload) => upload.kind === hint.uploadKind)) problems.push(`${path}: upload kind ${hint.uploadKind} is not one of the service's uploads`);
  }

  // German labels for every value to choose from (also in lists of choices, ticked as checkboxes).
  for (const field of fields) {
    const hint = presentation.fields[field.path];
    // The items of a list of choices are labelled at the list, which offers them as checkboxes.
    if (hint?.widget === 'hidden' || field.path.endsWith('/*')) continue;
    const kind = kindOf(field.schema);
    const values = kind === 'choice' ? choicesOf(field.schema) : kind === 'array' && field.schema.items ? choicesOf(field.schema.items) : undefined;
    if (!values) continue;
    for (const value of values) if (!hint?.labels?.[String(value)]) problems.push(`${field.path}: no label for ${JSON.stringify(value)}`);
  }

  for (const key of service.feeKeys) if (!presentation.feeLabels[key]) problems.push(`fee key ${key}: no name`);
  return problems;
}

const ddb = mockClient(DynamoDBDocumentClient);
/** What `GET /services` publishes for a tenant that offers every service. */
let published: Array<{ id: string; formSchema: JsonSchema; presentation: FormPresentation }>;

beforeAll(async () => {
  ddb.reset();
  ddb.on(GetCommand).resolves({ Item: { PK: 'neuss#TENANT', SK: 'CONFIG', version: 1, config: neussConfig({ enabledServices: Object.keys(SERVICES) }) } });
  const result = await call(listServices, httpEvent({ routeKey: 'GET /services', caller: { tenantId: 'neuss', roles: ['citizen'] } }));
  expect(result.statusCode).toBe(200);
  published = result.body.items;
});

describe('presentation hints of every service', () => {
  it('are published by GET /services with the JSON Schema of every form', () => {
    expect(published.map((item) => item.id).sort()).toEqual(Object.keys(SERVICES).sort());
    for (const item of published) {
      expect(item.presentation, item.id).toEqual(SERVICES[item.id]!.presentation);
      expect(item.formSchema, item.id).toEqual(publishedFormSchema(SERVICES[item.id]!.formSchema));
    }
  });

  it.each(services.map((service) => [service.id, service] as const))('%s: the hints are well-formed and fit the published form', (id, service) => {
    expect(z.safeParse(formPresentationSchema, service.presentation).success).toBe(true);
    const item = published.find((candidate) => candidate.id === id)!;
    expect(presentationProblems({ ...service, presentation: item.presentation }, item.formSchema)).toEqual([]);
  });

  it('finds the problems it looks for (a field in no step, one in two, a missing label, an unknown hint)', () => {
    const service = SERVICES['resident-parking']!;
    const broken: FormPresentation = {
      ...service.presentation,
      steps: [
        { id: 'eins', title: 'Eins', fields: ['applicant', 'residence/street', 'residence'] },
        { id: 'zwei', title: 'Zwei', fields: ['plate', 'vehicle', 'zoneId', 'validityMonths', 'renewalOf', 'consent', 'nichtda'] },
      ],
      fields: { ...service.presentation.fields, validityMonths: { widget: 'radio', labels: { '6': '6 Monate' } }, 'vehicle/gewicht': { hint: 'x' }, consent: { widget: 'date' } },
    };
    expect(presentationProblems({ ...service, presentation: broken }, publishedFormSchema(service.formSchema) as JsonSchema)).toEqual(
      expect.arrayContaining([
        'step zwei: no field nichtda',
        'residence/street: placed in 2 steps (eins, eins)',
        'registeredAtAddressSince: placed in 0 steps (none)',
        'hint for unknown field vehicle/gewicht',
        'consent: widget date does not fit a boolean',
        'validityMonths: no label for 12',
      ]),
    );
  });
});
