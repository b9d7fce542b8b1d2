import { describe, expect, it } from 'vitest';
import { getTerms, replaceTerm } from '../../functions/db/vocabulary.ts';
import { unknownTerms } from '../../functions/domain/vocabularies.ts';
import { vocabulariesView } from '../../shared/schemas/vocabulary.ts';
import { useApi } from '../setup/api.ts';
import { signInAs } from '../setup/auth.ts';
import { useIsolatedTable } from '../setup/table.ts';

useIsolatedTable();
const { call } = useApi();

const label = (word: string) => ({ fi: `${word} fi`, sv: `${word} sv`, en: `${word} en` });
let people = 0;
const admin = () => signInAs({ email: `admin${++people}@city.test`, platformAdmin: true });
const provider = () => signInAs({ email: `provider${++people}@museum.test` });

async function createdTerm(vocabulary: 'category' | 'keyword', word: string) {
  const { authorization } = await admin();
  const created = await call('POST', `/api/v1/vocabularies/${vocabulary}/terms`, { label: label(word) }, authorization);
  expect(created.status).toBe(201);
  return created.body as { id: string; version: number };
}

describe('vocabularies', () => {
  it('lists categories and keywords to anyone, retired terms marked, each sorted by Finnish label', async () => {
    // Arrange
    const { authorization } = await admin();
    const b = await createdTerm('category', 'Bbb');
    const a = await createdTerm('category', 'Aaa');
    const k = await createdTerm('keyword', 'Kkk');
    await call('PUT', `/api/v1/vocabularies/keyword/terms/${k.id}`, { label: label('Kkk'), retired: true, version: 1 }, authorization);
    // Act
    const listed = await call('GET', '/api/v1/vocabularies');
    // Assert
    expect(listed.status).toBe(200);
    const view = vocabulariesView.parse(listed.body);
    expect(view.category.map((t) => t.id)).toEqual([a.id, b.id]);
    expect(view.category[0]).toEqual({ id: a.id, label: label('Aaa'), retired: false, version: 1 });
    expect(view.keyword).toEqual([{ id: k.id, label: label('Kkk'), retired: true, version: 2 }]);
  });

  it('lets an admin rename and retire a term from the version read, and refuses a stale version with 409, keeping the newer one', async () => {
    // Arrange
    const { authorization } = await admin();
    const term = await createdTerm('category', 'Musiikki');
    const first = await call('PUT', `/api/v1/vocabularies/category/terms/${term.id}`, { label: label('Musiikki ja laulu'), retired: false, version: 1 }, authorization);
    // Act
    const stale = await call('PUT', `/api/v1/vocabularies/category/terms/${term.id}`, { label: label('Vanha'), retired: true, version: 1 }, authorization);
    // Assert
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ label: label('Musiikki ja laulu'), version: 2 });
    expect(stale.status).toBe(409);
    expect(stale.headers.get('content-type')).toBe('application/problem+json');
    expect(stale.body.detail).toMatch(/joku muu on tallentanut/i);
    expect(stale.body.errors).toEqual([expect.objectContaining({ in: 'body', field: 'version' })]);
    const stored = (await getTerms('category', [term.id])).get(term.id);
    expect(stored).toMatchObject({ label: label('Musiikki ja laulu'), retired: false, version: 2 });
  });

  it('refuses a signed-out client (401) and a person who is not an admin (403), storing nothing', async () => {
    // Arrange
    const term = await createdTerm('keyword', 'Piirtäminen');
    const { authorization } = await provider();
    // Act
    const signedOut = await call('POST', '/api/v1/vocabularies/keyword/terms', { label: label('Uusi') });
    const notAdmin = await call('POST', '/api/v1/vocabularies/keyword/terms', { label: label('Uusi') }, authorization);
    const editSignedOut = await call('PUT', `/api/v1/vocabularies/keyword/terms/${term.id}`, { label: label('X'), retired: true, version: 1 });
    const editNotAdmin = await call('PUT', `/api/v1/vocabularies/keyword/terms/${term.id}`, { label: label('X'), retired: true, version: 1 }, authorization);
    // Assert
    expect([signedOut.status, notAdmin.status, editSignedOut.status, editNotAdmin.status]).toEqual([401, 403, 401, 403]);
    const listed = vocabulariesView.parse((await call('GET', '/api/v1/vocabularies')).body);
    expect(listed.keyword.filter((t) => t.label.fi === 'Uusi fi')).toEqual([]);
    expect((await getTerms('keyword', [term.id])).get(term.id)).toMatchObject({ label: label('Piirtäminen'), retired: false, version: 1 });
  });

  it('refuses a label missing a language and an unknown vocabulary with 400 naming the field, storing nothing', async () => {
    // Arrange
    const { authorization } = await admin();
    const term = await createdTerm('category', 'Tanssi');
    const before = vocabulariesView.parse((await call('GET', '/api/v1/vocabularies')).body);
    // Act
    const noSwedish = await call('POST', '/api/v1/vocabularies/category/terms', { label: { fi: 'Sirkus', en: 'Circus' } }, { ...authorization, 'accept-language': 'en' });
    const blankEnglish = await call('PUT', `/api/v1/vocabularies/category/terms/${term.id}`, { label: { fi: 'a', sv: 'b', en: '  ' }, retired: false, version: 1 }, authorization);
    const unknownVocabulary = await call('POST', '/api/v1/vocabularies/colour/terms', { label: label('Punainen') }, { ...authorization, 'accept-language': 'en' });
    // Assert
    expect(noSwedish.status).toBe(400);
    expect(noSwedish.body.errors).toEqual([{ in: 'body', field: 'label.sv', pointer: '/label/sv', detail: 'Fill in the label in Finnish, Swedish and English' }]);
    expect(blankEnglish.status).toBe(400);
    expect(blankEnglish.body.errors).toEqual([expect.objectContaining({ field: 'label.en' })]);
    expect(unknownVocabulary.status).toBe(400);
    expect(unknownVocabulary.body.errors).toEqual([expect.objectContaining({ in: 'path', field: 'vocabulary', detail: 'Unknown vocabulary' })]);
    expect(vocabulariesView.parse((await call('GET', '/api/v1/vocabularies')).body)).toEqual(before);
  });

  it('answers 404 naming the id for a term that does not exist', async () => {
    const { authorization } = await admin();
    const missing = await call('PUT', '/api/v1/vocabularies/category/terms/01J0000000000000000000000Z', { label: label('X'), retired: false, version: 1 }, authorization);
    expect(missing.status).toBe(404);
    expect(missing.body.errors).toEqual([expect.objectContaining({ in: 'path', field: 'id' })]);
  });
});

