import { describe, expect, it } from 'vitest';
import { enrolmentFormErrors, newEnrolmentValues, validateEnrolment, type EnrolmentFormRules } from '../../web/src/lib/enrolment-form.ts';
import { readForm } from '../../web/src/lib/form-values.ts';

const morning = '01J2ZK4V7Q6W8X9Y0A1B2C3D4E';
const afternoon = '01J2ZK4V7Q6W8X9Y0A1B2C3D4F';

const rules = (changes: Partial<EnrolmentFormRules> = {}): EnrolmentFormRules => ({
  visitsPerBooking: 1,
  mandatoryInfo: false,
  occurrences: [
    { id: morning, groupSize: { min: 10, max: 30 } },
    { id: afternoon, groupSize: { min: 5, max: 12 } },
  ],
  ...changes,
});

/** The form as a browser posts it (repeated names for ticked boxes), read the way the action reads it. */
function posted(fields: [string, string][]) {
  const data = new FormData();
  for (const [name, value] of fields) data.append(name, value);
  return readForm(data, ['occurrenceIds', 'studyLevels']);
}

const filled: [string, string][] = [
  ['idempotencyKey', '5f0c6f7e-0a53-4a4e-9a51-2f7d1f0b9d3c'],
  ['occurrenceIds', morning],
  ['school', 'Kallion ala-aste'],
  ['groupName', '3B'],
  ['studyLevels', 'grade-3'],
  ['studyLevels', 'grade-4'],
  ['children', '18'],
  ['adults', '2'],
  ['specialNeeds', ''],
  ['additionalInfo', '  '],
  ['adultInCharge.name', 'Outi Opettaja'],
  ['adultInCharge.phone', ''],
  ['contact.name', 'Outi Opettaja'],
  ['contact.email', 'Outi.Opettaja@Koulu.example'],
  ['contact.phone', '040 123 4567'],
  ['locale', 'sv'],
  ['consent', 'true'],
];
const without = (...names: string[]) => filled.filter(([name]) => !names.includes(name));
const replacing = (changes: Record<string, string>) => filled.map(([name, value]): [string, string] => [name, changes[name] ?? value]);

