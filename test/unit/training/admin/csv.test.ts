import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseDate, parseEmployeeCsv, type CsvResult } from '../../../../functions/training/employees/csv.ts';

function ok(result: CsvResult) {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.rows)}`);
  return result.rows;
}

function failed(result: CsvResult) {
  if (result.ok) throw new Error('expected errors');
  return result.rows;
}

describe('employee CSV', () => {
  it('reads a German Excel file: semicolons, BOM, CRLF and German dates', () => {
    const csv = '\uFEFFname;email;department;role;startDate\r\nErika Mustermann;Erika.Mustermann@Neuss.example;Bürgerbüro;Sachbearbeitung;01.04.2026\r\n';
    expect(ok(parseEmployeeCsv(csv))).toEqual([
      { row: 2, name: 'Erika Mustermann', email: 'erika.mustermann@neuss.example', department: 'Bürgerbüro', jobRole: 'Sachbearbeitung', startDate: '2026-04-01' },
    ]);
  });

  it('reads commas and ISO dates, and columns in any order', () => {
    const csv = 'email,startDate,name,role,department\nmax@neuss.example,2025-11-03,Max Muster,Leitung,Ordnungsamt\n';
    expect(ok(parseEmployeeCsv(csv))[0]).toMatchObject({ name: 'Max Muster', department: 'Ordnungsamt', jobRole: 'Leitung', startDate: '2025-11-03' });
  });

  it('accepts the German headings', () => {
    const csv = 'Name;E-Mail;Abteilung;Rolle;Eintrittsdatum\nA B;a@neuss.example;Bauamt;Technik;1.2.2026\n';
    expect(ok(parseEmployeeCsv(csv))[0]).toMatchObject({ department: 'Bauamt', startDate: '2026-02-01' });
  });

  it('keeps separators and quotes inside quoted fields, and counts lines of multi-line fields', () => {
    const csv = [
      'name;email;department;role;startDate',
      '"Müller; Hans";hans@neuss.example;"Amt für ""Ordnung""";Sachbearbeitung;2026-01-01',
      '"Schulz,',
      'Anna";anna@neuss.example;Bauamt;Technik;2026-01-01',
      '',
      'Bad;not-an-email;Bauamt;Technik;2026-01-01',
    ].join('\n');
    const rows = failed(parseEmployeeCsv(csv));
    // The quoted rows parse; the bad one is reported on its own line (6), after a blank line.
    expect(rows).toEqual([{ row: 6, email: 'not-an-email', errors: [{ column: 'email', message: 'Die E-Mail-Adresse ist ungültig.' }] }]);
    const fixed = ok(parseEmployeeCsv(csv.replace('not-an-email', 'bad@neuss.example')));
    expect(fixed.map((row) => [row.row, row.name, row.department])).toEqual([
      [2, 'Müller; Hans', 'Amt für "Ordnung"'],
      [3, 'Schulz,\nAnna', 'Bauamt'],
      [6, 'Bad', 'Bauamt'],
    ]);
  });

  it('reports every problem of a row with its line number', () => {
    const csv = 'name;email;department;role;startDate\nA;a@neuss.example;Bauamt;Technik;2026-01-01\n;b@neuss;Bau#amt;;31.02.2026\n';
    expect(failed(parseEmployeeCsv(csv))).toEqual([
      {
        row: 3,
        email: 'b@neuss',
        errors: [
          { column: 'name', message: 'Der Name fehlt.' },
          { column: 'email', message: 'Die E-Mail-Adresse ist ungültig.' },
          { column: 'department', message: 'Die Abteilung darf das Zeichen „#“ nicht enthalten.' },
          { column: 'role', message: 'Die Rolle fehlt.' },
          { column: 'startDate', message: 'Das Eintrittsdatum ist kein gültiges Datum (JJJJ-MM-TT oder TT.MM.JJJJ).' },
        ],
      },
    ]);
  });

  it('refuses a row with the wrong number of columns', () => {
    const rows = failed(parseEmployeeCsv('name;email;department;role;startDate\nA;a@neuss.example;Bauamt;Technik\n'));
    expect(rows[0]!.errors).toContainEqual({ message: 'Die Zeile hat 4 Spalten, die Kopfzeile 5.' });
  });

  it('refuses an e-mail address that appears twice in the file, naming the first line', () => {
    const csv = 'name;email;department;role;startDate\nA;a@neuss.example;Bauamt;Technik;2026-01-01\nB;A@Neuss.example;Bauamt;Technik;2026-01-01\n';
    expect(failed(parseEmployeeCsv(csv))).toEqual([
      { row: 3, email: 'a@neuss.example', errors: [{ column: 'email', message: 'Die E-Mail-Adresse steht bereits in Zeile 2.' }] },
    ]);
  });

  it('reports a missing, an unknown and a repeated heading on line 1', () => {
    const rows = failed(parseEmployeeCsv('name;email;email;Personalnummer;role\nA;a@x.de;a@x.de;4711;Technik\n'));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.row).toBe(1);
    expect(rows[0]!.errors.map((error) => error.message)).toEqual([
      'Die Spalte „email“ kommt mehrfach vor.',
      'Unbekannte Spalte „Personalnummer“. Erlaubt sind: name, email, department, role, startDate.',
      'Die Spalte „department“ fehlt in der Kopfzeile.',
      'Die Spalte „startDate“ fehlt in der Kopfzeile.',
    ]);
  });

  it('needs a header row: a file that starts with data is refused', () => {
    const rows = failed(parseEmployeeCsv('Erika;erika@neuss.example;Bauamt;Technik;2026-01-01\n'));
    expect(rows[0]!.row).toBe(1);
    expect(rows[0]!.errors.some((error) => error.message.startsWith('Unbekannte Spalte „Erika“'))).toBe(true);
  });

  it('refuses an empty file, a file with only the header and more than 100 rows', () => {
    expect(failed(parseEmployeeCsv('\uFEFF\r\n'))[0]!.errors[0]!.message).toBe('Die Datei ist leer.');
    expect(failed(parseEmployeeCsv('name;email;department;role;startDate\n'))[0]!.errors[0]!.message).toBe('Die Datei enthält keine Datenzeilen.');
    const many = ['name;email;department;role;startDate', ...Array.from({ length: 101 }, (_, i) => `P${i};p${i}@neuss.example;Bauamt;Technik;2026-01-01`)];
    const rows = failed(parseEmployeeCsv(many.join('\n')));
    expect(rows[0]).toMatchObject({ row: 102 });
    expect(rows[0]!.errors[0]!.message).toContain('Höchstens 100');
  });

  it('reports broken quoting with its line', () => {
    const rows = failed(parseEmployeeCsv('name;email;department;role;startDate\nA;a@neuss.example;Bauamt;Technik;2026-01-01\n"B;b@neuss.example;Bauamt;Technik;2026-01-01\n'));
    expect(rows[0]!.errors[0]!.message).toContain('kein gültiges CSV');
  });
});

describe('CSV helpers', () => {
  it('takes the separator from the header row', () => {
    expect(detectDelimiter('name;email;department;role;startDate')).toBe(';');
    expect(detectDelimiter('name,email,department,role,startDate')).toBe(',');
  });

  it('parses ISO and German dates and refuses impossible ones', () => {
    expect(parseDate('2026-04-01')).toBe('2026-04-01');
    expect(parseDate('01.04.2026')).toBe('2026-04-01');
    expect(parseDate('29.02.2028')).toBe('2028-02-29');
    expect(parseDate('29.02.2026')).toBeUndefined();
    expect(parseDate('2026-13-01')).toBeUndefined();
    expect(parseDate('04/01/2026')).toBeUndefined();
  });
});
