import type { Term, VocabularyName } from '../../../shared/schemas/vocabulary.ts';

/**
 * The demo city's categories and activity keywords. Ids are fixed, so demo offerings (and
 * tests) can name a term by its key and a reseeded table keeps the same terms.
 */
type Label = Term['label'];

export const demoCategories = {
  'visual-arts': { id: '01KDVDNA00K6SGGYY7RFXKX7HM', label: { fi: 'Kuvataide', sv: 'Bildkonst', en: 'Visual arts' } },
  music: { id: '01KDVDNA01S95G8X9Z4AT75A0G', label: { fi: 'Musiikki', sv: 'Musik', en: 'Music' } },
  theatre: { id: '01KDVDNA022NSXSTM2PGS61J5X', label: { fi: 'Teatteri', sv: 'Teater', en: 'Theatre' } },
  dance: { id: '01KDVDNA03867TNT6GEG40GRTA', label: { fi: 'Tanssi', sv: 'Dans', en: 'Dance' } },
  literature: { id: '01KDVDNA04A56KGTM1CY7T19TT', label: { fi: 'Kirjallisuus', sv: 'Litteratur', en: 'Literature' } },
  history: { id: '01KDVDNA05B5V1BJDGNYCZNWJ0', label: { fi: 'Historia', sv: 'Historia', en: 'History' } },
  science: { id: '01KDVDNA068NNCKRVNGTT8BPF4', label: { fi: 'Tiede', sv: 'Vetenskap', en: 'Science' } },
  nature: { id: '01KDVDNA072M90WHAFXVND46QF', label: { fi: 'Luonto', sv: 'Natur', en: 'Nature' } },
  sports: { id: '01KDVDNA08BERKTDY3G7ZYZ0Q0', label: { fi: 'Liikunta', sv: 'Idrott', en: 'Sports' } },
  media: { id: '01KDVDNA09R5F2CZ5TQH5H70RA', label: { fi: 'Media', sv: 'Media', en: 'Media' } },
} as const satisfies Record<string, { id: string; label: Label }>;

export const demoKeywords = {
  workshop: { id: '01KDVDNA0A9QPM96BZADE6Z1G9', label: { fi: 'Työpaja', sv: 'Verkstad', en: 'Workshop' } },
  'guided-tour': { id: '01KDVDNA0BB6R338YXBXNDZPMY', label: { fi: 'Opastettu kierros', sv: 'Guidad tur', en: 'Guided tour' } },
  concert: { id: '01KDVDNA0CBJYG71PRYPEYC0VB', label: { fi: 'Konsertti', sv: 'Konsert', en: 'Concert' } },
  performance: { id: '01KDVDNA0DAF26PHVFCVAP1D2T', label: { fi: 'Esitys', sv: 'Föreställning', en: 'Performance' } },
  storytelling: { id: '01KDVDNA0EAP25KFAVJ8Z2C0YE', label: { fi: 'Tarinankerronta', sv: 'Berättande', en: 'Storytelling' } },
  'drawing-painting': { id: '01KDVDNA0FY745PCA45RWN5E2H', label: { fi: 'Piirtäminen ja maalaus', sv: 'Teckning och målning', en: 'Drawing and painting' } },
  singing: { id: '01KDVDNA0G248JQJV51XYMVCYJ', label: { fi: 'Laulu', sv: 'Sång', en: 'Singing' } },
  movement: { id: '01KDVDNA0HKQBQR1REMZF0C911', label: { fi: 'Liikkuminen', sv: 'Rörelse', en: 'Movement' } },
  outdoors: { id: '01KDVDNA0JEXYD6D1M2RC9YBWE', label: { fi: 'Ulkoilu', sv: 'Friluftsliv', en: 'Outdoors' } },
  animals: { id: '01KDVDNA0KN3FEJ8ZCT13E6EA4', label: { fi: 'Eläimet', sv: 'Djur', en: 'Animals' } },
  reading: { id: '01KDVDNA0M2MRJQRXWT28PSMR8', label: { fi: 'Lukeminen', sv: 'Läsning', en: 'Reading' } },
  crafts: { id: '01KDVDNA0N11WR74MBH0JR66VY', label: { fi: 'Käsityö', sv: 'Hantverk', en: 'Crafts' } },
  'digital-skills': { id: '01KDVDNA0P8CS8Y8FW29QFJ76V', label: { fi: 'Digitaidot', sv: 'Digitala färdigheter', en: 'Digital skills' } },
  architecture: { id: '01KDVDNA0QRK31XZB23CT1EC3A', label: { fi: 'Arkkitehtuuri', sv: 'Arkitektur', en: 'Architecture' } },
  sustainability: { id: '01KDVDNA0RVGEH534V30WTJJZ8', label: { fi: 'Kestävä kehitys', sv: 'Hållbar utveckling', en: 'Sustainability' } },
} as const satisfies Record<string, { id: string; label: Label }>;

/** Retired: still on old offerings, no longer offered as a choice (shows how retiring looks). */
const retiredKeywords = {
  multimedia: { id: '01KDVDNA0S18B437YVG2V7C0J0', label: { fi: 'Multimedia', sv: 'Multimedia', en: 'Multimedia' } },
} as const satisfies Record<string, { id: string; label: Label }>;

