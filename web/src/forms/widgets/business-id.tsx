import { useEffect, useState } from 'preact/hooks';
import type { BusinessEntry } from '#functions/services/business/trade-register';
import { api } from '../../api/client.ts';
import { RadioGroup, TextField } from '../../components/fields.tsx';
import { fieldIdOf } from '../../components/feedback.tsx';
import { formatDate } from '../../format.ts';
import { valueAt } from '../json-schema.ts';
import { useForm } from '../fields.tsx';

const OTHER = 'andere';

/**
 * The Betriebs-ID of a GewA2/GewA3: the caller's businesses in the trade register (`GET /businesses`) to pick from,
 * or the id typed from the acknowledgement (a business registered before the online service, or elsewhere).
 */
export function BusinessIdField({ path, label, hint, optional }: { path: string; label: string; hint?: string | undefined; optional: boolean }) {
  const form = useForm();
  const [businesses, setBusinesses] = useState<BusinessEntry[]>();
  const value = valueAt(form.value, path);
  const current = typeof value === 'string' ? value : '';
  const [typing, setTyping] = useState(false);
  const id = fieldIdOf(path);

  useEffect(() => {
    api<{ items: BusinessEntry[] }>('GET', '/businesses').then(
      (response) => setBusinesses(response.body.items.filter((entry) => entry.status === 'active')),
      () => setBusinesses([]),
    );
  }, []);

  if (!businesses) return null;
  const listed = businesses.some((entry) => entry.businessId === current);
  const manual = typing || (current !== '' && !listed) || businesses.length === 0;
  const typed = (
    <TextField
      id={businesses.length === 0 ? id : `${id}-manual`}
      label={businesses.length === 0 ? label : 'Betriebs-ID'}
      hint={businesses.length === 0 ? hint : 'Sie steht auf der Empfangsbescheinigung Ihrer Gewerbe-Anmeldung, z. B. 0c9003a6-5b4f-4a99-98ae-b2b915708c1d.'}
      error={businesses.length === 0 ? form.errors[path] : undefined}
      optional={optional}
      value={current}
      spellcheck={false}
      autocomplete="off"
      onInput={(next) => form.set(path, next)}
    />
  );
  if (businesses.length === 0) return typed;
  return (
    <>
      <RadioGroup
        id={id}
        label={label}
        hint={hint}
        error={form.errors[path]}
        value={manual ? OTHER : current}
        onInput={(choice) => {
          setTyping(choice === OTHER);
          form.set(path, choice === OTHER ? '' : choice);
        }}
        choices={[
          ...businesses.map((entry) => ({
            value: entry.businessId,
            label: `${entry.tradeName ?? entry.name} – ${entry.premises.street} ${entry.premises.houseNumber}, ${entry.premises.postcode} ${entry.premises.city}`,
            hint: `Betriebs-ID ${entry.businessId} · angemeldet zum ${formatDate(entry.registeredOn)}`,
          })),
          { value: OTHER, label: 'Ein anderer Betrieb: Betriebs-ID eingeben' },
        ]}
      />
      {manual && typed}
    </>
  );
}
