import { describe, expect, it } from 'vitest';
import * as z from '../../../functions/core/zod.ts';
import { fieldErrors } from '../../../functions/core/validation.ts';
import { SERVICES } from '../../../functions/services/catalog.ts';
import { publishedFormSchema } from '../../../functions/services/form-meta.ts';
import { valueAt, withValue, type JsonObject, type JsonSchema } from '../../../web/src/forms/json-schema.ts';
import { conditionPath, errorsOfStep, formToSend, initialValue, isShown, linkPreset, stepOf } from '../../../web/src/forms/model.ts';
import { checkForm, FORM_SCHEMAS } from '../../../web/src/forms/validation.ts';

/**
 * The web app's form model: what it sends is what the service's schema describes (shown fields only, the chosen
 * variant, optional parts only when filled in), and its client-side check is the server's own schema with the
 * server's messages — for every service.
 */
const parking = SERVICES['resident-parking']!;
const parkingSchema = publishedFormSchema(parking.formSchema) as JsonSchema;
const registration = SERVICES['business-registration']!;
const registrationSchema = publishedFormSchema(registration.formSchema) as JsonSchema;

describe('the client-side check', () => {
  it('loads, for every service of the catalogue, the very zod schema the server validates submissions with', async () => {
    expect(Object.keys(FORM_SCHEMAS).sort()).toEqual(Object.keys(SERVICES).sort());
    for (const [id, service] of Object.entries(SERVICES)) expect(await FORM_SCHEMAS[id]!(), id).toBe(service.formSchema);
  });

  it.each(Object.keys(SERVICES))('%s: reports an empty form with the messages and paths the server answers', (id) => {
    const service = SERVICES[id]!;
    const schema = publishedFormSchema(service.formSchema) as JsonSchema;
    const sent = formToSend(schema, service.presentation.fields, {});
    const server = z.safeParse(service.formSchema, sent);
    expect(server.success).toBe(false);
    const expected = Object.fromEntries(fieldErrors(server.error!, 'body/form').map((error) => [error.field.replace(/^body\/form\/?/, ''), error.message]).reverse());
    expect(checkForm(service.formSchema, sent)).toEqual(expected);
    // The messages are German sentences, not zod's defaults for a missing value.
    for (const message of Object.values(expected)) expect(message, id).not.toMatch(/erwartet|expected|Ungültige Eingabe/);
  });
});

describe('what the form sends', () => {
  it('sends the chosen variant of a union only: a keeper sends no proof, a lease sends it', () => {
    const raw: JsonObject = { vehicle: { relation: 'keeper', weightKg: 1500, proofUploadId: 'upload-1' } };
    expect(formToSend(parkingSchema, parking.presentation.fields, raw).vehicle).toEqual({ relation: 'keeper', weightKg: 1500 });
    const lease = formToSend(parkingSchema, parking.presentation.fields, { vehicle: { relation: 'lease', proofUploadId: 'upload-1' } });
    expect(lease.vehicle).toEqual({ relation: 'lease', proofUploadId: 'upload-1' });
  });

  it('leaves out optional fields left empty, and sends required ones empty so that their message names them', () => {
    const sent = formToSend(parkingSchema, parking.presentation.fields, { applicant: { givenName: 'Erika', familyName: '', email: '' }, plate: 'NE-A 1' });
    expect(sent.applicant).toEqual({ givenName: 'Erika', familyName: '' });
    expect(sent).toMatchObject({ plate: 'NE-A 1', consent: false, registeredAtAddressSince: '', zoneId: '' });
    // Unknown keys (e.g. of an older draft) are not sent.
    expect(formToSend(parkingSchema, parking.presentation.fields, { notAField: 'x' })).not.toHaveProperty('notAField');
  });

  it('sends a field with a condition only while the condition holds, and keeps the typed value for when it holds again', () => {
    const hints = registration.presentation.fields;
    const raw: JsonObject = { registration: { startDate: '2026-01-02', reason: 'new', previousOperator: { name: 'Alt GmbH' } }, operator: { legalForm: 'einzelunternehmen', name: 'Firma', persons: [] } };
    const sent = formToSend(registrationSchema, hints, raw);
    expect(sent.registration).toEqual({ startDate: '2026-01-02', reason: 'new' });
    expect(sent.operator).toEqual({ legalForm: 'einzelunternehmen', persons: [] });
    expect(isShown(hints, raw, 'registration/previousOperator')).toBe(false);
    const takeover = { ...raw, registration: { startDate: '2026-01-02', reason: 'takeover', previousOperator: { name: 'Alt GmbH' } } };
    expect(formToSend(registrationSchema, hints, takeover).registration).toMatchObject({ previousOperator: { name: 'Alt GmbH' } });
    // A field shown for some values of another is hidden while that one is unanswered.
    expect(isShown(hints, {}, 'operator/name')).toBe(false);
    expect(isShown(hints, { operator: { legalForm: 'gmbh' } }, 'operator/name')).toBe(true);
  });

  it('leaves out an optional group whose fields are all empty, and keeps unanswered yes/no questions out', () => {
    const hints = registration.presentation.fields;
    const sent = formToSend(registrationSchema, hints, { business: { contact: { phone: '', email: '' }, permits: {} }, permits: { permit: undefined as never } });
    expect(sent.business).not.toHaveProperty('contact');
    expect(sent).not.toHaveProperty('permits');
    // `itinerant` is a yes/no question: unanswered, it stays out and its own message asks for it.
    expect(sent.business).not.toHaveProperty('itinerant');
    expect(checkForm(registration.formSchema, sent)['business/itinerant']).toBe('Bitte angeben, ob es sich um ein Reisegewerbe handelt.');
    // Ticked boxes of a group of booleans are sent as false when unticked.
    expect(sent.business).toMatchObject({ sectors: { industry: false, crafts: false, trade: false, other: false } });
  });

  it('resolves a condition inside a list item against the same item', () => {
    expect(conditionPath('operator/persons/*/role', 'operator/persons/2/residencePermit')).toBe('operator/persons/2/role');
    expect(conditionPath('business/establishment', 'business/headOffice')).toBe('business/establishment');
  });
});

