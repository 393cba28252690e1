import { describe, expect, it } from 'vitest';
import { googleStatusForHttp } from './errors.js';

describe('googleStatusForHttp', () => {
  it.each([
    [200, 'OK'],
    [400, 'INVALID_ARGUMENT'],
    [401, 'UNAUTHENTICATED'],
    [403, 'PERMISSION_DENIED'],
    [404, 'NOT_FOUND'],
    [409, 'ABORTED'],
    [416, 'OUT_OF_RANGE'],
    [429, 'RESOURCE_EXHAUSTED'],
    [499, 'CANCELLED'],
    [500, 'INTERNAL'],
    [501, 'UNIMPLEMENTED'],
    [503, 'UNAVAILABLE'],
    [504, 'DEADLINE_EXCEEDED'],
    // Outside Google's mapping: the backend's clients and the emulator once disagreed on 413.
    [413, 'FAILED_PRECONDITION'],
    [418, 'FAILED_PRECONDITION'],
    [502, 'INTERNAL'],
    [599, 'INTERNAL'],
    [302, 'UNKNOWN'],
  ])('%i → %s', (status, name) => {
    expect(googleStatusForHttp(status)).toBe(name);
  });
});
