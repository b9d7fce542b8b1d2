import { describe, expect, it } from 'vitest';
import { fi } from '../../shared/i18n/fi.ts';
import { en } from '../../shared/i18n/en.ts';
import { sv } from '../../shared/i18n/sv.ts';
import * as z from 'zod';
import { safeParseIn } from '../../shared/i18n/index.ts';
import { pickLocale, pickText } from '../../shared/locale.ts';

describe('pickLocale', () => {
  it('takes the highest-weighted language we speak', () => {
    expect(pickLocale('de-DE,de;q=0.9,sv;q=0.8,en;q=0.7')).toBe('sv');
  });

  it('counts a regional variant as its language', () => {
    expect(pickLocale('sv-FI')).toBe('sv');
    expect(pickLocale('en-GB;q=0.5, fi-FI;q=0.4')).toBe('en');
  });

  it('falls back to Finnish for missing, unknown or refused languages', () => {
    expect(pickLocale(undefined)).toBe('fi');
    expect(pickLocale('de, fr')).toBe('fi');
    expect(pickLocale('sv;q=0, en;q=0')).toBe('fi');
  });
});

describe('pickText', () => {
  it('uses the reader’s language when the provider wrote it', () => {
    expect(pickText({ fi: 'Satutunti', sv: 'Sagostund' }, 'sv')).toEqual({ text: 'Sagostund', lang: 'sv' });
  });

  it('falls back in a fixed order and reports the language actually shown', () => {
    expect(pickText({ sv: 'Sagostund', en: 'Story time' }, 'fi')).toEqual({ text: 'Sagostund', lang: 'sv' });
    expect(pickText({ sv: 'Sagostund' }, 'en')).toEqual({ text: 'Sagostund', lang: 'sv' });
  });
});

describe('message catalogues', () => {
  const shape = (catalogue: object): unknown =>
    Object.fromEntries(
      Object.entries(catalogue).map(([key, value]) => [key, typeof value === 'object' ? shape(value) : typeof value]),
    );

  it('have the same keys and kinds of value in Finnish, Swedish and English', () => {
    expect(shape(sv)).toEqual(shape(fi));
    expect(shape(en)).toEqual(shape(fi));
  });

  it('word counts correctly in the singular and the plural', () => {
    expect(fi.availability.open(1, 'persons')).toBe('1 paikka vapaana');
    expect(fi.availability.open(3, 'persons')).toBe('3 paikkaa vapaana');
    expect(sv.availability.open(2, 'groups')).toBe('2 gruppplatser lediga');
    expect(en.availability.open(1, 'persons')).toBe('1 seat free');
  });
});

describe('shared field schemas', () => {
  it('accept only https links, so no javascript: or data: address can be stored', async () => {
    const { httpsUrl } = await import('../../shared/schemas/common.ts');
    expect(httpsUrl.safeParse('https://www.example-museo.fi/ilmoittaudu').success).toBe(true);
    for (const bad of ['javascript:alert(1)', 'data:text/html,hi', 'http://www.example.fi', 'ftp://x.fi']) {
      expect(httpsUrl.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('bound calendar dates to years date arithmetic can hold', async () => {
    const { localDate } = await import('../../shared/schemas/common.ts');
    expect(localDate.safeParse('2027-02-28').success).toBe(true);
    for (const bad of ['9999-12-31', '0001-01-01', '1999-12-31', '2026-02-30']) expect(localDate.safeParse(bad).success, bad).toBe(false);
  });
});

describe('messages of limits', () => {
  const schema = z.object({
    name: z.string().trim().min(1).max(160),
    seats: z.int().min(1).max(500),
    levels: z.array(z.string()).min(1).max(3),
    email: z.email({ error: 'invalidEmail' }),
  });
  const messagesOf = (input: unknown, locale: 'fi' | 'sv' | 'en') => {
    const result = safeParseIn(schema, input, locale);
    return result.success ? {} : Object.fromEntries(result.issues.map((i) => [i.path.join('.'), i.message]));
  };

  it('words length, range and list-size limits plainly, with the limit, in each language', () => {
    const tooMuch = { name: 'x'.repeat(161), seats: 501, levels: ['a', 'b', 'c', 'd'], email: 'a@b.fi' };
    expect(messagesOf(tooMuch, 'fi')).toEqual({ name: 'Kirjoita enintään 160 merkkiä', seats: 'Anna luku, joka on enintään 500', levels: 'Valitse enintään 3' });
    expect(messagesOf(tooMuch, 'sv')).toEqual({ name: 'Skriv högst 160 tecken', seats: 'Ange ett tal som är högst 500', levels: 'Välj högst 3' });
    expect(messagesOf({ name: ' ', seats: 0, levels: [], email: 'a@b.fi' }, 'en')).toEqual({
      name: 'Fill in this field',
      seats: 'Give a number of at least 1',
      levels: 'Choose at least one',
    });
    expect(messagesOf({ name: 'Ok', seats: 2.5, levels: ['a'], email: 'a@b.fi' }, 'fi')).toEqual({ seats: 'Anna kokonaisluku' });
  });

  it("keeps a schema's own message over the general wording", () => {
    expect(messagesOf({ name: 'Ok', seats: 2, levels: ['a'], email: 'nope' }, 'sv')).toEqual({ email: sv.validation.invalidEmail });
  });
});