describe('errors and steps', () => {
  it("places each field's error on the step that asks for it", () => {
    const presentation = parking.presentation;
    expect(stepOf(presentation, 'vehicle/weightKg')).toBe('fahrzeug');
    expect(stepOf(presentation, 'residence')).toBe('wohnung');
    expect(stepOf(presentation, 'header/idempotency-key')).toBeUndefined();
    const errors = { 'vehicle/weightKg': 'Höchstens 3500 kg.', residence: 'Die Adresse liegt in keiner Bewohnerparkzone.', zoneId: 'Unbekannte Parkzone.' };
    expect(errorsOfStep(presentation, 'fahrzeug', errors)).toEqual({ 'vehicle/weightKg': 'Höchstens 3500 kg.' });
    expect(errorsOfStep(presentation, 'wohnung', errors)).toEqual({ residence: 'Die Adresse liegt in keiner Bewohnerparkzone.' });
  });
});

describe('a link that names the business (`?betrieb=` from „Meine Betriebe“)', () => {
  const businessId = '0c9003a6-5b4f-4a99-98ae-b2b915708c1d';

  it.each(Object.keys(SERVICES))('%s: puts the Betriebs-ID into the field the service asks for it with, and the form sends it there', (id) => {
    const service = SERVICES[id]!;
    const schema = publishedFormSchema(service.formSchema) as JsonSchema;
    const preset = linkPreset(service.presentation, { betrieb: businessId });
    const pickers = Object.entries(service.presentation.fields).filter(([, hint]) => hint.widget === 'business-id');
    expect(Object.keys(preset)).toEqual(pickers.map(([path]) => path));
    for (const [path, value] of Object.entries(preset)) {
      expect(value).toBe(businessId);
      const sent = formToSend(schema, service.presentation.fields, withValue((initialValue(schema) as JsonObject) ?? {}, path, value));
      expect(valueAt(sent, path), `${id}: ${path}`).toBe(businessId);
      // The server's schema takes it at that field: no error there.
      expect(checkForm(service.formSchema, sent)[path]).toBeUndefined();
    }
  });

  it('names the GewA2 and GewA3 fields, and sets nothing without a Betriebs-ID or for a service that asks for none', () => {
    expect(linkPreset(SERVICES['business-change']!.presentation, { betrieb: businessId })).toEqual({ 'change/businessId': businessId });
    expect(linkPreset(SERVICES['business-deregistration']!.presentation, { betrieb: ` ${businessId} ` })).toEqual({ 'deregistration/businessId': businessId });
    expect(linkPreset(SERVICES['business-deregistration']!.presentation, {})).toEqual({});
    expect(linkPreset(SERVICES['business-deregistration']!.presentation, { betrieb: '  ' })).toEqual({});
    expect(linkPreset(parking.presentation, { betrieb: businessId })).toEqual({});
  });
});