const createdAt = '2026-01-01T00:00:00.000Z';
const terms = (vocabulary: VocabularyName, entries: Record<string, { id: string; label: Label }>, retired: boolean): Term[] =>
  Object.values(entries).map(({ id, label }) => ({ id, vocabulary, label, retired, version: 1, createdAt, updatedAt: createdAt }));

export const demoTerms: Term[] = [
  ...terms('category', demoCategories, false),
  ...terms('keyword', demoKeywords, false),
  ...terms('keyword', retiredKeywords, true),
];

type CategoryKey = keyof typeof demoCategories;
type KeywordKey = keyof typeof demoKeywords;

/** Each demo offering's categories and keywords, by offering key (demo-content.ts). */
export const demoOfferingTerms: Record<string, [CategoryKey[], KeywordKey[]]> = {
  'city-then-and-now': [['history'], ['guided-tour']],
  'workers-home': [['history'], ['guided-tour', 'architecture']],
  'city-buildings-virtual': [['history'], ['architecture', 'digital-skills']],
  'old-toys': [['history'], ['storytelling']],
  'history-suitcase': [['history'], ['crafts']],
  'whose-city': [['history', 'media'], ['architecture', 'sustainability']],
  'colour-play': [['visual-arts'], ['drawing-painting', 'movement']],
  'art-tour-swedish': [['visual-arts'], ['guided-tour']],
  'look-closer-online': [['visual-arts'], ['workshop', 'digital-skills']],
  'printmaking-workshop': [['visual-arts'], ['workshop', 'crafts']],
  'contemporary-art-english': [['visual-arts'], ['guided-tour']],
  'teachers-evening': [['visual-arts'], ['guided-tour']],
  'dinosaur-trail': [['science', 'nature'], ['guided-tour', 'animals']],
  'who-lives-in-the-forest': [['nature'], ['animals', 'storytelling']],
  'climate-live': [['science', 'nature'], ['sustainability', 'digital-skills']],
  'evolution-workshop': [['science'], ['workshop', 'animals']],
  'skeletons-swedish': [['science'], ['guided-tour', 'animals']],
  'animals-ukrainian': [['nature'], ['guided-tour', 'animals']],
  'seven-brothers-school-show': [['theatre', 'literature'], ['performance']],
  'backstage-peek': [['theatre'], ['guided-tour']],
  'touring-play-outside': [['theatre'], ['performance']],
  'voice-workshop-online': [['theatre'], ['workshop', 'digital-skills']],
  'snow-queen': [['theatre'], ['performance', 'storytelling']],
  'hedgehog-puppet-show': [['theatre'], ['performance', 'storytelling']],
  'baby-theatre-light': [['theatre'], ['performance']],
  'puppet-stories-swedish': [['theatre', 'literature'], ['storytelling']],
  'touring-puppets-daycare': [['theatre'], ['performance']],
  'fairy-forest-drama': [['theatre'], ['storytelling', 'movement']],
  'story-hour': [['literature'], ['storytelling', 'reading']],
  'rhyme-time-drop-in': [['literature'], ['singing', 'reading']],
  'book-talk-at-school': [['literature'], ['reading']],
  'library-adventure': [['literature'], ['reading']],
  'author-visit-online': [['literature'], ['reading', 'digital-skills']],
  'sami-stories': [['literature'], ['storytelling']],
  'bilingual-story-time-russian': [['literature'], ['storytelling', 'reading']],
  'makerspace-3d': [['media', 'science'], ['workshop', 'digital-skills']],
  'school-concert': [['music'], ['concert']],
  'lullaby-concert': [['music'], ['concert', 'singing']],
  'string-quartet-visit': [['music'], ['concert']],
  'concert-stream': [['music'], ['concert', 'digital-skills']],
  'open-rehearsal': [['music'], ['concert']],
  'swimming-lessons': [['sports'], ['movement']],
  'skating-school': [['sports'], ['movement']],
  'ice-hockey-taster': [['sports'], ['movement']],
  'orienteering-course': [['sports', 'nature'], ['outdoors', 'movement']],
  'toddler-obstacle-course': [['sports'], ['movement']],
  'active-recess-training': [['sports'], ['movement', 'outdoors']],
  'disc-golf-basics': [['sports'], ['outdoors', 'movement']],
  'creative-dance-little': [['dance'], ['movement']],
  'street-dance-at-school': [['dance'], ['workshop', 'movement']],
  'gravity-performance': [['dance'], ['performance']],
  'dance-special-groups': [['dance'], ['movement']],
  'comics-workshop': [['visual-arts', 'literature'], ['workshop', 'drawing-painting']],
  'joik-concert': [['music'], ['concert', 'singing']],
  'short-film-club': [['media'], ['digital-skills']],
  'improv-in-english': [['theatre'], ['workshop']],
  'little-forest-explorers': [['nature'], ['outdoors', 'animals']],
  'shore-meadow-and-sea': [['nature', 'science'], ['outdoors', 'animals']],
  'schoolyard-nature': [['nature'], ['outdoors', 'sustainability']],
  'biology-field-day': [['nature', 'science'], ['outdoors']],
};
