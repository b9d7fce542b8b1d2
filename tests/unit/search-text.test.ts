import { describe, expect, it } from 'vitest';
import { firstAtOrAfter, foldText, queryWords, searchWords } from '../../shared/search-text.ts';

describe('foldText', () => {
  it('folds case and the diacritics of Finnish, Swedish and other Latin letters', () => {
    expect(foldText('ÄÄNI Öljy Åbo')).toBe('aani oljy abo');
    expect(foldText('Café Noël, Müller, Señora, Škoda')).toBe('cafe noel, muller, senora, skoda');
  });

  it('spells out letters that have no mark to strip', () => {
    expect(foldText('Straße Ærø Łódź Œuvre')).toBe('strasse aero lodz oeuvre');
  });

  it('unifies compatibility forms, such as ligatures and full-width letters', () => {
    expect(foldText('ﬁlmi ＡＢＣ')).toBe('filmi abc');
  });

  it('folds decomposed and precomposed letters alike', () => {
    expect(foldText('a\u0308iti')).toBe(foldText('\u00e4iti'));
  });
});

describe('searchWords', () => {
  it('splits on anything but letters and digits: dashes, punctuation, apostrophes', () => {
    expect(searchWords('Kaupunki ennen ja nyt – historiakierros!')).toEqual(['kaupunki', 'ennen', 'ja', 'nyt', 'historiakierros']);
    expect(searchWords('3D-mallinnus, children’s')).toEqual(['3d', 'mallinnus', 'children', 's']);
  });

  it('keeps letters of other scripts as words', () => {
    // Ukrainian ї loses its diaeresis as ä does: і (U+0456) remains.
    expect(searchWords('Тварини України')).toEqual(['тварини', 'укра\u0456ни']);
    expect(searchWords('máidnasat')).toEqual(['maidnasat']);
  });

  it('finds no words in punctuation or blank text', () => {
    expect(searchWords('  – !? ')).toEqual([]);
  });
});

describe('queryWords', () => {
  it('gives each folded word once, in the order typed', () => {
    expect(queryWords('Satu SATU satuhetki')).toEqual(['satu', 'satuhetki']);
  });
});

describe('firstAtOrAfter', () => {
  const sorted = ['aarteet', 'museo', 'museon', 'musiikki', 'satuhetki'];
  it('finds where the words beginning with a prefix start', () => {
    expect(firstAtOrAfter(sorted, 'muse')).toBe(1);
    expect(firstAtOrAfter(sorted, 'musi')).toBe(3);
    expect(firstAtOrAfter(sorted, 'a')).toBe(0);
    expect(firstAtOrAfter(sorted, 'zzz')).toBe(5);
    expect(firstAtOrAfter([], 'a')).toBe(0);
  });
});
