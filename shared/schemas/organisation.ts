import * as z from 'zod';
import { localizedText } from '../locale.ts';
import { organisationKind } from '../vocabularies.ts';
import { httpsUrl, id, timestamp, versioned } from './common.ts';

export const organisationStatuses = ['pending', 'accepted', 'rejected'] as const;
export const organisationStatus = z.enum(organisationStatuses);
export type OrganisationStatus = z.infer<typeof organisationStatus>;

export const organisation = z
  .object({
    id,
    name: localizedText(120),
    kind: organisationKind,
    /** Proposed organisations wait as `pending` until a platform admin accepts or rejects them. */
    status: organisationStatus,
    website: httpsUrl.optional(),
    /** The platform admin's answer to the proposal, with the message sent to its members. */
    decision: z.object({ by: id, at: timestamp, message: z.string().trim().min(1).max(1000).optional() }).optional(),
  })
  .extend(versioned.shape);
export type Organisation = z.infer<typeof organisation>;

/** What the public sees of a provider. */
export const organisationSummary = organisation.pick({ id: true, name: true, kind: true, website: true });
export type OrganisationSummary = z.infer<typeof organisationSummary>;

/** A signed-in person proposes an organisation; it waits for a platform admin. */
export const organisationProposal = organisation.pick({ name: true, kind: true, website: true });
export type OrganisationProposal = z.infer<typeof organisationProposal>;

/** A member's edit, carrying the version they read (a newer stored version refuses it: 409). */
export const organisationUpdate = organisation.pick({ name: true, kind: true, website: true, version: true });
export type OrganisationUpdate = z.infer<typeof organisationUpdate>;

/** A platform admin's answer to a pending proposal; the message goes into the email to its members. */
export const organisationDecision = organisation.shape.decision
  .unwrap()
  .pick({ message: true })
  .extend({ status: organisationStatus.exclude(['pending']) });
export type OrganisationDecision = z.infer<typeof organisationDecision>;

export const organisationPath = z.object({ id });

export const listOrganisationsQuery = z.object({
  status: organisationStatus
    .default('accepted')
    .meta({ description: '`accepted` (default) for any signed-in person; `pending` and `rejected` for platform admins only.' }),
});
export type ListOrganisationsQuery = z.infer<typeof listOrganisationsQuery>;

export const organisationListItem = organisation.pick({ id: true, name: true, kind: true, status: true, website: true, createdAt: true });
export type OrganisationListItem = z.infer<typeof organisationListItem>;

/** Oldest first. A city has some dozens of providers, so the list is not paged. */
export const organisationList = z.object({ items: z.array(organisationListItem) });
export type OrganisationList = z.infer<typeof organisationList>;
