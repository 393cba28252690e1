import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { checkFirstValidatorCompiler } from './check-first-validator.js';

const compile = (schema: Parameters<typeof checkFirstValidatorCompiler>[0]['schema'], httpPart: string) =>
  checkFirstValidatorCompiler({ schema, httpPart, method: 'GET', url: '/x' }) as (value: unknown) => { value?: unknown; error?: unknown[] };

describe('checkFirstValidatorCompiler', () => {
  const query = Type.Object({ maxResults: Type.Optional(Type.Integer({ minimum: 1 })), language: Type.Optional(Type.String()) });

  it('hands back a value that already checks as it is, the very object', () => {
    const value = { language: 'en-US', maxResults: 5 };
    expect(compile(query, 'querystring')(value).value).toBe(value);
  });

  it('converts query, params and headers that fail the check as strings', () => {
    expect(compile(query, 'querystring')({ maxResults: '10', language: 'fr' })).toEqual({ value: { maxResults: 10, language: 'fr' } });
    expect(compile(Type.Object({ flag: Type.Boolean() }), 'headers')({ flag: 'true', host: 'x' })).toEqual({ value: { flag: true, host: 'x' } });
  });

  it('refuses what no conversion makes valid, with TypeBox errors', () => {
    const result = compile(query, 'querystring')({ maxResults: 'ten' });
    expect(result.value).toBeUndefined();
    expect(result.error).toEqual([expect.objectContaining({ instancePath: '/maxResults' })]);
  });

  it('never converts a body: "5" is not a number', () => {
    const result = compile(Type.Object({ steps: Type.Integer() }), 'body')({ steps: '5' });
    expect(result.value).toBeUndefined();
    expect(result.error).toEqual([expect.objectContaining({ instancePath: '/steps' })]);
    expect(compile(Type.Object({ steps: Type.Integer() }), 'body')({ steps: 5 })).toEqual({ value: { steps: 5 } });
  });
});
