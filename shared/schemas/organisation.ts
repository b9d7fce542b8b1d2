import * as z from 'zod';
import { localizedText } from '../locale.ts';
import { organisationKind } from '../vocabularies.ts';
import { httpsUrl, id, versioned } from './common.ts';

export const organisationStatuses = ['pending', 'accepted', 'rejected'] as const;

export const organisation = z
  .object({
    id,
    name: localizedText(120),
    kind: organisationKind,
    status: z.enum(organisationStatuses),
    website: httpsUrl.optional(),
  })
  .extend(versioned.shape);
export type Organisation = z.infer<typeof organisation>;

/** What the public sees of a provider. */
export const organisationSummary = organisation.pick({ id: true, name: true, kind: true, website: true });
export type OrganisationSummary = z.infer<typeof organisationSummary>;
