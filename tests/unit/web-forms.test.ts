import { describe, expect, it } from 'vitest';
import { formToObject, problemErrors } from '../../web/src/lib/server/forms.ts';

describe('form fields to API bodies', () => {
  it('nests dotted names, keeps repeated names listed as arrays, and leaves out empty inputs', () => {
    const form = new FormData();
    form.append('title.fi', ' Museoseikkailu ');
    form.append('title.sv', '');
    form.append('studyLevels', 'grade-1');
    form.append('studyLevels', 'grade-2');
    form.append('location.kind', 'venue');
    form.append('location.venueId', '01J2ZK4V7Q6W8X9Y0A1B2C3D4E');
    const body = formToObject(form, ['studyLevels', 'languages']);
    expect(body).toEqual({
      title: { fi: 'Museoseikkailu' },
      studyLevels: ['grade-1', 'grade-2'],
      location: { kind: 'venue', venueId: '01J2ZK4V7Q6W8X9Y0A1B2C3D4E' },
    });
  });

  it('gives an unticked checkbox group an empty list, so the API can say it is required', () => {
    const form = new FormData();
    form.append('studyLevels', '');
    expect(formToObject(form, ['studyLevels'])).toEqual({ studyLevels: [] });
  });

  it('drops names that would reach a prototype or nest under a text, and the process stays unpolluted', () => {
    // Arrange: field names a scripted client may post to any form action.
    const form = new FormData();
    form.append('__proto__.polluted', 'yes');
    form.append('title.constructor.prototype.polluted', 'yes');
    form.append('school', 'Kallion koulu');
    form.append('school.name', 'nested under a text');
    form.append('contact.name', 'Maija');

    // Act
    const body = formToObject(form);

    // Assert
    expect(body).toEqual({ school: 'Kallion koulu', contact: { name: 'Maija' } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
  });
});

describe('API problems to form messages', () => {
  it('puts each field problem on its field and a problem without fields at the top', () => {
    expect(
      problemErrors({
        type: '/api/v1/problems/validation',
        title: 'Invalid',
        status: 400,
        errors: [
          { in: 'body', field: 'title', pointer: '/title', detail: 'Fill in at least one language' },
          { in: 'body', field: 'title', pointer: '/title', detail: 'second message' },
        ],
      }),
    ).toEqual({ title: 'Fill in at least one language' });
    expect(problemErrors({ type: '/api/v1/problems/conflict', title: 'Conflict', status: 409, detail: 'Someone else saved' })).toEqual({
      _form: 'Someone else saved',
    });
  });
});
