import { ulid } from 'ulid';
import type { Venue, VenueInput, VenueList, VenueUpdate } from '../../shared/schemas/venue.ts';
import { getOrganisation } from '../db/organisation.ts';
import { createVenue as insertVenue, getVenue, listVenuesOfOrganisation, replaceVenue } from '../db/venue.ts';
import { requireActFor, type Actor } from './actor.ts';
import { ResourceNotFoundError, type FieldProblem } from './errors.ts';
import { refreshOfferingsOfOrganisation } from './organisations.ts';
import { requireSaved, requireVersion } from './versioned.ts';

/** Venues belong to one organisation; its active members (and admins) list, add and edit them. */

const pathId: FieldProblem = { in: 'path', path: ['id'], message: 'notYourOrganisation' };
const venueNotFound = () => new ResourceNotFoundError('venueNotFound', { in: 'path', path: ['id'], message: 'notFound' });
const organisationNotFound = () => new ResourceNotFoundError('organisationNotFound', { in: 'path', path: ['id'], message: 'notFound' });
const sortName = (v: Venue) => v.name.fi ?? v.name.sv ?? v.name.en ?? '';

/** Use case: an organisation's venues, by Finnish name. */
export async function listVenues(actor: Actor, organisationId: string): Promise<VenueList> {
  requireActFor(actor, organisationId, pathId);
  const venues = await listVenuesOfOrganisation(organisationId);
  return { items: venues.sort((a, b) => sortName(a).localeCompare(sortName(b), 'fi')) };
}

/** Use case: add a venue to an organisation. */
export async function createVenue(actor: Actor, organisationId: string, input: VenueInput, now = new Date()): Promise<Venue> {
  requireActFor(actor, organisationId, pathId);
  if (!(await getOrganisation(organisationId))) throw organisationNotFound();
  const at = now.toISOString();
  const value: Venue = { ...input, id: ulid(), organisationId, version: 1, createdAt: at, updatedAt: at };
  if (!(await insertVenue(value))) throw new Error(`Venue id ${value.id} already taken`);
  return value;
}

/** Use case: edit a venue from the version read; search shows the change on the organisation's offerings. */
export async function updateVenue(actor: Actor, id: string, input: VenueUpdate, now = new Date()): Promise<Venue> {
  const current = await getVenue(id);
  if (!current) throw venueNotFound();
  requireActFor(actor, current.organisationId, pathId);
  requireVersion(current, input);
  const next: Venue = {
    ...input,
    id,
    organisationId: current.organisationId,
    version: current.version + 1,
    createdAt: current.createdAt,
    updatedAt: now.toISOString(),
  };
  requireSaved(await replaceVenue(next, input.version), venueNotFound);
  await refreshOfferingsOfOrganisation(current.organisationId, now);
  return next;
}
