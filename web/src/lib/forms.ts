/** Key of a message that belongs to no field (a conflict, a refusal): shown at the top of the form. */
export const formMessage = '_form';

/** The element id of a form field named by its API path (`title.fi` → `field-title-fi`), for labels and error links. */
export const fieldId = (name: string) => `field-${name.replace(/[^\w-]/g, '-')}`;
