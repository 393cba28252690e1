import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import { PLAY_LANGUAGES, playLanguage } from './play-language.js';

describe('playLanguage', () => {
  it('keeps every Google Play language as Google Play writes it', () => {
    for (const tag of PLAY_LANGUAGES) expect(playLanguage(tag)).toBe(tag);
    expect(new Set(PLAY_LANGUAGES).size).toBe(PLAY_LANGUAGES.length);
  });

  it.each([
    ['fr_fr', 'fr-FR'],
    ['EN-us', 'en-US'],
    ['en', 'en-US'],
    ['de', 'de-DE'],
    ['de-AT', 'de-DE'],
    ['en-NZ', 'en-US'],
    ['pt', 'pt-BR'],
    ['he', 'iw-IL'],
    ['he-IL', 'iw-IL'],
    ['tl', 'fil'],
    ['nb-NO', 'no-NO'],
    ['zh-Hant', 'zh-TW'],
    ['zh-hans-cn', 'zh-CN'],
    ['es-MX', 'es-419'],
    ['ES-419', 'es-419'],
  ])('%s → %s', (sent, expected) => {
    expect(playLanguage(sent)).toBe(expected);
  });

  it('no language asked: none', () => {
    expect(playLanguage(undefined)).toBeUndefined();
  });

  it.each(['xx', 'qq-ZZ', 'klingon', 'abc-def'])('refuses %s with 400 INVALID_REQUEST, naming examples', (sent) => {
    let thrown: unknown;
    try {
      playLanguage(sent);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ApiError);
    expect((thrown as ApiError).toBody()).toEqual({ error: { code: 'INVALID_REQUEST', message: expect.stringContaining('en-US') } });
    expect((thrown as ApiError).message).not.toContain(sent);
  });
});