describe('the enrolment form', () => {
  it('becomes the API body: numbers, lists, the consent box as true, empty optional texts left out, the address in lower case', () => {
    // Act
    const result = validateEnrolment(posted(filled), 'fi', rules());

    // Assert
    expect(result).toEqual({
      ok: true,
      body: {
        occurrenceIds: [morning],
        school: 'Kallion ala-aste',
        groupName: '3B',
        studyLevels: ['grade-3', 'grade-4'],
        children: 18,
        adults: 2,
        adultInCharge: { name: 'Outi Opettaja' },
        contact: { name: 'Outi Opettaja', email: 'outi.opettaja@koulu.example', phone: '040 123 4567' },
        locale: 'sv',
        consent: true,
      },
    });
    // The key travels as a header, never in the body.
    expect(result.ok && 'idempotencyKey' in result.body).toBe(false);
  });

  it('says what is missing beside each field, in the order of the form, when nothing is filled in', () => {
    // Act
    const result = validateEnrolment(posted([['idempotencyKey', 'x'.repeat(36)]]), 'en', rules());

    // Assert
    expect(result.ok).toBe(false);
    expect(!result.ok && Object.entries(result.errors)).toEqual([
      ['occurrenceIds', 'Choose at least one'],
      ['school', 'Fill in this field'],
      ['groupName', 'Fill in this field'],
      ['studyLevels', 'Choose at least one'],
      ['children', 'Fill in this field'],
      ['adults', 'Fill in this field'],
      ['adultInCharge.name', 'Fill in this field'],
      ['contact.name', 'Fill in this field'],
      ['contact.email', 'Fill in this field'],
      ['contact.phone', 'Fill in this field'],
      ['locale', 'Choose the language of messages'],
      ['consent', 'Agree to the details being shared with the provider'],
    ]);
  });

  it('refuses a group of nobody (0 children and 0 adults) on the children field, even while other fields are wrong', () => {
    const result = validateEnrolment(posted(without('school').map(([n, v]) => [n, n === 'children' || n === 'adults' ? '0' : v])), 'fi', rules());
    expect(!result.ok && result.errors.children).toBe('Ryhmässä on oltava ainakin yksi lapsi tai aikuinen');
    expect(!result.ok && result.errors.school).toBe('Täytä tämä kenttä');
  });

  it('names a word where a number belongs on that field', () => {
    const result = validateEnrolment(posted(replacing({ adults: 'kaksi' })), 'fi', rules());
    expect(!result.ok && result.errors).toEqual({ adults: 'Anna luku' });
  });

  it('checks the group against the chosen time’s size limits, as the API would', () => {
    const tooLarge = validateEnrolment(posted(replacing({ occurrenceIds: afternoon })), 'fi', rules());
    const tooSmall = validateEnrolment(posted(replacing({ children: '5', adults: '1' })), 'fi', rules());
    const fits = validateEnrolment(posted(replacing({ occurrenceIds: afternoon, children: '10', adults: '2' })), 'fi', rules());
    expect(!tooLarge.ok && tooLarge.errors).toEqual({ children: 'Ryhmä on suurempi kuin tähän tapahtumaan sallitaan' });
    expect(!tooSmall.ok && tooSmall.errors).toEqual({ children: 'Ryhmä on pienempi kuin tähän tapahtumaan vaaditaan' });
    expect(fits.ok).toBe(true);
  });

  it('asks for as many times as the offering books together, and only its own times', () => {
    const oneOfTwo = validateEnrolment(posted(replacing({ children: '8' })), 'en', rules({ visitsPerBooking: 2 }));
    const both = validateEnrolment(posted([...replacing({ children: '8' }), ['occurrenceIds', afternoon]]), 'en', rules({ visitsPerBooking: 2 }));
    const stranger = validateEnrolment(posted(replacing({ occurrenceIds: '01J2ZK4V7Q6W8X9Y0A1B2C3D4G' })), 'en', rules());
    expect(!oneOfTwo.ok && oneOfTwo.errors).toEqual({ occurrenceIds: 'Choose as many occurrences as the offering has visits' });
    expect(both.ok && both.body.occurrenceIds).toEqual([morning, afternoon]);
    expect(!stranger.ok && stranger.errors).toEqual({ occurrenceIds: 'The occurrence is not one of this offering' });
  });

  it('requires the additional information only when the offering says so', () => {
    const optional = validateEnrolment(posted(filled), 'fi', rules());
    const mandatory = validateEnrolment(posted(filled), 'fi', rules({ mandatoryInfo: true }));
    const given = validateEnrolment(posted(replacing({ additionalInfo: 'Kaksi ryhmää peräkkäin' })), 'fi', rules({ mandatoryInfo: true }));
    expect(optional.ok).toBe(true);
    expect(!mandatory.ok && mandatory.errors).toEqual({ additionalInfo: 'Järjestäjä pyytää lisätietoja: täytä tämä kenttä' });
    expect(given.ok && given.body.additionalInfo).toBe('Kaksi ryhmää peräkkäin');
  });

  it('refuses a text longer than the schema allows with the schema’s limit', () => {
    const result = validateEnrolment(posted(replacing({ groupName: 'x'.repeat(81) })), 'sv', rules());
    expect(!result.ok && result.errors).toEqual({ groupName: 'Skriv högst 80 tecken' });
  });

  it('starts with the times picked, no levels ticked, messages in the page’s language and its own key', () => {
    expect(newEnrolmentValues([morning], 'sv', 'key-0001')).toEqual({ occurrenceIds: [morning], studyLevels: [], locale: 'sv', idempotencyKey: 'key-0001' });
  });
});

describe('the API’s problems on the enrolment form', () => {
  it('land on the field a teacher can fix: a list’s item on its list, an object on its first field, the key at the top', () => {
    expect(
      enrolmentFormErrors({
        'contact.email': 'Invalid email address',
        'occurrenceIds.1': 'The occurrence is not one of this offering',
        'idempotency-key': 'Used before',
        adultInCharge: 'Fill in this field',
        'studyLevels.0': 'Unknown grade',
      }),
    ).toEqual({
      _form: 'Used before',
      occurrenceIds: 'The occurrence is not one of this offering',
      studyLevels: 'Unknown grade',
      'adultInCharge.name': 'Fill in this field',
      'contact.email': 'Invalid email address',
    });
  });

  it('keep their order: the summary lists them as the fields come', () => {
    const order = Object.keys(enrolmentFormErrors({ consent: 'a', children: 'b', _form: 'c', school: 'd' }));
    expect(order).toEqual(['_form', 'school', 'children', 'consent']);
  });
});
