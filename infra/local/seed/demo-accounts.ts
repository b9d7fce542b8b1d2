import type { Locale } from '../../../shared/locale.ts';
import type { Organisation } from '../../../shared/schemas/organisation.ts';
import type { Membership, Person } from '../../../shared/schemas/person.ts';
import { emailIdentity, identityToItem, membershipToItem, personToItem } from '../../../functions/db/person.ts';
import { organisationToItem } from '../../../functions/db/organisation.ts';
import type { DemoData } from './demo-data.ts';
import { seededRandom } from './random.ts';

/**
 * One demo account per role, signed in like anyone else: type the address on the sign-in page
 * and open the link in the local mailbox. `npm start` lists them.
 */
export const demoAccounts = [
  { email: 'admin@tarjotin.example', locale: 'fi', role: 'platform admin (accepts organisations, manages vocabularies)' },
  { email: 'museo@tarjotin.example', locale: 'fi', role: 'provider: member of City Museum', organisations: ['city-museum'] },
  { email: 'teatteri@tarjotin.example', locale: 'sv', role: 'provider: member of City Theatre and Satumaa Children’s Theatre', organisations: ['city-theatre', 'childrens-theatre'] },
  { email: 'uusi@tarjotin.example', locale: 'en', role: 'provider whose organisation (Kallio Puppet Theatre) waits for acceptance', proposes: true },
  { email: 'perhe@tarjotin.example', locale: 'fi', role: 'guardian: three culture godchildren, a ticket for tonight', guardian: true },
  { email: 'ovi@tarjotin.example', locale: 'fi', role: 'door staff of City Museum', doorStaffOf: ['city-museum'] },
] as const satisfies readonly {
  email: string;
  locale: Locale;
  role: string;
  organisations?: readonly string[];
  doorStaffOf?: readonly string[];
  proposes?: boolean;
  guardian?: boolean;
}[];

/** The demo guardian, whose family the culture-godchild demo data builds. */
export const demoGuardianEmail = 'perhe@tarjotin.example';

/** The items for the demo accounts: people, their sign-in identities, memberships and one pending organisation. */
export function demoAccountItems(data: DemoData, now: Date) {
  const { organisationKeys } = data;
  // A generator of their own, so adding accounts never changes the ids of the rest of the demo data.
  const random = seededRandom(7);
  const stamp = now.toISOString();
  const items: Record<string, unknown>[] = [];
  for (const account of demoAccounts) {
    const person: Person = {
      id: random.id(now.getTime()),
      email: account.email,
      locale: account.locale,
      platformAdmin: account.email.startsWith('admin@'),
      createdAt: stamp,
      updatedAt: stamp,
    };
    items.push(personToItem(person), identityToItem(emailIdentity(person.email), person.id, stamp));
    const membershipOf = (organisationId: string, role: Membership['role'] = 'member'): Membership => ({ organisationId, personId: person.id, role, status: 'active', createdAt: stamp });
    const organisationOf = (key: string) => {
      const organisationId = organisationKeys.get(key);
      if (!organisationId || !data.organisations.some((o) => o.id === organisationId)) throw new Error(`No demo organisation ${key}`);
      return organisationId;
    };
    for (const key of 'organisations' in account ? account.organisations : []) items.push(membershipToItem(membershipOf(organisationOf(key))));
    for (const key of 'doorStaffOf' in account ? account.doorStaffOf : []) items.push(membershipToItem(membershipOf(organisationOf(key), 'door-staff')));
    if ('proposes' in account) {
      const pending: Organisation = {
        id: random.id(now.getTime()),
        name: { fi: 'Kallion nukketeatteri', sv: 'Berghälls dockteater', en: 'Kallio Puppet Theatre' },
        kind: 'theatre',
        status: 'pending',
        website: 'https://nukketeatteri.example',
        version: 1,
        createdAt: stamp,
        updatedAt: stamp,
      };
      items.push(organisationToItem(pending), membershipToItem(membershipOf(pending.id)));
    }
  }
  return items;
}
