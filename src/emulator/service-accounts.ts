/**
 * One service account per application: the game server's identity for server-to-server APIs
 * such as Recall (docs/google/recall.md). Each has an RSA key whose JSON key file the control API
 * hands out (`GET /emulator/v1/applications`, `serviceAccountKey`), as the Cloud console lets a
 * developer download one; the key signs the JWT-bearer assertions that `/token` takes
 * (`oauth/grant-jwt-bearer.ts`).
 *
 * Keys are generated on first use and kept across `reset()`, like the ID-token keys: a server
 * holding a key file must not be locked out by a test's reset.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { derivedDigits } from './ids.js';

/** A service account of one application (plain data besides the cached public key). */
export interface ServiceAccountRecord {
  applicationId: string;
  /** `game-server@pgs-<applicationId>.iam.gserviceaccount.com`: the JWT's `iss`. */
  clientEmail: string;
  /** 21 digits, as Google's service account unique IDs. */
  clientId: string;
  projectId: string;
  /** 40 hex digits, the `private_key_id` of the key file. */
  privateKeyId: string;
  /** PKCS #8 PEM, as the key file carries it. */
  privateKeyPem: string;
  publicKey: KeyObject;
}

/** The JSON key file of a service account, as the Cloud console's download has it. */
export interface ServiceAccountKeyFile {
  type: 'service_account';
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  client_id: string;
  /** The emulator's own token endpoint: where the key's assertions are exchanged. */
  token_uri: string;
  auth_provider_x509_cert_url: string;
  universe_domain: 'googleapis.com';
}

/** A new service account (a fresh RSA 2048 key) for an application. */
export function createServiceAccount(applicationId: string): ServiceAccountRecord {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return serviceAccountFromKey(applicationId, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
}

/** The service account of an application with a given private key (a restored state). */
export function serviceAccountFromKey(applicationId: string, privateKeyPem: string): ServiceAccountRecord {
  const privateKey = createPrivateKey(privateKeyPem);
  const publicKey = createPublicKey(privateKey);
  const projectId = `pgs-${applicationId}`;
  return {
    applicationId,
    clientEmail: `game-server@${projectId}.iam.gserviceaccount.com`,
    clientId: derivedDigits(`service-account:${applicationId}`, 21),
    projectId,
    privateKeyId: createHash('sha1').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex'),
    privateKeyPem,
    publicKey,
  };
}

/** The key file a developer would download, its `token_uri` pointing at the emulator at `baseUrl`. */
export function serviceAccountKeyFile(account: ServiceAccountRecord, baseUrl: string): ServiceAccountKeyFile {
  return {
    type: 'service_account',
    project_id: account.projectId,
    private_key_id: account.privateKeyId,
    private_key: account.privateKeyPem,
    client_email: account.clientEmail,
    client_id: account.clientId,
    token_uri: `${baseUrl}/token`,
    auth_provider_x509_cert_url: `${baseUrl}/oauth2/v1/certs`,
    universe_domain: 'googleapis.com',
  };
}
