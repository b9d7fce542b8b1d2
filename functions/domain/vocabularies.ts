import { ulid } from 'ulid';
import {
  vocabularyNames,
  type NewTerm,
  type Term,
  type TermUpdate,
  type TermView,
  type VocabulariesView,
  type VocabularyName,
} from '../../shared/schemas/vocabulary.ts';
import { createTerm as insertTerm, getTerms, listTerms, replaceTerm } from '../db/vocabulary.ts';
import { ResourceNotFoundError } from './errors.ts';
import { requireSaved, requireVersion } from './versioned.ts';

/**
 * Admin-managed vocabularies (categories, activity keywords). Terms are never deleted: a
 * retired term stays on the offerings that have it and cannot be chosen anew.
 */

const termNotFound = () => new ResourceNotFoundError('termNotFound', { in: 'path', path: ['id'], message: 'notFound' });
const view = ({ id, label, retired, version }: Term): TermView => ({ id, label, retired, version });
const byFinnishLabel = (a: Term, b: Term) => a.label.fi.localeCompare(b.label.fi, 'fi');

/**
 * The ids among `ids` that cannot be chosen for an offering: unknown, or retired. An offering
 * use case calls this and answers a 400 naming its field when the list is not empty. To keep
 * a retired term an offering already has, pass only the newly added ids.
 */
export async function unknownTerms(vocabulary: VocabularyName, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const found = await getTerms(vocabulary, ids);
  return [...new Set(ids)].filter((id) => {
    const t = found.get(id);
    return t === undefined || t.retired;
  });
}

/** Use case: both vocabularies, retired terms included (marked), each sorted by Finnish label. */
export async function listVocabularies(): Promise<VocabulariesView> {
  const [category, keyword] = await Promise.all(vocabularyNames.map((name) => listTerms(name)));
  return { category: category!.sort(byFinnishLabel).map(view), keyword: keyword!.sort(byFinnishLabel).map(view) };
}

/** Use case (platform admin): add a term. */
export async function createTerm(vocabulary: VocabularyName, input: NewTerm, now = new Date()): Promise<TermView> {
  const at = now.toISOString();
  const value: Term = { id: ulid(), vocabulary, ...input, version: 1, createdAt: at, updatedAt: at };
  if (!(await insertTerm(value))) throw new Error(`Term id ${value.id} already taken`);
  return view(value);
}

/** Use case (platform admin): rename or retire a term, from the version the admin read. */
export async function updateTerm(vocabulary: VocabularyName, id: string, input: TermUpdate, now = new Date()): Promise<TermView> {
  const current = (await getTerms(vocabulary, [id])).get(id);
  if (!current) throw termNotFound();
  requireVersion(current, input);
  const next: Term = { ...current, label: input.label, retired: input.retired, version: current.version + 1, updatedAt: now.toISOString() };
  requireSaved(await replaceTerm(next, input.version), termNotFound);
  return view(next);
}
