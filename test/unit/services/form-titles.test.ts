import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler as listServices } from '../../../functions/services/list-services.handler.ts';
import { SERVICES } from '../../../functions/services/catalog.ts';
import { call, httpEvent } from '../../support/events.ts';
import { neussConfig } from './resident-parking/fixtures.ts';

/**
 * Forms are generated from the JSON Schema `GET /services` publishes, so every field's title is what a citizen reads
 * above the input. This reads the published schema of every service and checks every field (at any depth, in array
 * items and in each variant of a union) against these rules:
 *
 * 1. Every field has a German title: not empty, not the field's key, no identifier (camelCase, snake_case), starting
 *    with a capital letter; the form itself has one.
 * 2. A title fits the time its path speaks of. A title that says "neu…" needs a key on its path that says `new…`; a
 *    title that says "bisherig…", "früher…", "vorherig…", "ehemalig…" or "alt…" needs a key that says `old…`,
 *    `previous…`, `former…` or `prior…`. A key that says `old/previous/…` needs a title that says so, and a key that
 *    says `new…` one that says "neu…". Anything else — the successor of a business, a person's home — claims neither.
 * 3. Sibling fields have different titles: two inputs with the same label cannot both be right.
 */
const ddb = mockClient(DynamoDBDocumentClient);

const NEW_KEY = /^new(?=[A-Z]|$)/;
const OLD_KEY = /^(old|previous|former|prior)(?=[A-Z]|$)/;
const NEW_TITLE = /(^|[^\p{L}])neu(e|er|es|en|em)?([^\p{L}]|$)/iu;
const OLD_TITLE = /(^|[^\p{L}])(bisherig|früher|vorherig|ehemalig|alt(e|er|es|en|em)?([^\p{L}]|$))/iu;

interface Field {
  path: string;
  keys: string[];
  title: unknown;
  siblings: string;
}

type JsonSchema = { title?: unknown; properties?: Record<string, JsonSchema>; items?: JsonSchema; anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; allOf?: JsonSchema[] };

function fieldsOf(schema: JsonSchema, path = '', keys: string[] = []): Field[] {
  const fields: Field[] = [];
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    fields.push({ path: `${path}/${key}`, keys: [...keys, key], title: child.title, siblings: path });
    fields.push(...fieldsOf(child, `${path}/${key}`, [...keys, key]));
  }
  if (schema.items) fields.push(...fieldsOf(schema.items, `${path}/*`, keys));
  for (const variants of [schema.anyOf, schema.oneOf, schema.allOf]) {
    variants?.forEach((variant, index) => fields.push(...fieldsOf(variant, `${path}|${index}`, keys)));
  }
  return fields;
}

/** The rule violations of one form's published schema, as readable lines. */
export function titleProblems(schema: JsonSchema): string[] {
  const problems: string[] = [];
  if (typeof schema.title !== 'string' || schema.title.length === 0) problems.push('(form): no title');
  const fields = fieldsOf(schema);
  for (const field of fields) {
    const key = field.keys.at(-1)!;
    const title = field.title;
    if (typeof title !== 'string' || title.trim().length === 0) {
      problems.push(`${field.path}: no title`);
      continue;
    }
    if (title === key || title.split(/\s+/).some((word) => /^[a-z]+[A-Z]|_/.test(word)) || !/^[\p{Lu}\d§]/u.test(title)) problems.push(`${field.path}: "${title}" is not a German title`);
    const saysNew = field.keys.some((k) => NEW_KEY.test(k));
    const saysOld = field.keys.some((k) => OLD_KEY.test(k));
    if (NEW_TITLE.test(title) && !saysNew) problems.push(`${field.path}: "${title}" says new, the path does not`);
    if (OLD_TITLE.test(title) && !saysOld) problems.push(`${field.path}: "${title}" says old, the path does not`);
    if (OLD_KEY.test(key) && (!OLD_TITLE.test(title) || NEW_TITLE.test(title))) problems.push(`${field.path}: "${title}" does not say old/previous`);
    if (NEW_KEY.test(key) && (!NEW_TITLE.test(title) || OLD_TITLE.test(title))) problems.push(`${field.path}: "${title}" does not say new`);
  }
  const bySiblings = new Map<string, Field[]>();
  for (const field of fields) bySiblings.set(field.siblings, [...(bySiblings.get(field.siblings) ?? []), field]);
  for (const siblings of bySiblings.values()) {
    const seen = new Map<string, string>();
    for (const field of siblings) {
      if (typeof field.title !== 'string') continue;
      const first = seen.get(field.title);
      if (first) problems.push(`${field.path}: "${field.title}" is also the title of ${first}`);
      else seen.set(field.title, field.path);
    }
  }
  return problems;
}

