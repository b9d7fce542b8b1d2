import type { Locale } from '../../shared/locale.ts';

declare global {
  namespace App {
    interface Locals {
      locale: Locale;
    }
  }
}

export {};
