import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { integer, objectIdentifier, time } from './der.js';
import { GOOGLE_CERT_COMMON_NAME, createSelfSignedCertificate } from './x509.js';

describe('DER encoding', () => {
  it('encodes integers in two’s complement with a leading zero when the high bit is set', () => {
    expect(integer(0).toString('hex')).toBe('020100');
    expect(integer(127).toString('hex')).toBe('02017f');
    expect(integer(128).toString('hex')).toBe('02020080');
    expect(integer(Buffer.from([0, 0, 0x01])).toString('hex')).toBe('020101');
  });

  it('encodes object identifiers with base-128 arcs', () => {
    // sha256WithRSAEncryption, a well-known encoding.
    expect(objectIdentifier('1.2.840.113549.1.1.11').toString('hex')).toBe('06092a864886f70d01010b');
  });

  it('uses UTCTime before 2050 and GeneralizedTime after', () => {
    expect(time(new Date('2024-05-29T12:34:56Z')).toString('ascii', 2)).toBe('240529123456Z');
    expect(time(new Date('2051-01-02T03:04:05Z')).toString('ascii', 2)).toBe('20510102030405Z');
  });
});

describe('createSelfSignedCertificate', () => {
  it('builds a certificate Node parses and whose signature verifies with its own key', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const notBefore = new Date('2025-01-01T00:00:00Z');
    const notAfter = new Date('2025-01-15T00:00:00Z');
    const pem = createSelfSignedCertificate({ publicKey, privateKey, notBefore, notAfter });

    expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+\n-----END CERTIFICATE-----\n$/);
    const cert = new X509Certificate(pem);
    expect(cert.verify(publicKey)).toBe(true);
    expect(cert.subject).toBe(`CN=${GOOGLE_CERT_COMMON_NAME}`);
    expect(cert.issuer).toBe(`CN=${GOOGLE_CERT_COMMON_NAME}`);
    expect(new Date(cert.validFrom).toISOString()).toBe(notBefore.toISOString());
    expect(new Date(cert.validTo).toISOString()).toBe(notAfter.toISOString());
    expect(cert.ca).toBe(false);
    expect(cert.publicKey.export({ format: 'jwk' })).toEqual(publicKey.export({ format: 'jwk' }));
  });

  it('does not verify against another key', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = createSelfSignedCertificate({ publicKey, privateKey, notBefore: new Date(), notAfter: new Date(Date.now() + 1000) });
    expect(new X509Certificate(pem).verify(other.publicKey)).toBe(false);
  });
});
