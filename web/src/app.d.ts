import type { Locale } from '../../shared/locale.ts';

declare global {
  namespace App {
    interface Locals {
      locale: Locale;
      /** The API session token from the HttpOnly session cookie, if any. */
      sessionToken?: string;
      /** The visitor's address, passed on (signed) to the API for its rate limits. */
      clientAddress?: string;
    }
  }
}

export {};
