import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { argumentsAt, lineOf, maskLiterals, sourceFiles, type SourceFile } from '../../support/source-scan.ts';

/**
 * Error messages become log lines (the task wrapper and the HTTP stack log them) and Step Functions histories (a failed
 * Lambda's message is the state's `Cause`), and log calls write what they are given. Neither may carry personal data:
 * ids only. This reads every source file under `functions/` and checks each construction of an error class and each
 * logger call for an expression that names personal data — a class of defects, not one error.
 */
const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FILES = sourceFiles(fileURLToPath(new URL('../../../functions/', import.meta.url)), PROJECT_ROOT);

/**
 * Field names under which the platform keeps personal data (forms, permits, tasks, notifications). A match in the code
 * of an error's arguments or a log call's arguments is a finding; the same word inside a German message text is not
 * (literals are masked).
 */
const PERSONAL_DATA =
  /\b(plates?|zb1Number|newCertificateNumber|givenName|familyName|birthName|fullName|email|applicantEmail|holderEmail|street|houseNumber|postcode|residence|address|oldAddress|newAddress|previousPremises|legitimateInterest|phone|birthDate|dateOfBirth|applicant|formatAddress)\b/;

/** Classes that extend Error, directly or through our own hierarchy (DomainError, Conflict, …), found in the sources. */
function errorClasses(files: readonly SourceFile[]): Set<string> {
  const classes = new Set(['Error', 'TypeError', 'RangeError']);
  const declared = files.flatMap((file) => [...file.code.matchAll(/\bclass (\w+) extends (\w+)/g)].map((m) => [m[1]!, m[2]!] as const));
  let grew = true;
  while (grew) {
    grew = false;
    for (const [name, parent] of declared) {
      if (classes.has(parent) && !classes.has(name)) {
        classes.add(name);
        grew = true;
      }
    }
  }
  return classes;
}

interface Finding {
  where: string;
  what: string;
}

export function findings(files: readonly SourceFile[], classes: ReadonlySet<string>): Finding[] {
  const found: Finding[] = [];
  for (const file of files) {
    const calls = [
      ...[...file.code.matchAll(/\bnew (\w+)\(/g)].filter((m) => classes.has(m[1]!)).map((m) => ({ index: m.index, open: m.index + m[0].length - 1 })),
      ...[...file.code.matchAll(/\blogger\.(?:debug|info|warn|error|critical)\(/g)].map((m) => ({ index: m.index, open: m.index + m[0].length - 1 })),
    ];
    for (const call of calls) {
      const args = argumentsAt(file.code, call.open);
      const match = PERSONAL_DATA.exec(args);
      if (match) {
        found.push({ where: `${file.path}:${lineOf(file.text, call.index)}`, what: `${file.text.slice(call.index, call.index + Math.min(140, args.length + 20)).replace(/\s+/g, ' ')} … (${match[1]})` });
      }
    }
  }
  return found;
}

describe('personal data in error messages and log calls', () => {
  const classes = errorClasses(FILES);

  it('knows the error classes of the platform, including the named domain errors', () => {
    for (const name of ['DomainError', 'Conflict', 'NotFound', 'Unprocessable', 'HttpProblem', 'PlateAlreadyHasPermit', 'TaskStateConflict', 'InvalidTaskInput', 'ApplicationNotFound']) {
      expect(classes.has(name), name).toBe(true);
    }
  });

  it('finds no error constructed with, and no log call given, a plate, a name, an address or an e-mail', () => {
    expect(findings(FILES, classes)).toEqual([]);
  });

  it('flags personal data in an interpolation or a log field, but not the same word inside a message text', () => {
    const sample = (text: string) => [{ path: 'sample.ts', text, code: maskLiterals(text) }];
    expect(findings(sample('throw new PlateAlreadyHasPermit(`Für das Kennzeichen ${permit.plate} gibt es bereits einen Ausweis.`);'), classes)).toHaveLength(1);
    expect(findings(sample("logger.info('Checked', { tenantId, email: caller.email });"), classes)).toHaveLength(1);
    expect(findings(sample("throw new Unprocessable(`Die Adresse ${formatAddress(form.residence)} liegt in keiner Zone.`, [{ field: 'body/form/residence', message: 'x' }]);"), classes)).toHaveLength(1);
    expect(findings(sample("throw new Conflict('Für dieses Kennzeichen (plate) gibt es bereits einen Ausweis; E-Mail: email.');"), classes)).toEqual([]);
    expect(findings(sample('throw new Conflict(`Antrag ${app.applicationId}: ${count} Fahrzeuge`);'), classes)).toEqual([]);
  });
});
