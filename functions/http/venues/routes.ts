import { organisationPath } from '../../../shared/schemas/organisation.ts';
import { venue, venueInput, venueList, venuePath, venueUpdate } from '../../../shared/schemas/venue.ts';
import { defineRoutes } from '../route.ts';

/** An organisation's venues, for its active members and platform admins (others get a 403 naming the path's `id`). */
export const venueRoutes = defineRoutes({
  listVenues: {
    method: 'GET',
    path: '/api/v1/organisations/{id}/venues',
    handler: 'functions/http/venues/list.ts',
    summary: "An organisation's venues, by Finnish name",
    tags: ['venues'],
    table: 'read',
    auth: 'signed-in',
    params: organisationPath,
    responses: { 200: { description: 'The venues', schema: venueList } },
  },
  createVenue: {
    method: 'POST',
    path: '/api/v1/organisations/{id}/venues',
    handler: 'functions/http/venues/create.ts',
    summary: 'Add a venue to an organisation: name in at least one language, address, area, facilities, accessibility features and information',
    tags: ['venues'],
    table: 'write',
    auth: 'signed-in',
    params: organisationPath,
    body: venueInput,
    responses: { 201: { description: 'The new venue, at version 1', schema: venue } },
  },
  updateVenue: {
    method: 'PUT',
    path: '/api/v1/venues/{id}',
    handler: 'functions/http/venues/update.ts',
    summary: "Edit a venue (all its fields) from the version read; a stale version is a 409. Search shows the change on the organisation's offerings",
    tags: ['venues'],
    table: 'write',
    auth: 'signed-in',
    params: venuePath,
    body: venueUpdate,
    responses: { 200: { description: 'The saved venue with its new version', schema: venue } },
  },
});
