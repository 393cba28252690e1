import { describe, expect, it } from 'vitest';
import { formatScore, localized } from './score-format.js';

const bundle = (...pairs: Array<[string, string]>) => ({ translations: pairs.map(([locale, value]) => ({ locale, value })) });

describe('formatScore', () => {
  it('shows plain digits without a format', () => {
    expect(formatScore(-42n, undefined)).toBe('-42');
    expect(formatScore(9223372036854775807n, undefined)).toBe('9223372036854775807');
  });

  it('NUMERIC: places the decimal point and picks the plural suffix', () => {
    const format = { numberFormatType: 'NUMERIC' as const, numDecimalPlaces: 2, suffix: { one: bundle(['en', ' kg']), other: bundle(['en', ' kgs']) } };
    expect(formatScore(12345n, format)).toBe('123.45 kgs');
    expect(formatScore(5n, format)).toBe('0.05 kgs');
    const points = { numberFormatType: 'NUMERIC' as const, suffix: { one: bundle(['en', ' point']), other: bundle(['en', ' points']) } };
    expect([formatScore(1n, points), formatScore(2n, points), formatScore(0n, points)]).toEqual(['1 point', '2 points', '0 points']);
  });

  it('TIME_DURATION reads milliseconds (Google: 66032 shows as 1:06.03)', () => {
    const format = { numberFormatType: 'TIME_DURATION' as const };
    expect(formatScore(66032n, format)).toBe('1:06.03');
    expect(formatScore(3_723_450n, format)).toBe('1:02:03.45');
    expect(formatScore(999n, format)).toBe('0:00.99');
  });

  it('CURRENCY reads micros (Google: 19950000 shows as $19.95)', () => {
    expect(formatScore(19_950_000n, { numberFormatType: 'CURRENCY', currencyCode: 'USD' })).toBe('$19.95');
    expect(formatScore(1_234_567_000_000n, { numberFormatType: 'CURRENCY', currencyCode: 'EUR' })).toBe('€1,234,567.00');
    expect(formatScore(5_000_000n, { numberFormatType: 'CURRENCY', currencyCode: 'JPY' })).toBe('¥5');
  });
});

describe('localized', () => {
  it('takes the exact locale, then the language, then the first translation', () => {
    const names = bundle(['en-US', 'High Score'], ['de-DE', 'Höchstpunktzahl'], ['pt-BR', 'Recorde']);
    expect([localized(names, 'de-DE'), localized(names, 'de'), localized(names, 'pt_BR'), localized(names, 'fr'), localized(names, undefined)]).toEqual([
      'Höchstpunktzahl',
      'Höchstpunktzahl',
      'Recorde',
      'High Score',
      'High Score',
    ]);
  });
});
