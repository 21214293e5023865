import { useEffect, useState } from 'preact/hooks';
import type { zoneListView, zoneLookupView } from '#functions/services/resident-parking/zones-view';
import type * as z from '#core/zod';
import { api } from '../../api/client.ts';
import { RadioGroup } from '../../components/fields.tsx';
import { Alert, fieldIdOf } from '../../components/feedback.tsx';
import { isObject, valueAt } from '../json-schema.ts';
import { hintOf, stepOf } from '../model.ts';
import { useForm } from '../fields.tsx';

type Zone = z.infer<typeof zoneListView>['items'][number];
type Lookup = z.infer<typeof zoneLookupView>;

const PARITY: Record<string, string> = { all: '', even: ', gerade', odd: ', ungerade' };

function streetsOf(zone: Zone): string {
  const names = zone.streets.map((entry) => `${entry.street}${entry.houseNumbers ? ` (Nr. ${entry.houseNumbers.from}–${entry.houseNumbers.to}${PARITY[entry.houseNumbers.parity]})` : ''}`);
  const shown = names.slice(0, 6).join(', ');
  return names.length > 6 ? `${shown} und ${names.length - 6} weitere Straßen` : shown;
}

/**
 * The resident parking zone: the tenant's zones to choose from (`GET /parking-zones`), and the zone of the address
 * given in the step before (`POST /parking-zones/lookup`, the rule the application's check uses) proposed and
 * chosen — so that nobody has to know the zone's id the server asks for.
 */
export function ZoneField({ path, label, hint }: { path: string; label: string; hint?: string | undefined }) {
  const form = useForm();
  const addressPath = hintOf(form.presentation.fields, path).addressFrom ?? 'residence';
  const address = valueAt(form.value, addressPath);
  const addressKey = JSON.stringify(address ?? null);
  const [zones, setZones] = useState<Zone[]>();
  const [lookup, setLookup] = useState<Lookup>();
  const [proposed, setProposed] = useState(false);
  const chosen = valueAt(form.value, path);

  useEffect(() => {
    api<{ items: Zone[] }>('GET', '/parking-zones').then((response) => setZones(response.body.items), () => setZones([]));
  }, []);

  useEffect(() => {
    if (!isObject(address) || !address.street || !address.houseNumber || !address.postcode) return setLookup(undefined);
    let current = true;
    const { street, houseNumber, postcode } = address;
    api<Lookup>('POST', '/parking-zones/lookup', { body: { street, houseNumber, postcode } }).then(
      (response) => {
        if (!current) return;
        setLookup(response.body);
        const [only] = response.body.zones;
        if (response.body.zones.length === 1 && only && (chosen === undefined || chosen === '')) {
          form.set(path, only.id);
          setProposed(true);
        }
      },
      () => current && setLookup(undefined),
    );
    return () => {
      current = false;
    };
  }, [addressKey]);

  const addressStep = stepOf(form.presentation, addressPath);
  const names = lookup?.zones.map((zone) => `„${zone.name}“ (${zone.id})`).join(' und ');
  return (
    <>
      {lookup && lookup.zones.length === 1 && (
        <Alert kind="info" title={`Ihre Anschrift liegt in der Zone ${names}`}>
          <p class="kern-body">{proposed ? 'Wir haben diese Zone für Sie ausgewählt.' : 'Bitte prüfen Sie, ob Sie diese Zone gewählt haben.'}</p>
        </Alert>
      )}
      {lookup && lookup.zones.length > 1 && (
        <Alert kind="info" title={`Ihre Anschrift liegt an der Grenze der Zonen ${names}`}>
          <p class="kern-body">Bitte wählen Sie die Zone, in der Sie wohnen.</p>
        </Alert>
      )}
      {lookup && lookup.zones.length === 0 && (
        <Alert kind="warning" title="Ihre Anschrift liegt in keiner Bewohnerparkzone">
          <p class="kern-body">
            Einen Bewohnerparkausweis gibt es nur für eine Hauptwohnung in einer Bewohnerparkzone.{' '}
            {addressStep && (
              <a class="kern-link" href={form.stepHref(addressStep)}>
                Anschrift prüfen
              </a>
            )}
          </p>
        </Alert>
      )}
      {zones && zones.length > 0 ? (
        <RadioGroup
          id={fieldIdOf(path)}
          label={label}
          hint={hint}
          error={form.errors[path]}
          value={typeof chosen === 'string' ? chosen : ''}
          onInput={(id) => form.set(path, id)}
          choices={zones.map((zone) => ({ value: zone.id, label: `${zone.name} (${zone.id})`, hint: streetsOf(zone) }))}
        />
      ) : (
        zones && (
          <Alert kind="warning" title="Keine Parkzonen">
            <p class="kern-body">Ihre Verwaltung hat keine Bewohnerparkzonen eingerichtet.</p>
          </Alert>
        )
      )}
    </>
  );
}
