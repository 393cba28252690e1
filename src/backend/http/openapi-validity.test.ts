/**
 * The OpenAPI document is valid OpenAPI 3.1, checked by @readme/openapi-parser: the 3.1 schema,
 * every `$ref` resolving, no duplicate `operationId` or parameter, valid component names. A
 * generator fed an invalid document fails, or worse, guesses.
 */
import { compileErrors, validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { liveOpenApiDocument } from '../test-support/openapi-document.js';

describe('/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const document = await liveOpenApiDocument();
    // validate() dereferences the document it is given: give it a copy.
    const result = await validate(structuredClone(document) as unknown as Parameters<typeof validate>[0]);
    expect(result.valid ? 'valid' : compileErrors(result)).toBe('valid');
    expect(result.warnings).toEqual([]);
  });

  it('the check refuses a broken document (a $ref to a schema that is not there)', async () => {
    const document = await liveOpenApiDocument();
    delete document.components.schemas.Player;
    const result = await validate(document as unknown as Parameters<typeof validate>[0]);
    expect(result.valid).toBe(false);
  });
});
