import { describe, expect, it } from 'vitest';
import { BatchFormatError, formatBatch, parseBatch, responseContentId } from './batch-format.js';

const TYPE = 'multipart/mixed; boundary=batch_foobarbaz';

function failure(contentType: string | undefined, body: string): string {
  try {
    parseBatch(contentType, body);
  } catch (error) {
    if (error instanceof BatchFormatError) return error.detail;
    throw error;
  }
  throw new Error('expected a BatchFormatError');
}

describe('parseBatch', () => {
  it('reads the parts of Google’s own example, with CRLF line ends', () => {
    const body = [
      '--batch_foobarbaz',
      'Content-Type: application/http',
      'Content-ID: <item1:12930812@barnyard.example.com>',
      '',
      'GET /games/v1/players/me',
      '',
      '--batch_foobarbaz',
      'Content-Type: application/http',
      'Content-ID: <item2:12930812@barnyard.example.com>',
      '',
      'POST https://games.googleapis.com/games/v1/achievements/updateMultiple?alt=json HTTP/1.1',
      'Content-Type: application/json',
      'Authorization: Bearer inner',
      '',
      '{"updates":[]}',
      '--batch_foobarbaz--',
      '',
    ].join('\r\n');
    expect(parseBatch(TYPE, body)).toEqual([
      { contentId: '<item1:12930812@barnyard.example.com>', method: 'GET', url: '/games/v1/players/me', headers: {}, body: '' },
      {
        contentId: '<item2:12930812@barnyard.example.com>',
        method: 'POST',
        url: '/games/v1/achievements/updateMultiple?alt=json',
        headers: { 'content-type': 'application/json', authorization: 'Bearer inner' },
        body: '{"updates":[]}',
      },
    ]);
  });

  it('reads bare LF line ends, a quoted boundary, a preamble and a part without Content-ID', () => {
    const body = 'preamble\n--b 1\ncontent-type: application/http\n\nGET /games/v1/players/me HTTP/1.1\n\n--b 1--\n';
    expect(parseBatch('multipart/mixed; boundary="b 1"', body)).toEqual([{ contentId: undefined, method: 'GET', url: '/games/v1/players/me', headers: {}, body: '' }]);
  });

  it('reads a batch as google-api-python-client writes it: LF line ends, a quoted boundary, a folded part header, a Host inside', () => {
    const body = [
      '--===============0155==',
      'Content-Type: application/http',
      'MIME-Version: 1.0',
      'Content-Transfer-Encoding: binary',
      'Content-ID:',
      ' <2f0e6b0c-0d7e-4c1b-9f3c-1d7a3b9b8e11 + 1>',
      '',
      'POST /games/v1/achievements/updateMultiple?alt=json HTTP/1.1',
      'Content-Type: application/json',
      'MIME-Version: 1.0',
      'accept: application/json',
      'authorization: Bearer inner',
      'Host: 127.0.0.1:8090',
      'content-length: 14',
      '',
      '{"updates":[]}',
      '--===============0155==--',
      '',
    ].join('\n');
    expect(parseBatch('multipart/mixed; boundary="===============0155=="', body)).toEqual([
      {
        contentId: '<2f0e6b0c-0d7e-4c1b-9f3c-1d7a3b9b8e11 + 1>',
        method: 'POST',
        url: '/games/v1/achievements/updateMultiple?alt=json',
        headers: {
          'content-type': 'application/json',
          'mime-version': '1.0',
          accept: 'application/json',
          authorization: 'Bearer inner',
          host: '127.0.0.1:8090',
          'content-length': '14',
        },
        body: '{"updates":[]}',
      },
    ]);
  });

  it('keeps a body’s own line breaks', () => {
    const body = '--x\r\nContent-Type: application/http\r\n\r\nPOST /games/v1/a\r\n\r\n{\r\n"a": 1\r\n}\r\n--x--';
    expect(parseBatch('multipart/mixed; boundary=x', body)[0]!.body).toBe('{\r\n"a": 1\r\n}');
  });

  it.each<[string | undefined, string, string]>([
    [undefined, '', 'the content type is not multipart/mixed'],
    ['application/json', '{}', 'the content type is not multipart/mixed'],
    ['multipart/mixed', '--x--', 'the content type has no boundary'],
    [TYPE, '', 'the body does not end with the closing boundary'],
    [TYPE, '--batch_foobarbaz--', '0 items'],
    [TYPE, '--batch_foobarbaz\r\nContent-Type: application/http\r\n\r\nGET /games/v1/players/me\r\n', 'the body does not end with the closing boundary'],
    [TYPE, '--batch_foobarbaz\r\nContent-Type: text/plain\r\n\r\nGET /games/v1/players/me\r\n--batch_foobarbaz--', 'part 1 is not application/http'],
    [TYPE, '--batch_foobarbaz\r\n\r\nGET /games/v1/players/me\r\n--batch_foobarbaz--', 'part 1 is not application/http'],
    [TYPE, '--batch_foobarbaz\r\nContent-Type: application/http\r\n\r\nnot a request line\r\n--batch_foobarbaz--', 'part 1 has no request line'],
    [TYPE, '--batch_foobarbaz\r\nContent-Type: application/http\r\n\r\nGET games\r\n--batch_foobarbaz--', 'a request line has no valid URL: "games"'],
    [TYPE, '--batch_foobarbaz\r\nContent-Type: application/http\r\n\r\nGET /a\r\nno colon\r\n\r\n--batch_foobarbaz--', 'a header line has no name: "no colon"'],
  ])('refuses content type %j with body %j: %s', (contentType, body, detail) => {
    expect(failure(contentType, body)).toBe(detail);
  });
});

describe('formatBatch', () => {
  it('writes one application/http part per answer, echoing Content-ID as response-…, with CRLF', () => {
    const text = formatBatch(
      [
        { contentId: '<abc + 1>', status: 200, headers: { 'content-type': 'application/json' }, body: '{"a":"é"}' },
        { contentId: undefined, status: 204, headers: {}, body: '' },
      ],
      'batch_x',
    );
    expect(text).toBe(
      [
        '--batch_x',
        'Content-Type: application/http',
        'Content-ID: <response-abc + 1>',
        '',
        'HTTP/1.1 200 OK',
        'content-type: application/json',
        'content-length: 10',
        '',
        '{"a":"é"}',
        '--batch_x',
        'Content-Type: application/http',
        '',
        'HTTP/1.1 204 No Content',
        '',
        '',
        '--batch_x--',
        '',
      ].join('\r\n'),
    );
  });

  it('wraps a Content-ID sent without angle brackets', () => {
    expect(responseContentId('item1')).toBe('<response-item1>');
    expect(responseContentId('<item1>')).toBe('<response-item1>');
  });
});
