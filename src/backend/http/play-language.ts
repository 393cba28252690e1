/**
 * The `language` a request may ask names and descriptions in: one of the languages Google Play
 * supports for a game's texts (the Play Console translations list,
 * https://support.google.com/googleplay/android-developer/answer/9844778), as Google Play
 * writes them (`en-US`, `fil`, `iw-IL`, `es-419`).
 *
 * Why a closed list: every distinct value was a new entry in the shared definitions cache and a
 * Google call (a few KB each, without bound: 32 MB after 9,000 made-up values). Normalised to this
 * list, a game has at most one entry per language it can have texts in. What is not on it is
 * refused with a 400 that says so, never passed to Google.
 */
import { ApiError } from '../errors.js';

/**
 * Google Play's languages. Where a language has several regional variants, the first listed is
 * the one a bare language (or an unlisted region of it) is taken as: `en` → `en-US`, `de-AT` → `de-DE`.
 */
export const PLAY_LANGUAGES = [
  'af', 'am', 'ar', 'az-AZ', 'be', 'bg', 'bn-BD', 'ca', 'cs-CZ', 'da-DK', 'de-DE', 'el-GR',
  'en-US', 'en-GB', 'en-AU', 'en-CA', 'en-IN', 'en-SG', 'en-ZA', 'es-ES', 'es-419', 'es-US',
  'et', 'eu-ES', 'fa', 'fa-AE', 'fa-AF', 'fa-IR', 'fi-FI', 'fil', 'fr-FR', 'fr-CA', 'gl-ES', 'gu',
  'hi-IN', 'hr', 'hu-HU', 'hy-AM', 'id', 'is-IS', 'it-IT', 'iw-IL', 'ja-JP', 'ka-GE', 'kk', 'km-KH',
  'kn-IN', 'ko-KR', 'ky-KG', 'lo-LA', 'lt', 'lv', 'mk-MK', 'ml-IN', 'mn-MN', 'mr-IN', 'ms', 'ms-MY',
  'my-MM', 'ne-NP', 'nl-NL', 'no-NO', 'pa', 'pl-PL', 'pt-BR', 'pt-PT', 'rm', 'ro', 'ru-RU', 'si-LK',
  'sk', 'sl', 'sq', 'sr', 'sv-SE', 'sw', 'ta-IN', 'te-IN', 'th', 'tr-TR', 'uk', 'ur', 'vi', 'zh-CN',
  'zh-TW', 'zh-HK', 'zu',
] as const;

export type PlayLanguage = (typeof PLAY_LANGUAGES)[number];

/** Other BCP 47 spellings of the same languages (ISO 639 renamed some; Google Play kept the old codes). */
const ALIASES: Readonly<Record<string, PlayLanguage>> = {
  he: 'iw-IL',
  'he-IL': 'iw-IL',
  iw: 'iw-IL',
  tl: 'fil',
  'tl-PH': 'fil',
  'fil-PH': 'fil',
  in: 'id',
  'id-ID': 'id',
  nb: 'no-NO',
  'nb-NO': 'no-NO',
  nn: 'no-NO',
  no: 'no-NO',
  'zh-Hans': 'zh-CN',
  'zh-Hans-CN': 'zh-CN',
  'zh-Hant': 'zh-TW',
  'zh-Hant-TW': 'zh-TW',
  'zh-Hant-HK': 'zh-HK',
  'es-MX': 'es-419',
};

const BY_LOWER = new Map<string, PlayLanguage>([
  ...PLAY_LANGUAGES.map((tag) => [tag.toLowerCase(), tag] as const),
  ...Object.entries(ALIASES).map(([alias, tag]) => [alias.toLowerCase(), tag] as const),
]);
const BY_PRIMARY = new Map<string, PlayLanguage>();
for (const tag of PLAY_LANGUAGES) {
  const primary = tag.split('-')[0]!;
  if (!BY_PRIMARY.has(primary)) BY_PRIMARY.set(primary, tag);
}

/**
 * The Google Play language `requested` names (case and `_` or `-` as sent), or undefined when
 * none was asked. Throws `400 INVALID_REQUEST` for one Google Play does not support.
 */
export function playLanguage(requested: string | undefined): PlayLanguage | undefined {
  if (requested === undefined) return undefined;
  const lower = requested.replaceAll('_', '-').toLowerCase();
  const exact = BY_LOWER.get(lower);
  if (exact) return exact;
  const fallback = BY_PRIMARY.get(lower.split('-')[0]!);
  if (fallback) return fallback;
  throw new ApiError('INVALID_REQUEST', {
    message: 'querystring.language must be a language Google Play supports, as a BCP 47 tag such as en-US, fr-FR, pt-BR or es-419 (docs/API.md).',
  });
}