describe('optimistic locking in the database', () => {
  it('refuses a write whose version moved after it was read (stale) and one whose item is gone (missing)', async () => {
    // Arrange: two admins read version 1; the first saves version 2
    const term = await createdTerm('keyword', 'Maalaus');
    const read = (await getTerms('keyword', [term.id])).get(term.id)!;
    expect(await replaceTerm({ ...read, label: label('Maalaus 2'), version: 2 }, 1)).toBe('saved');
    // Act
    const second = await replaceTerm({ ...read, label: label('Maalaus B'), version: 2 }, 1);
    const gone = await replaceTerm({ ...read, id: '01J0000000000000000000000Z', version: 2 }, 1);
    // Assert
    expect(second).toBe('stale');
    expect(gone).toBe('missing');
    expect((await getTerms('keyword', [term.id])).get(term.id)).toMatchObject({ label: label('Maalaus 2'), version: 2 });
  });
});

describe('unknownTerms', () => {
  it('names the ids that do not exist, are retired or belong to the other vocabulary, once each', async () => {
    // Arrange
    const { authorization } = await admin();
    const live = await createdTerm('category', 'Teatteri');
    const retired = await createdTerm('category', 'Vanhentunut');
    const keyword = await createdTerm('keyword', 'Laulu');
    await call('PUT', `/api/v1/vocabularies/category/terms/${retired.id}`, { label: label('Vanhentunut'), retired: true, version: 1 }, authorization);
    const missing = '01J0000000000000000000000Z';
    // Act
    const unknown = await unknownTerms('category', [live.id, retired.id, keyword.id, missing, missing]);
    // Assert
    expect(unknown).toEqual([retired.id, keyword.id, missing]);
    expect(await unknownTerms('category', [live.id])).toEqual([]);
    expect(await unknownTerms('keyword', [])).toEqual([]);
  });
});
