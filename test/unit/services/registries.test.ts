import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVICES, serviceById } from '../../../functions/services/catalog.ts';
import { DESCRIPTORS, serviceDescriptor } from '../../../functions/services/descriptors.ts';
import { ISSUERS, documentIssuer } from '../../../functions/services/issuers.ts';

const DESCRIPTOR_FIELDS = ['caseCode', 'description', 'feeKeys', 'id', 'issues', 'leikaKey', 'outcome', 'title', 'uploads'];
/** Only services that hand tasks to another authority have them. */
const OPTIONAL_DESCRIPTOR_FIELDS = ['handovers', 'identification', 'legalBasis'];

describe('the three service registries (descriptors, catalog, issuers)', () => {
  it('list exactly the same service ids, each under its own id', () => {
    const ids = Object.keys(DESCRIPTORS).sort();
    expect(ids.length).toBeGreaterThan(0);
    expect(Object.keys(SERVICES).sort()).toEqual(ids);
    expect(Object.keys(ISSUERS).sort()).toEqual(ids);
    for (const id of ids) {
      expect(DESCRIPTORS[id]!.id).toBe(id);
      expect(SERVICES[id]!.id).toBe(id);
    }
  });

  it('keep descriptors to plain data', () => {
    for (const descriptor of Object.values(DESCRIPTORS)) {
      expect(Object.keys(descriptor).filter((key) => !OPTIONAL_DESCRIPTOR_FIELDS.includes(key)).sort()).toEqual(DESCRIPTOR_FIELDS);
      expect(Object.keys(descriptor).filter((key) => !DESCRIPTOR_FIELDS.includes(key) && !OPTIONAL_DESCRIPTOR_FIELDS.includes(key))).toEqual([]);
      expect(Object.values(descriptor).some((value) => typeof value === 'function')).toBe(false);
    }
  });

  it("give every definition its descriptor's data, and no document issuer", () => {
    for (const [id, descriptor] of Object.entries(DESCRIPTORS)) {
      const definition = SERVICES[id]!;
      for (const field of [...DESCRIPTOR_FIELDS, ...OPTIONAL_DESCRIPTOR_FIELDS]) {
        expect(definition[field as keyof typeof definition], `${id}.${field}`).toEqual(descriptor[field as keyof typeof descriptor]);
      }
      expect(definition).not.toHaveProperty('issueDocuments');
    }
  });

  it('have a document issuer for every service', () => {
    for (const issuer of Object.values(ISSUERS)) expect(issuer).toBeTypeOf('function');
  });

  it('give every service its own case code', () => {
    const codes = Object.values(DESCRIPTORS).map((descriptor) => descriptor.caseCode);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('find services by id, but not inherited names', () => {
    for (const id of Object.keys(DESCRIPTORS)) {
      expect(serviceDescriptor(id)).toBe(DESCRIPTORS[id]);
      expect(serviceById(id)).toBe(SERVICES[id]);
      expect(documentIssuer(id)).toBe(ISSUERS[id]);
    }
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'unknown-service']) {
      expect(serviceDescriptor(name)).toBeUndefined();
      expect(serviceById(name)).toBeUndefined();
      expect(documentIssuer(name)).toBeUndefined();
    }
  });

  it('keep the insertion markers for new services', () => {
    for (const registry of ['descriptors', 'catalog', 'issuers']) {
      const source = readFileSync(new URL(`../../../functions/services/${registry}.ts`, import.meta.url), 'utf8');
      expect(source, registry).toContain('// @@service imports (insert below this line)');
      expect(source, registry).toContain('// @@service entries (insert below this line)');
    }
  });
});
