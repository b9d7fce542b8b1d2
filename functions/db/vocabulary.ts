import { term, type Term, type VocabularyName } from '../../shared/schemas/vocabulary.ts';
import { batchGet, queryAll, type Key } from './items.ts';
import { putNew, replaceIfVersion, type VersionedWrite } from './versioned.ts';

/** A vocabulary's terms share one small partition: listing it is one Query. */
const partition = (vocabulary: VocabularyName) => `VOCAB#${vocabulary}`;
export const termKey = (vocabulary: VocabularyName, id: string): Key => ({ pk: partition(vocabulary), sk: `TERM#${id}` });

export function termToItem(value: Term) {
  return { ...termKey(value.vocabulary, value.id), type: 'term', ...value };
}

export const termFromItem = (item: Record<string, unknown>): Term => term.parse(item);

/** Access pattern: every term of a vocabulary, retired ones included. */
export async function listTerms(vocabulary: VocabularyName): Promise<Term[]> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :term)',
    ExpressionAttributeValues: { ':pk': partition(vocabulary), ':term': 'TERM#' },
  });
  return items.map(termFromItem);
}

/** Access pattern: terms of a vocabulary by ids (checking an offering's choices). */
export async function getTerms(vocabulary: VocabularyName, ids: string[]): Promise<Map<string, Term>> {
  const items = await batchGet(ids.map((id) => termKey(vocabulary, id)));
  return new Map(items.map(termFromItem).map((t) => [t.id, t]));
}

export async function createTerm(value: Term): Promise<boolean> {
  return putNew(termToItem(value));
}

/** Saves an edited term (carrying its next version) if it is still at `expectedVersion`. */
export async function replaceTerm(value: Term, expectedVersion: number): Promise<VersionedWrite> {
  return replaceIfVersion(termToItem(value), expectedVersion);
}
