import {
  childEdit,
  childPath,
  childRegistration,
  familyChild,
  familySettingsInput,
  familyView,
  guardianInvitationPath,
  guardianInvitationSent,
  myFamily,
  secondGuardianInvitationInput,
} from '../../../shared/schemas/godchild.ts';
import { defineRoutes } from '../route.ts';

/**
 * A guardian's own family in the culture-godchild module. Anyone signed in is a guardian: the
 * family is made with their first child, settings or invitation. Children carry only what the
 * module needs (birth year, postal code, home languages, optional first name); a body with any
 * other field is refused.
 */
export const familyRoutes = defineRoutes({
  getMyFamily: {
    method: 'GET',
    path: '/api/v1/me/family',
    handler: 'functions/http/families/get.ts',
    summary: "The signed-in person's family (`null` before their first child or settings): its guardians' addresses, and each child with its cohort and this year's use of the yearly limit (Helsinki calendar year)",
    tags: ['culture godchildren'],
    table: 'read',
    auth: 'signed-in',
    responses: { 200: { description: 'The family, or `{ "family": null }`', schema: myFamily } },
  },
  saveFamilySettings: {
    method: 'PUT',
    path: '/api/v1/me/family/settings',
    handler: 'functions/http/families/settings.ts',
    summary: "The family's contact language and whether it gets non-essential mail (invitations, tickets and reminders always go); makes the family if needed. With `version`, saved only from that version",
    tags: ['culture godchildren'],
    table: 'write',
    auth: 'signed-in',
    body: familySettingsInput,
    responses: { 200: { description: 'The family', schema: familyView } },
    problems: { 409: 'Someone saved the settings after they were read (`version`)' },
  },
  registerChild: {
    method: 'POST',
    path: '/api/v1/me/family/children',
    handler: 'functions/http/families/register-child.ts',
    summary:
      'Register a child: its birth year must be that of an open cohort (else a 400 on `birthYear` naming the years served) and its postal code must be one of the cohort\'s municipality (else a 400 on `postalCode`). Makes the family if needed',
    tags: ['culture godchildren'],
    table: 'write',
    auth: 'signed-in',
    body: childRegistration,
    responses: { 201: { description: 'The child, with its cohort and yearly use', schema: familyChild } },
  },
  editChild: {
    method: 'PUT',
    path: '/api/v1/me/family/children/{id}',
    handler: 'functions/http/families/edit-child.ts',
    summary: "Edit a child's postal code (checked again), home languages and first name, from the version read. The birth year is fixed: another one is a 400 `birthYearFixed`",
    tags: ['culture godchildren'],
    table: 'write',
    auth: 'signed-in',
    params: childPath,
    body: childEdit,
    responses: { 200: { description: 'The child with its new version', schema: familyChild } },
    problems: { 409: 'Someone saved the child after it was read (`version`)' },
  },
  removeChild: {
    method: 'DELETE',
    path: '/api/v1/me/family/children/{id}',
    handler: 'functions/http/families/remove-child.ts',
    summary: "Remove a child and what is stored of it, while it has no ticket not yet used, no invitation still offered and has used none of this year's limit",
    tags: ['culture godchildren'],
    table: 'write',
    auth: 'signed-in',
    params: childPath,
    responses: { 204: { description: 'Removed' } },
    problems: { 409: 'The child has experiences this year, a ticket or an invitation offered' },
  },
  inviteSecondGuardian: {
    method: 'POST',
    path: '/api/v1/me/family/guardians',
    handler: 'functions/http/families/invite-guardian.ts',
    summary: 'Invite a second guardian by email: a link valid for 7 days, in the family\'s language. A family has at most two guardians (409). At most 10 invitations an hour per person',
    tags: ['culture godchildren'],
    table: 'write',
    auth: 'signed-in',
    sendsMail: true,
    rateLimited: true,
    body: secondGuardianInvitationInput,
    responses: { 201: { description: 'Sent', schema: guardianInvitationSent } },
    problems: { 409: 'The family has two guardians already' },
  },
  acceptGuardianInvitation: {
    method: 'POST',
    path: '/api/v1/family-invitations/{token}/accept',
    handler: 'functions/http/families/accept-invitation.ts',
    summary:
      'Join the family as its second guardian, signed in with the address the invitation was sent to (else 403). The link works once, for 7 days; someone already in another family gets a 409',
    tags: ['culture godchildren'],
    table: 'write',
    auth: 'signed-in',
    params: guardianInvitationPath,
    responses: { 200: { description: 'The family joined', schema: familyView } },
    problems: { 409: 'Already a guardian in another family, or the family has two guardians' },
  },
});
