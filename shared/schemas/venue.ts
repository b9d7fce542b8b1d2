import * as z from 'zod';
import { localizedText } from '../locale.ts';
import { accessibilityFeature, area, facility } from '../vocabularies.ts';
import { id, versioned } from './common.ts';

export const address = z.object({
  street: z.string().trim().min(1).max(120),
  postalCode: z.string().regex(/^\d{5}$/, { error: 'invalidPostalCode' }),
  city: z.string().trim().min(1).max(60),
});

export const venue = z
  .object({
    id,
    organisationId: id,
    name: localizedText(120),
    address,
    area,
    facilities: z.array(facility).default([]),
    accessibility: z.array(accessibilityFeature).default([]),
    accessibilityInfo: localizedText(1000).optional(),
  })
  .extend(versioned.shape);
export type Venue = z.infer<typeof venue>;

export const venueView = venue.omit({ version: true, createdAt: true, updatedAt: true });
export type VenueView = z.infer<typeof venueView>;
