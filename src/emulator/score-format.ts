/**
 * `formattedScore` / `scoreString`: a score as the Play Console's format shows it
 * (https://developer.android.com/games/pgs/leaderboards, "Score formatting"). Scores are always
 * int64; NUMERIC places a decimal point (`numDecimalPlaces`) and adds the suffix of the plural
 * form; TIME_DURATION reads milliseconds (66032 → `1:06.03`); CURRENCY reads micros
 * (19950000 USD → `$19.95`). Google localises by `language`; the emulator formats in English,
 * with the suffix in the language asked when the seed has it.
 */
import type { LocalizedStringBundle, ScoreFormatConfig } from './seed-leaderboards.js';

/** The translation for `language` (exact locale, then its language, then the first one). */
export function localized(bundle: LocalizedStringBundle, language: string | undefined): string {
  const { translations } = bundle;
  if (language !== undefined) {
    const wanted = language.toLowerCase().replace('_', '-');
    const exact = translations.find((t) => t.locale.toLowerCase().replace('_', '-') === wanted);
    if (exact) return exact.value;
    const base = wanted.split('-')[0];
    const sameLanguage = translations.find((t) => t.locale.toLowerCase().split(/[-_]/)[0] === base);
    if (sameLanguage) return sameLanguage.value;
  }
  return translations[0]!.value;
}

/** `digits` with a decimal point `places` from the right: ("12345", 2) → "123.45". */
function withDecimals(magnitude: bigint, places: number): string {
  if (places === 0) return magnitude.toString();
  const digits = magnitude.toString().padStart(places + 1, '0');
  return `${digits.slice(0, -places)}.${digits.slice(-places)}`;
}

function numeric(value: bigint, format: ScoreFormatConfig, language: string | undefined): string {
  const places = format.numDecimalPlaces ?? 0;
  const negative = value < 0n;
  const text = `${negative ? '-' : ''}${withDecimals(negative ? -value : value, places)}`;
  const suffix = format.suffix;
  if (!suffix) return text;
  // The plural form of the number shown, as the console's "zero / one / other…" suffixes work.
  const form = new Intl.PluralRules('en', { minimumFractionDigits: places }).select(Number(text));
  const bundle = (value === 0n ? suffix.zero : undefined) ?? suffix[form] ?? suffix.other;
  return bundle ? `${text}${localized(bundle, language)}` : text;
}

function duration(ms: bigint): string {
  const negative = ms < 0n;
  let rest = negative ? -ms : ms;
  const hundredths = (rest % 1000n) / 10n;
  rest /= 1000n;
  const seconds = rest % 60n;
  rest /= 60n;
  const minutes = rest % 60n;
  const hours = rest / 60n;
  const two = (n: bigint) => n.toString().padStart(2, '0');
  const clock = hours > 0n ? `${hours}:${two(minutes)}:${two(seconds)}` : `${minutes}:${two(seconds)}`;
  return `${negative ? '-' : ''}${clock}.${two(hundredths)}`;
}

function currency(micros: bigint, code: string): string {
  const formatter = new Intl.NumberFormat('en-US', { style: 'currency', currency: code });
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  // Whole units and the cents (or whatever the currency's minor unit) exactly, without floats.
  const scale = 10n ** BigInt(6 - Math.min(digits, 6));
  const minor = micros / scale;
  const parts = formatter.formatToParts(0);
  const symbol = parts.filter((part) => part.type === 'currency').map((part) => part.value).join('');
  const negative = minor < 0n;
  const magnitude = withDecimals(negative ? -minor : minor, Math.min(digits, 6));
  const [whole = '0', fraction] = magnitude.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${symbol}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** The score as Google would show it; plain digits without a format. */
export function formatScore(value: bigint, format: ScoreFormatConfig | undefined, language?: string): string {
  switch (format?.numberFormatType) {
    case undefined:
      return value.toString();
    case 'NUMERIC':
      return numeric(value, format, language);
    case 'TIME_DURATION':
      return duration(value);
    case 'CURRENCY':
      return currency(value, format.currencyCode ?? 'USD');
  }
}
