/**
 * Builds the self-signed X.509 v3 certificates that Google serves as its PEM key set
 * (`https://www.googleapis.com/oauth2/v1/certs`: `{ kid: "-----BEGIN CERTIFICATE-----…" }`).
 * google-auth-library verifies ID tokens against these PEMs when it runs on Node.
 * Structure: RFC 5280 §4.1; signature sha256WithRSAEncryption (RFC 4055).
 */
import { randomBytes, sign, type KeyObject } from 'node:crypto';
import {
  bitString,
  boolean,
  explicit,
  integer,
  nullValue,
  objectIdentifier,
  octetString,
  sequence,
  set,
  time,
  utf8String,
} from './der.js';

const OID_SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const OID_COMMON_NAME = '2.5.4.3';
const OID_BASIC_CONSTRAINTS = '2.5.29.19';
const OID_KEY_USAGE = '2.5.29.15';

/** The common name on Google's federated sign-on certificates. */
export const GOOGLE_CERT_COMMON_NAME = 'federated-signon.system.gserviceaccount.com';

export interface CertificateInput {
  publicKey: KeyObject;
  privateKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  commonName?: string;
}

function name(commonName: string): Buffer {
  return sequence(set(sequence(objectIdentifier(OID_COMMON_NAME), utf8String(commonName))));
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return sequence(objectIdentifier(oid), boolean(critical), octetString(value));
}

/** Creates a self-signed RSA certificate and returns it as PEM text (with a trailing newline). */
export function createSelfSignedCertificate(input: CertificateInput): string {
  const commonName = input.commonName ?? GOOGLE_CERT_COMMON_NAME;
  const algorithm = sequence(objectIdentifier(OID_SHA256_WITH_RSA), nullValue());
  const serial = randomBytes(8);
  serial[0] = (serial[0] ?? 0) & 0x7f | 0x01; // positive and without a leading zero byte
  const spki = input.publicKey.export({ type: 'spki', format: 'der' });
  const tbs = sequence(
    explicit(0, integer(2)), // v3
    integer(serial),
    algorithm,
    name(commonName),
    sequence(time(input.notBefore), time(input.notAfter)),
    name(commonName),
    spki,
    explicit(
      3,
      sequence(
        extension(OID_BASIC_CONSTRAINTS, true, sequence()), // cA defaults to FALSE
        extension(OID_KEY_USAGE, true, bitString(Buffer.from([0x80]), 7)), // digitalSignature
      ),
    ),
  );
  const signature = sign('sha256', tbs, input.privateKey);
  const der = sequence(tbs, algorithm, bitString(signature));
  const base64 = der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----\n`;
}
