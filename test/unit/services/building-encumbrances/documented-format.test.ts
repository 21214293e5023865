import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from '../../../../functions/core/validation.ts';
import { extractAnswerSchema } from '../../../../functions/services/building-encumbrances/extract-answer.ts';
import { extractFormSchema } from '../../../../functions/services/building-encumbrances/extract-form.ts';
import { addVersionSchema, createSheetSchema } from '../../../../functions/services/building-encumbrances/schemas.ts';

/** The JSON examples of docs/baulastenauskunft.md, by the name in the `<!-- example: name -->` comment before them. */
function examples(): Record<string, unknown> {
  const doc = readFileSync(new URL('../../../../docs/baulastenauskunft.md', import.meta.url), 'utf8');
  return Object.fromEntries([...doc.matchAll(/<!-- example: ([a-z-]+) -->\n```json\n([\s\S]*?)\n```/g)].map((match) => [match[1]!, JSON.parse(match[2]!)]));
}

describe('the documented exchange format is the one the code speaks', () => {
  const documented = examples();

  it('documents a request, an answer and the register calls', () => {
    expect(Object.keys(documented).sort()).toEqual(['answer', 'register', 'request', 'version']);
  });

  it('accepts the documented request', () => {
    const request = documented.request as { serviceId: string; form: unknown };
    expect(request.serviceId).toBe('building-encumbrance-extract');
    expect(z.safeParse(extractFormSchema, request.form).success).toBe(true);
  });

  it('produces answers of the documented shape', () => {
    const result = z.safeParse(extractAnswerSchema, documented.answer);
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  it('accepts the documented register calls', () => {
    expect(z.safeParse(createSheetSchema, documented.register).success).toBe(true);
    expect(z.safeParse(addVersionSchema, documented.version).success).toBe(true);
  });
});
