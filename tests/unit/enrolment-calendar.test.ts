import { describe, expect, it } from 'vitest';
import type { ManagedEnrolment } from '../../shared/schemas/enrolment.ts';
import { enrolmentCalendar } from '../../web/src/lib/enrolment-calendar.ts';

const managed = (changes: Partial<ManagedEnrolment['enrolment']> = {}): ManagedEnrolment => ({
  enrolment: {
    id: '01J2ZK4V7Q6W8X9Y0A1B2C3D4E',
    offeringId: '01J2ZK4V7Q6W8X9Y0A1B2C3D4F',
    status: 'booked',
    occurrenceIds: ['01J2ZK4V7Q6W8X9Y0A1B2C3D4G'],
    school: 'Kallion ala-aste',
    groupName: '3B',
    studyLevels: ['grade-3'],
    children: 18,
    adults: 2,
    adultInCharge: { name: 'Outi Opettaja' },
    contact: { name: 'Outi Opettaja', email: 'outi@koulu.example', phone: '0401234567' },
    locale: 'fi',
    consentAt: '2026-03-01T08:00:00.000Z',
    createdAt: '2026-03-01T08:00:00.000Z',
    updatedAt: '2026-03-01T08:00:00.000Z',
    version: 3,
    ...changes,
  },
  offering: {
    id: '01J2ZK4V7Q6W8X9Y0A1B2C3D4F',
    title: { fi: 'Kaupunki ennen ja nyt', sv: 'Staden förr och nu' },
    organisationName: { fi: 'Kaupunginmuseo' },
    contact: { name: 'Maija Museo', email: 'maija@museo.example' },
  },
  occurrences: [
    {
      id: '01J2ZK4V7Q6W8X9Y0A1B2C3D4G',
      start: '2026-04-14T06:30:00.000Z',
      end: '2026-04-14T07:30:00.000Z',
      place: { fi: 'Kaupunginmuseo, Aleksanterinkatu 16', sv: 'Stadsmuseet, Alexandersgatan 16' },
      cancelled: false,
    },
  ],
  canAnswerOffer: false,
});

const url = 'https://tarjotin.example/sv/enrolments/manage?token=abc';

describe("the teacher's calendar file", () => {
  it('has one entry per time, with the emails’ UID, in the reader’s language, linking back to the enrolment', () => {
    const ics = enrolmentCalendar(managed(), 'sv', url).replace(/\r\n[ \t]/g, '');
    expect(ics).toContain('METHOD:PUBLISH');
    expect(ics).toContain('UID:01J2ZK4V7Q6W8X9Y0A1B2C3D4E-01J2ZK4V7Q6W8X9Y0A1B2C3D4G@tarjotin');
    expect(ics).toContain('DTSTART:20260414T063000Z');
    expect(ics).toContain('SUMMARY:Staden förr och nu');
    expect(ics).toContain('LOCATION:Stadsmuseet\\, Alexandersgatan 16');
    expect(ics).toContain(`URL;VALUE=URI:${url}`);
    expect(ics).toContain('STATUS:CONFIRMED');
    expect(ics).toContain('SEQUENCE:3');
  });

  it('cancels its entries once the enrolment is cancelled', () => {
    const ics = enrolmentCalendar(managed({ status: 'cancelled', cancelled: { at: '2026-03-02T08:00:00.000Z', by: 'teacher' } }), 'fi', url);
    expect(ics).toContain('METHOD:CANCEL');
    expect(ics).toContain('STATUS:CANCELLED');
    expect(ics).not.toContain('STATUS:CONFIRMED');
  });
});
