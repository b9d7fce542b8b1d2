import { describe, expect, it } from 'vitest';
import { validateNewOccurrences, occurrenceValues, validateCancellation } from '../../web/src/lib/occurrence-form.ts';
import { offeringFormErrors, offeringValues, validateOffering } from '../../web/src/lib/offering-form.ts';
import type { Offering } from '../../shared/schemas/offering.ts';

const venueId = '01J2ZK4V7Q6W8X9Y0A1B2C3D4E';

/** A filled-in offering form, as formToObject gives it. */
const filled = (changes: Record<string, unknown> = {}) => ({
  title: { fi: 'Museoseikkailu' },
  shortDescription: { fi: 'Lyhyesti' },
  description: { fi: 'Pitkästi' },
  categories: [],
  keywords: [],
  studyLevels: ['grade-3'],
  languages: ['fi'],
  durationMinutes: '45',
  priceKind: 'free',
  location: `venue:${venueId}`,
  contact: { name: 'Maija Museo', email: 'maija@museo.example' },
  enrolment: { mode: 'internal', closesDaysBefore: '2', approval: 'manual', visitsPerBooking: '1', waitlist: 'true', cancellationDaysBefore: '1' },
  ...changes,
});

describe('the offering form', () => {
  it('becomes the API body: euros to cents, one location choice, checkboxes to booleans, a Helsinki opening time to UTC', () => {
    // Act
    const result = validateOffering(
      filled({
        priceKind: 'paid',
        price: '12,50',
        enrolment: { mode: 'internal', opensAtDate: '2026-03-29', opensAtTime: '08:00', closesDaysBefore: '2', approval: 'manual', visitsPerBooking: '1' },
      }),
      'fi',
    );
    // Assert
    expect(result.ok && result.body).toMatchObject({
      priceCents: 1250,
      location: { kind: 'venue', venueId },
      enrolment: { opensAt: '2026-03-29T05:00:00.000Z', closesDaysBefore: 2, approval: 'manual', waitlist: false, mandatoryInfo: false },
    });
  });

  it('names a word where a number belongs, and a missing title, on the fields a person typed them in', () => {
    const result = validateOffering(filled({ title: {}, durationMinutes: 'noin tunti' }), 'en');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual({ 'title.en': 'Fill in the text in at least one language', durationMinutes: 'Give a number' });
  });

  it('refuses a 161-character short description with the shared schema’s own message', () => {
    const result = validateOffering(filled({ shortDescription: { fi: 'x'.repeat(161) } }), 'en');
    expect(!result.ok && result.errors['shortDescription.fi']).toBe('Write at most 160 characters');
  });

  it('asks for the image’s alt text in each language the offering has a title in', () => {
    const result = validateOffering(
      filled({
        title: { fi: 'Museoseikkailu', sv: 'Museiäventyr' },
        shortDescription: { fi: 'Lyhyesti', sv: 'Kort' },
        description: { fi: 'Pitkästi', sv: 'Långt' },
        image: { url: '/images/01J2ZK4V7Q6W8X9Y0A1B2C3D4E.png', alt: { fi: 'Punainen neliö' } },
      }),
      'fi',
    );
    expect(!result.ok && Object.keys(result.errors)).toEqual(['image.alt.sv']);
  });

  it('drops an external link left over when enrolment is no longer external', () => {
    const result = validateOffering(filled({ enrolment: { mode: 'internal', externalUrl: 'https://example.fi/enrol' } }), 'fi');
    expect(result.ok && result.body.enrolment.externalUrl).toBeUndefined();
  });

  it('shows the API’s problems on the form’s own fields, in the form’s order', () => {
    const errors = offeringFormErrors({ 'location.venueId': 'Unknown venue', 'categories.1': 'Retired', priceCents: 'Too small', title: 'Fill in' }, 'sv');
    expect(errors).toEqual({ 'title.sv': 'Fill in', categories: 'Retired', price: 'Too small', location: 'Unknown venue' });
  });

  it('reads a saved offering back into the same form', () => {
    const offering: Offering = {
      id: '01J2ZK4V7Q6W8X9Y0A1B2C3D4F',
      organisationId: '01J2ZK4V7Q6W8X9Y0A1B2C3D4G',
      status: 'draft',
      ...(validateOffering(filled({ priceKind: 'paid', price: '5' }), 'fi') as { ok: true; body: Omit<Offering, 'id' | 'organisationId' | 'status' | 'version' | 'createdAt' | 'updatedAt'> }).body,
      version: 3,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    const again = validateOffering(offeringValues(offering, 'fi'), 'fi');
    expect(again.ok && again.body.priceCents).toBe(500);
    expect(offeringValues(offering, 'fi')).toMatchObject({ price: '5', priceKind: 'paid', location: `venue:${venueId}`, version: '3' });
  });
});

describe('the occurrence form', () => {
  it('turns a Helsinki date and times into UTC, with a weekly series until a date', () => {
    const result = validateNewOccurrences(
      {
        date: '2030-03-28',
        startTime: '09:00',
        endTime: '10:30',
        languages: ['fi'],
        capacity: { unit: 'persons', total: '25' },
        groupSize: { min: '1', max: '25' },
        repeat: 'weekly',
        repeatWeeklyUntil: '2030-04-04',
      },
      'fi',
    );
    expect(result.ok && result.body).toMatchObject({
      start: '2030-03-28T07:00:00.000Z',
      end: '2030-03-28T08:30:00.000Z',
      repeatWeeklyUntil: '2030-04-04',
      capacity: { unit: 'persons', total: 25 },
    });
  });

  it('puts an end before the start on the end time, and asks for the last day of a weekly series', () => {
    const result = validateNewOccurrences(
      { date: '2030-03-28', startTime: '10:00', endTime: '09:00', languages: ['fi'], capacity: { unit: 'persons', total: '25' }, groupSize: { min: '1', max: '20' }, repeat: 'weekly' },
      'en',
    );
    expect(!result.ok && result.errors).toEqual({ endTime: 'The end must be after the start', repeatWeeklyUntil: 'Enter the last day of the series' });
  });

  it('copies an occurrence a week later at the same Helsinki clock time, across the spring change', () => {
    const values = occurrenceValues({
      id: '01J2ZK4V7Q6W8X9Y0A1B2C3D4H',
      offeringId: '01J2ZK4V7Q6W8X9Y0A1B2C3D4F',
      start: '2030-03-24T07:00:00.000Z',
      end: '2030-03-24T08:00:00.000Z',
      languages: ['fi'],
      capacity: { unit: 'groups', total: 2 },
      groupSize: { min: 1, max: 30 },
      seatsTaken: 0,
      version: 1,
      createdAt: '2030-01-01T00:00:00.000Z',
      updatedAt: '2030-01-01T00:00:00.000Z',
    }, 7);
    expect(values).toMatchObject({ date: '2030-03-31', startTime: '09:00', endTime: '10:00', endDate: '' });
  });

  it('needs a cancellation reason in at least one language', () => {
    const result = validateCancellation({ version: '2' }, 'sv');
    expect(!result.ok && Object.keys(result.errors)).toEqual(['reason.sv']);
  });
});
