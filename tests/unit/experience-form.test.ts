import { describe, expect, it } from 'vitest';
import { offeringFormErrors, offeringValues, validateOffering } from '../../web/src/lib/offering-form.ts';
import type { Offering } from '../../shared/schemas/offering.ts';

const venueId = '01J2ZK4V7Q6W8X9Y0A1B2C3D4E';
const cohortId = '01J2ZK4V7Q6W8X9Y0A1B2C3D4F';

/** A filled-in offering form, as formToObject gives it. */
const filled = (godchild: Record<string, string>) => ({
  title: { fi: 'Konsertti' },
  shortDescription: { fi: 'Lyhyesti' },
  description: { fi: 'Pitkästi' },
  categories: [],
  keywords: [],
  studyLevels: ['grade-1'],
  languages: ['fi'],
  durationMinutes: '45',
  priceKind: 'free',
  location: `venue:${venueId}`,
  contact: { name: 'Maija Museo', email: 'maija@museo.example' },
  enrolment: { mode: 'none' },
  godchild,
});

describe("the offering form's culture-godchild experience", () => {
  it('targets the chosen cohort with who comes per invitation and an event group; no cohort chosen is an ordinary offering', () => {
    // Act
    const experience = validateOffering(filled({ cohortId, invite: 'family', eventGroup: 'konsertti-2027' }), 'fi');
    const ordinary = validateOffering(filled({ cohortId: '', invite: 'family', eventGroup: 'konsertti-2027' }), 'fi');
    // Assert
    expect(experience.ok && experience.body.godchild).toEqual({ cohortId, invite: 'family', eventGroup: 'konsertti-2027' });
    expect(ordinary.ok).toBe(true);
    expect(ordinary.ok && ordinary.body.godchild).toBeUndefined();
  });

  it('puts a bad event group on its field, and an API problem with the whole target on the cohort select', () => {
    // Act
    const result = validateOffering(filled({ cohortId, invite: 'child-and-one', eventGroup: 'Concert 2027' }), 'en');
    const mapped = offeringFormErrors({ godchild: 'x', 'godchild.cohortId': 'Unknown cohort' }, 'en');
    // Assert
    expect(!result.ok && result.errors['godchild.eventGroup']).toBe('Use 1–40 characters: lower-case letters a–z, digits and hyphens');
    expect(mapped).toEqual({ 'godchild.cohortId': 'x' });
  });

  it('shows a saved experience in the form, and an ordinary offering with no cohort chosen', () => {
    // Arrange
    const at = new Date().toISOString();
    const saved = validateOffering(filled({ cohortId, invite: 'child-and-up-to-two' }), 'fi');
    if (!saved.ok) throw new Error('the form should be valid');
    const offering: Offering = { ...saved.body, id: venueId, organisationId: venueId, status: 'draft', version: 2, createdAt: at, updatedAt: at };
    // Act
    const values = offeringValues(offering, 'fi');
    const plain = offeringValues({ ...offering, godchild: undefined }, 'fi');
    // Assert
    expect(values.godchild).toEqual({ cohortId, invite: 'child-and-up-to-two', eventGroup: '' });
    expect(plain.godchild).toEqual({ cohortId: '', invite: 'child-and-one', eventGroup: '' });
  });
});
