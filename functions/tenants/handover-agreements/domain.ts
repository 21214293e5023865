/**
 * Handover agreements (Vereinbarungen über die Weitergabe von Aufgaben): one authority does a task for another — the
 * county's Zulassungsstelle updates the vehicle papers after a municipality registered a move (§ 15 Abs. 2 FZV);
 * Jüchen keeps the Baulastenverzeichnis for Rommerskirchen by agreement with the county. Who RECEIVES such work is
 * the receiver's decision, so a handover needs both sides:
 *
 * - the receiver's ACCEPTANCE: "we accept task T of service S from tenant F" — kept in the receiver's own partition,
 *   changed only by the receiver's administration (`/tenants/{receiver}/handover-agreements/...`);
 * - the sender's DECLARATION: "we hand task T of service S to tenant R" — the `handovers` section of the sender's
 *   configuration, refused (422) while R has not accepted it.
 *
 * The platform writes into the receiver's partition only when both hold at the moment of writing (the receiver's
 * acceptance is a condition of the write). Pure functions: no I/O.
 */
import type { FieldError } from '#core/problem';
import { DESCRIPTORS, serviceDescriptor } from '#functions/services/descriptors';
import type { HandoverTask } from '#functions/services/service';
import type { TenantConfig } from '../schemas.ts';

/** The receiver's side, as stored in its partition. */
export interface HandoverAcceptance {
  /** The tenant that does the work and holds this record. */
  receiver: string;
  /** The tenant whose handovers it accepts. */
  from: string;
  service: string;
  task: string;
  /** What the acceptance rests on, e.g. "Öffentlich-rechtliche Vereinbarung vom 12.03.2019". */
  reference?: string;
  agreedAt: string;
  agreedBy: string;
  updatedAt: string;
  updatedBy: string;
}

/** The sender's side: one entry of `handovers` in its configuration. */
export type HandoverDeclaration = NonNullable<TenantConfig['handovers']>[number];

/** The task `task` of service `service` if that service hands it over at all. */
export function handoverTask(service: string, task: string): HandoverTask | undefined {
  return serviceDescriptor(service)?.handovers?.find((entry) => entry.task === task);
}

/** Every task some service hands over, for messages that list what exists. */
function knownTasks(): string {
  return Object.values(DESCRIPTORS)
    .flatMap((service) => (service.handovers ?? []).map((entry) => `„${service.id}“ → „${entry.task}“`))
    .join(', ');
}

/**
 * What keeps `receiver` from accepting `task` of `service` from `from`. Field paths point into the route's path.
 * `kind`: what the service says about the task (`handoverTask`), undefined when it hands no such task over.
 * `county` is the county's tenant id: tasks the law gives to the county only it may accept.
 */
export function acceptanceProblems(input: { receiver: string; from: string; service: string; task: string; county: string; kind: HandoverTask | undefined }): FieldError[] {
  const { kind } = input;
  if (!kind) {
    return [{ field: 'path/task', message: `Der Dienst „${input.service}“ gibt keine Aufgabe „${input.task}“ weiter. Weitergegeben werden: ${knownTasks()}.` }];
  }
  const problems: FieldError[] = [];
  if (input.from === input.receiver) {
    problems.push({ field: 'path/from', message: 'Ein Mandant kann keine Weitergaben von sich selbst annehmen.' });
  }
  if (kind.receiver === 'county' && input.receiver !== input.county) {
    problems.push({ field: 'path/task', message: `„${kind.title}“ ist Aufgabe des Kreises; nur die Kreisverwaltung kann diese Weitergabe annehmen.` });
  }
  return problems;
}

/** True when `receiver` accepts `task` of `service` from `sender` according to `acceptances`. */
export function isAccepted(acceptances: readonly Pick<HandoverAcceptance, 'receiver' | 'from' | 'service' | 'task'>[], sender: string, declaration: HandoverDeclaration): boolean {
  return acceptances.some(
    (acceptance) => acceptance.from === sender && acceptance.receiver === declaration.to && acceptance.service === declaration.service && acceptance.task === declaration.task,
  );
}

/**
 * What is wrong with the `handovers` section `declarations` of `sender`'s configuration: an unknown task, a handover
 * to itself, two receivers for one task, or a receiver that has not accepted it (`acceptances`: those addressed to
 * `sender`, read from the receivers' records). An unknown tenant has accepted nothing, so it is refused the same way.
 */
export function declarationProblems(
  declarations: readonly HandoverDeclaration[],
  sender: string,
  acceptances: readonly HandoverAcceptance[],
  kindOf: (service: string, task: string) => HandoverTask | undefined = handoverTask,
): FieldError[] {
  const problems: FieldError[] = [];
  const seen = new Set<string>();
  declarations.forEach((declaration, index) => {
    const at = `body/handovers/${index}`;
    const kind = kindOf(declaration.service, declaration.task);
    if (!kind) {
      problems.push({ field: `${at}/task`, message: `Der Dienst „${declaration.service}“ gibt keine Aufgabe „${declaration.task}“ weiter. Weitergegeben werden: ${knownTasks()}.` });
      return;
    }
    // One receiver per task — unless the case names it (`perCase`): then one declaration per receiver.
    const key = `${declaration.service}#${declaration.task}${kind.perCase ? `#${declaration.to}` : ''}`;
    if (seen.has(key)) {
      problems.push({ field: `${at}/task`, message: `„${kind.title}“ ist mehrfach angegeben; eine Aufgabe geht an genau eine Stelle.` });
      return;
    }
    seen.add(key);
    if (declaration.to === sender) {
      problems.push({ field: `${at}/to`, message: 'Eine Weitergabe an den eigenen Mandanten ist nicht möglich.' });
    } else if (!isAccepted(acceptances, sender, declaration)) {
      problems.push({
        field: `${at}/to`,
        message:
          `„${declaration.to}“ hat der Annahme von „${kind.title}“ aus „${declaration.service}“ von Ihnen nicht zugestimmt. ` +
          `Die annehmende Stelle legt die Vereinbarung an (PUT /tenants/${declaration.to}/handover-agreements/${declaration.service}/${declaration.task}/${sender}).`,
      });
    }
  });
  return problems;
}

/**
 * Who may see and change a tenant's agreements: its own tenant admins, and for the county also its county admins.
 * Nobody else — not even the county for a municipality: the municipality decides what enters its partition.
 */
export function mayManageAgreements(caller: { tenantId: string; roles: readonly string[] }, tenantId: string, county: string): boolean {
  if (caller.tenantId !== tenantId) return false;
  return caller.roles.includes('tenant-admin') || (tenantId === county && caller.roles.includes('county-admin'));
}
