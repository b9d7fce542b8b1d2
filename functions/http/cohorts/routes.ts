import {
  cohort,
  cohortExperiences,
  cohortInput,
  cohortList,
  cohortPath,
  cohortUpdate,
  publicCohortList,
} from '../../../shared/schemas/godchild.ts';
import { defineRoutes } from '../route.ts';

/**
 * Cohorts of the culture-godchild module: the platform admin keeps one per birth year; anyone
 * may read the served ones and their experiences (the registration form needs the years).
 */
export const cohortRoutes = defineRoutes({
  createCohort: {
    method: 'POST',
    path: '/api/v1/admin/cohorts',
    handler: 'functions/http/cohorts/create.ts',
    summary: 'Create a cohort for a birth year (platform admin), with the postal codes (or their 2–4 digit beginnings) of the municipality and the yearly limit (2 unless given). A second cohort for the same year is a 409',
    tags: ['culture godchildren'],
    table: 'write',
    auth: 'admin',
    body: cohortInput.strict(),
    responses: { 201: { description: 'The cohort, at version 1', schema: cohort } },
    problems: { 409: 'There is already a cohort for this birth year' },
  },
  listAllCohorts: {
    method: 'GET',
    path: '/api/v1/admin/cohorts',
    handler: 'functions/http/cohorts/list-all.ts',
    summary: 'Every cohort, closed ones too, by birth year (platform admin)',
    tags: ['culture godchildren'],
    table: 'read',
    auth: 'admin',
    responses: { 200: { description: 'By birth year', schema: cohortList } },
  },
  getCohort: {
    method: 'GET',
    path: '/api/v1/admin/cohorts/{id}',
    handler: 'functions/http/cohorts/get.ts',
    summary: 'One cohort as stored, to edit it (platform admin)',
    tags: ['culture godchildren'],
    table: 'read',
    auth: 'admin',
    params: cohortPath,
    responses: { 200: { description: 'The cohort', schema: cohort } },
  },
  updateCohort: {
    method: 'PUT',
    path: '/api/v1/admin/cohorts/{id}',
    handler: 'functions/http/cohorts/update.ts',
    summary: "Edit a cohort's postal codes, yearly limit and whether it is open (platform admin), from the version read; the birth year never changes. A stale version is a 409",
    tags: ['culture godchildren'],
    table: 'write',
    auth: 'admin',
    params: cohortPath,
    body: cohortUpdate.strict(),
    responses: { 200: { description: 'The cohort with its new version', schema: cohort } },
    problems: { 409: 'Someone saved the cohort after it was read (`version`)' },
  },
  listServedCohorts: {
    method: 'GET',
    path: '/api/v1/cohorts',
    handler: 'functions/http/cohorts/list-served.ts',
    summary: 'The open cohorts: the birth years served, their postal codes and yearly limits',
    tags: ['culture godchildren'],
    table: 'read',
    responses: { 200: { description: 'By birth year', schema: publicCohortList } },
  },
  listCohortExperiences: {
    method: 'GET',
    path: '/api/v1/cohorts/{id}/experiences',
    handler: 'functions/http/cohorts/experiences.ts',
    summary: "A cohort's published experiences with their upcoming occurrences: times, venue and area, languages, who comes per invitation, event group, capacity in persons and seats free",
    tags: ['culture godchildren'],
    table: 'read',
    params: cohortPath,
    responses: { 200: { description: 'Soonest first', schema: cohortExperiences } },
  },
});
