import { describe, expect, it } from 'vitest';
import { demoOfferings } from '../../infra/local/seed/demo-content.ts';
import { demoOfferingTerms, demoTerms } from '../../infra/local/seed/demo-vocabularies.ts';
import { term } from '../../shared/schemas/vocabulary.ts';

describe('demo vocabularies', () => {
  it('has about ten categories and fifteen keywords, each valid, labelled in fi, sv and en, with a unique id', () => {
    for (const t of demoTerms) expect(term.safeParse(t).success, t.id).toBe(true);
    expect(new Set(demoTerms.map((t) => t.id)).size).toBe(demoTerms.length);
    const live = (vocabulary: string) => demoTerms.filter((t) => t.vocabulary === vocabulary && !t.retired);
    expect(live('category')).toHaveLength(10);
    expect(live('keyword').length).toBeGreaterThanOrEqual(15);
    expect(new Set(demoTerms.map((t) => t.label.fi)).size).toBe(demoTerms.length);
  });
});

describe('demo offerings’ terms', () => {
  it('gives every demo offering at least one category, naming only demo offerings', () => {
    const keys = demoOfferings.map((o) => o.key);
    for (const key of keys) expect(demoOfferingTerms[key]?.[0].length, key).toBeGreaterThan(0);
    expect(Object.keys(demoOfferingTerms).sort()).toEqual([...keys].sort());
  });
});
