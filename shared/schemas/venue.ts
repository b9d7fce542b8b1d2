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

/** A new venue: everything but what the service sets. */
export const venueInput = venue.omit({ id: true, organisationId: true, version: true, createdAt: true, updatedAt: true });
export type VenueInput = z.infer<typeof venueInput>;

/** An edit carries the version it was read at (a newer stored version refuses it: 409). */
export const venueUpdate = venueInput.extend({ version: venue.shape.version });
export type VenueUpdate = z.infer<typeof venueUpdate>;

export const venuePath = z.object({ id });

export const venueList = z.object({ items: z.array(venue) });
export type VenueList = z.infer<typeof venueList>;
