/**
 * A few schools and daycares of the demo city, offered in the form's list; a teacher may type any
 * other. A real municipality would list its own from its register.
 */
export const demoSchools = [
  'Kallion ala-aste',
  'Käpylän peruskoulu',
  'Meilahden yläaste',
  'Vuosaaren lukio',
  'Päiväkoti Satakieli',
  'Päiväkoti Vekara',
  'Lärkans skola',
  'Daghemmet Solrosen',
] as const;
