import { newTerm, termPath, termUpdate, termView, vocabulariesView, vocabularyPath } from '../../../shared/schemas/vocabulary.ts';
import { defineRoutes } from '../route.ts';

/** The admin-managed vocabularies offerings choose from: categories and activity keywords. */
export const vocabularyRoutes = defineRoutes({
  listVocabularies: {
    method: 'GET',
    path: '/api/v1/vocabularies',
    handler: 'functions/http/vocabularies/list.ts',
    summary: 'Every category and keyword with its fi/sv/en label; retired terms are included and marked, so old offerings can still name theirs',
    tags: ['vocabularies'],
    table: 'read',
    responses: { 200: { description: 'Both vocabularies, each sorted by Finnish label', schema: vocabulariesView } },
  },
  createTerm: {
    method: 'POST',
    path: '/api/v1/vocabularies/{vocabulary}/terms',
    handler: 'functions/http/vocabularies/create-term.ts',
    summary: 'Add a term to a vocabulary (platform admin); its label is required in fi, sv and en',
    tags: ['vocabularies'],
    table: 'write',
    auth: 'admin',
    params: vocabularyPath,
    body: newTerm,
    responses: { 201: { description: 'The new term, at version 1', schema: termView } },
  },
  updateTerm: {
    method: 'PUT',
    path: '/api/v1/vocabularies/{vocabulary}/terms/{id}',
    handler: 'functions/http/vocabularies/update-term.ts',
    summary: 'Rename or retire a term (platform admin), from the version read; a stale version is a 409',
    tags: ['vocabularies'],
    table: 'write',
    auth: 'admin',
    params: termPath,
    body: termUpdate,
    responses: { 200: { description: 'The saved term with its new version', schema: termView } },
  },
});
