import { readForm, type FieldErrors, type FormValues } from './form-values.ts';

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
const isControl = (target: EventTarget | null): target is Control =>
  target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;

/**
 * Messages beside fields while a person fills a form, once JavaScript runs: a field is checked
 * when they leave it (a checkbox or radio group when they leave the group) and then again on
 * every change, with the same function the form action uses, so what they see before sending
 * is what the server would say. Until then, and without JavaScript, the form shows the
 * server's messages. Attach to the form with `{@attach live.form}`.
 */
export class LiveValidation {
  /** The messages to show now, keyed by form field name. */
  errors: FieldErrors = $state({});
  readonly #validate: (values: FormValues, data: FormData) => FieldErrors;
  readonly #arrays: readonly string[];
  readonly #touched = new Set<string>();
  /** The server's messages, each kept until its field changes (the browser cannot recheck what only the API knows). */
  readonly #server: FieldErrors;

  constructor(validate: (values: FormValues, data: FormData) => FieldErrors, serverErrors: FieldErrors, arrays: readonly string[] = []) {
    this.#validate = validate;
    this.#arrays = arrays;
    this.#server = { ...serverErrors };
    this.errors = { ...serverErrors };
    for (const key of Object.keys(serverErrors)) this.#touched.add(key);
  }

  form = (form: HTMLFormElement) => {
    const run = () => {
      const data = new FormData(form);
      const found = this.#validate(readForm(data, this.#arrays), data);
      const shown: FieldErrors = {};
      for (const key of this.#touched) {
        const message = found[key] ?? this.#server[key];
        if (message && key !== '_form') shown[key] = message;
      }
      this.errors = shown;
    };
    const left = (event: FocusEvent) => {
      if (!isControl(event.target) || !event.target.name) return;
      // Moving between the boxes of one group is not leaving it.
      if (isControl(event.relatedTarget) && event.relatedTarget.name === event.target.name && event.relatedTarget.form === form) return;
      this.#touched.add(event.target.name);
      run();
    };
    const changed = (event: Event) => {
      if (!isControl(event.target) || !event.target.name) return;
      delete this.#server[event.target.name];
      const choice = event.target instanceof HTMLInputElement && ['checkbox', 'radio', 'file'].includes(event.target.type);
      if (choice && event.type === 'change') this.#touched.add(event.target.name);
      if (this.#touched.has(event.target.name) || choice) run();
    };
    form.addEventListener('focusout', left);
    form.addEventListener('input', changed);
    form.addEventListener('change', changed);
    return () => {
      form.removeEventListener('focusout', left);
      form.removeEventListener('input', changed);
      form.removeEventListener('change', changed);
    };
  };
}