describe('the published form schema of every service', () => {
  beforeEach(() => {
    ddb.reset();
    ddb.on(GetCommand).resolves({ Item: { PK: 'neuss#TENANT', SK: 'CONFIG', version: 1, config: neussConfig({ enabledServices: Object.keys(SERVICES) }) } });
  });

  it('gives every field of every form a German title that fits its path', async () => {
    const result = await call(listServices, httpEvent({ routeKey: 'GET /services', caller: { tenantId: 'neuss', roles: ['citizen'] } }));
    expect(result.statusCode).toBe(200);
    const items = result.body.items as Array<{ id: string; formSchema: JsonSchema }>;
    expect(items.map((item) => item.id).sort()).toEqual(Object.keys(SERVICES).sort());
    const problems = items.flatMap((item) => titleProblems(item.formSchema).map((problem) => `${item.id} ${problem}`));
    expect(problems).toEqual([]);
    // The rules saw the fields they are about.
    const paths = items.flatMap((item) => fieldsOf(item.formSchema).map((field) => `${item.id}${field.path}`));
    expect(paths).toEqual(expect.arrayContaining(['address-change/oldAddress', 'business-change/change/previousPremises', 'business-deregistration/deregistration/successor/address']));
  });

  it('names the old and the new home, the previous premises and the successor\'s address as what they are', async () => {
    const result = await call(listServices, httpEvent({ routeKey: 'GET /services', caller: { tenantId: 'neuss', roles: ['citizen'] } }));
    const schema = (id: string) => (result.body.items as Array<{ id: string; formSchema: JsonSchema }>).find((item) => item.id === id)!.formSchema;
    const move = schema('address-change').properties!;
    expect([move.oldAddress!.title, move.newAddress!.title]).toEqual(['Bisherige Hauptwohnung', 'Neue Hauptwohnung']);
    expect(schema('business-change').properties!.change!.properties!.previousPremises!.title).toBe('Bisherige Betriebsstätte');
    expect(schema('business-deregistration').properties!.deregistration!.properties!.successor!.properties!.address!.title).toBe('Anschrift der Nachfolge');
  });

  it('flags a title that claims the wrong time, a missing title and two siblings with one title', () => {
    const address = { title: 'Neue Hauptwohnung', properties: { street: { title: 'Straße' } } };
    expect(titleProblems({ title: 'Umzug', properties: { oldAddress: address, newAddress: address } })).toEqual([
      '/oldAddress: "Neue Hauptwohnung" says new, the path does not',
      '/oldAddress: "Neue Hauptwohnung" does not say old/previous',
      '/newAddress: "Neue Hauptwohnung" is also the title of /oldAddress',
    ]);
    expect(titleProblems({ title: 'Abmeldung', properties: { successor: { title: 'Nachfolge', properties: { address: { title: 'Neue Betriebsstätte' } } } } })).toEqual([
      '/successor/address: "Neue Betriebsstätte" says new, the path does not',
    ]);
    expect(titleProblems({ title: 'Form', properties: { zoneId: {}, plate: { title: 'plateNumber' } } })).toEqual(['/zoneId: no title', '/plate: "plateNumber" is not a German title']);
    expect(titleProblems({ title: 'Form', properties: { vehicle: { title: 'Fahrzeug', properties: { wasAlt: { title: 'Halterin' } } } } })).toEqual([]);
  });
});
