/**
 * The recall part: each application's service-account key (so a key file handed out before a
 * restart keeps working), the access tokens issued to service accounts, the Recall sessions and
 * the Recall links (`EmulatorState.serviceAccounts`, `serviceAccountTokens`, `recallSessions`,
 * `recallLinks`). Records refer to applications by ID and to players by player ID. A document
 * without service accounts keeps the running emulator's keys.
 */
import { Type, type Static } from 'typebox';
import { serviceAccountFromKey, type ServiceAccountRecord } from '../../service-accounts.js';
import type { ApplicationRecord, RecallLinkRecord, RecallSessionRecord, ServiceAccountTokenRecord } from '../../state.js';
import { applicationOf, checkShape, playerOf, refuse, type StatePart } from '../state-part.js';

const Text = Type.String({ minLength: 1, maxLength: 500 });
const Secret = Type.String({ minLength: 1, maxLength: 1000 });
const EpochMs = Type.Integer({ minimum: 0 });

const RecallJson = Type.Object(
  {
    serviceAccounts: Type.Array(Type.Object({ applicationId: Text, privateKeyPem: Type.String({ minLength: 1, maxLength: 20_000 }) }, { additionalProperties: false })),
    serviceAccountTokens: Type.Array(
      Type.Object({ token: Secret, applicationId: Text, scopes: Type.Array(Text), issuedAt: EpochMs, expiresAt: EpochMs }, { additionalProperties: false }),
    ),
    sessions: Type.Array(Type.Object({ sessionId: Secret, applicationId: Text, playerId: Text, expiresAt: EpochMs }, { additionalProperties: false })),
    links: Type.Array(
      Type.Object(
        {
          applicationId: Text,
          links: Type.Array(
            Type.Object(
              { playerId: Text, persona: Secret, token: Secret, linkedAt: EpochMs, expiresAt: Type.Optional(EpochMs) },
              { additionalProperties: false },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export type RecallPartJson = Static<typeof RecallJson>;

export const recallPart: StatePart<RecallPartJson> = {
  name: 'recall',
  schema: RecallJson,
  empty: { serviceAccounts: [], serviceAccountTokens: [], sessions: [], links: [] },

  encode(state) {
    return {
      serviceAccounts: [...state.serviceAccounts.values()].map((account) => ({ applicationId: account.applicationId, privateKeyPem: account.privateKeyPem })),
      serviceAccountTokens: [...state.serviceAccountTokens].map(([token, record]) => ({
        token,
        applicationId: record.application.applicationId,
        scopes: [...record.scopes],
        issuedAt: record.issuedAt,
        expiresAt: record.expiresAt,
      })),
      sessions: [...state.recallSessions].map(([sessionId, session]) => ({
        sessionId,
        applicationId: session.application.applicationId,
        playerId: session.player.playerId,
        expiresAt: session.expiresAt,
      })),
      links: [...state.recallLinks].map(([application, links]) => ({
        applicationId: application.applicationId,
        links: links.map((link) => ({
          playerId: link.player.playerId,
          persona: link.persona,
          token: link.token,
          linkedAt: link.linkedAt,
          ...(link.expiresAt === undefined ? {} : { expiresAt: link.expiresAt }),
        })),
      })),
    };
  },

  decode(json, context) {
    checkShape(RecallJson, json, 'recall');
    const { state } = context;
    const accounts = new Map<string, ServiceAccountRecord>(json.serviceAccounts.length === 0 ? state.serviceAccounts : []);
    json.serviceAccounts.forEach((saved, a) => {
      const field = `recall.serviceAccounts[${a}]`;
      applicationOf(state, saved.applicationId, `${field}.applicationId`);
      if (accounts.has(saved.applicationId)) refuse(`${field}.applicationId`, `lists application ${saved.applicationId} twice`);
      try {
        accounts.set(saved.applicationId, serviceAccountFromKey(saved.applicationId, saved.privateKeyPem));
      } catch {
        // The message names the field, never the key material.
        refuse(`${field}.privateKeyPem`, 'is not a usable private key');
      }
    });
    const accountOf = (application: ApplicationRecord, field: string): ServiceAccountRecord => {
      const account = accounts.get(application.applicationId);
      if (!account) refuse(field, `names application ${application.applicationId}, whose service account is not in the state`);
      return account;
    };

    const tokens = new Map<string, ServiceAccountTokenRecord>();
    json.serviceAccountTokens.forEach((saved, t) => {
      const field = `recall.serviceAccountTokens[${t}]`;
      const application = applicationOf(state, saved.applicationId, `${field}.applicationId`);
      if (tokens.has(saved.token)) refuse(`${field}.token`, 'is listed twice');
      tokens.set(saved.token, { account: accountOf(application, `${field}.applicationId`), application, scopes: saved.scopes, issuedAt: saved.issuedAt, expiresAt: saved.expiresAt });
    });

    const sessions = new Map<string, RecallSessionRecord>();
    json.sessions.forEach((saved, s) => {
      const field = `recall.sessions[${s}]`;
      if (sessions.has(saved.sessionId)) refuse(`${field}.sessionId`, 'is listed twice');
      sessions.set(saved.sessionId, {
        player: playerOf(context, saved.playerId, `${field}.playerId`),
        application: applicationOf(state, saved.applicationId, `${field}.applicationId`),
        expiresAt: saved.expiresAt,
      });
    });

    const links = new Map<ApplicationRecord, RecallLinkRecord[]>();
    json.links.forEach((entry, e) => {
      const field = `recall.links[${e}]`;
      const application = applicationOf(state, entry.applicationId, `${field}.applicationId`);
      if (links.has(application)) refuse(`${field}.applicationId`, `lists application ${entry.applicationId} twice`);
      links.set(
        application,
        entry.links.map((link, l) => ({
          player: playerOf(context, link.playerId, `${field}.links[${l}].playerId`),
          persona: link.persona,
          token: link.token,
          linkedAt: link.linkedAt,
          expiresAt: link.expiresAt,
        })),
      );
    });

    return (target) => {
      target.serviceAccounts = accounts;
      target.serviceAccountTokens = tokens;
      target.recallSessions = sessions;
      target.recallLinks = links;
    };
  },
};
