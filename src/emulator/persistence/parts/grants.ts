/**
 * The grants part: every grant with its refresh token, every access token issued and not yet
 * forgotten, and every server auth code not yet used (`EmulatorState.codes`, `accessTokens`,
 * `refreshTokens`, and each player's `grants`). Tokens and codes are the emulator's own test
 * values: they are saved as they are, so that a client holding one keeps working after a
 * restart, and never logged.
 */
import { Type, type Static } from 'typebox';
import type { AccessTokenRecord, CodeRecord, GrantRecord } from '../../state.js';
import { checkShape, clientOf, playerOf, refuse, type StatePart } from '../state-part.js';

const Text = Type.String({ minLength: 1, maxLength: 2000 });
const EpochMs = Type.Integer({ minimum: 0 });
const Scopes = Type.Array(Type.String({ minLength: 1, maxLength: 500 }));

const GrantJson = Type.Object(
  {
    id: Text,
    playerId: Text,
    clientId: Text,
    scopes: Scopes,
    createdAt: EpochMs,
    revoked: Type.Boolean(),
    refreshToken: Type.Optional(Text),
    refreshTokenLastUsedAt: EpochMs,
  },
  { additionalProperties: false },
);

const AccessTokenJson = Type.Object({ token: Text, grantId: Text, issuedAt: EpochMs, expiresAt: EpochMs }, { additionalProperties: false });

const CodeJson = Type.Object(
  { code: Text, playerId: Text, clientId: Text, scopes: Scopes, forceRefreshToken: Type.Boolean(), expiresAt: EpochMs },
  { additionalProperties: false },
);

const GrantsJson = Type.Object(
  { grants: Type.Array(GrantJson), accessTokens: Type.Array(AccessTokenJson), codes: Type.Array(CodeJson) },
  { additionalProperties: false },
);

export type GrantsPartJson = Static<typeof GrantsJson>;

export const grantsPart: StatePart<GrantsPartJson> = {
  name: 'grants',
  schema: GrantsJson,
  empty: { grants: [], accessTokens: [], codes: [] },

  encode(state) {
    const grants: GrantsPartJson['grants'] = [];
    for (const player of state.players.values()) {
      for (const grant of player.grants) {
        grants.push({
          id: grant.id,
          playerId: player.playerId,
          clientId: grant.client.clientId,
          scopes: [...grant.scopes],
          createdAt: grant.createdAt,
          revoked: grant.revoked,
          ...(grant.refreshToken === undefined ? {} : { refreshToken: grant.refreshToken }),
          refreshTokenLastUsedAt: grant.refreshTokenLastUsedAt,
        });
      }
    }
    return {
      grants,
      accessTokens: [...state.accessTokens].map(([token, record]) => ({
        token,
        grantId: record.grant.id,
        issuedAt: record.issuedAt,
        expiresAt: record.expiresAt,
      })),
      codes: [...state.codes].map(([code, record]) => ({
        code,
        playerId: record.player.playerId,
        clientId: record.client.clientId,
        scopes: [...record.scopes],
        forceRefreshToken: record.forceRefreshToken,
        expiresAt: record.expiresAt,
      })),
    };
  },

  decode(json, context) {
    checkShape(GrantsJson, json, 'grants');
    const refreshTokens = new Map<string, GrantRecord>();
    const seenRefreshTokens = new Set<string>();
    json.grants.forEach((entry, g) => {
      const field = `grants.grants[${g}]`;
      if (context.grants.has(entry.id)) refuse(`${field}.id`, `${entry.id} is another grant's ID too`);
      const player = playerOf(context, entry.playerId, `${field}.playerId`);
      const client = clientOf(context.state, entry.clientId, `${field}.clientId`);
      const grant: GrantRecord = {
        id: entry.id,
        player,
        client,
        scopes: [...entry.scopes],
        createdAt: entry.createdAt,
        revoked: entry.revoked,
        refreshToken: entry.refreshToken,
        refreshTokenLastUsedAt: entry.refreshTokenLastUsedAt,
        accessTokens: new Set(),
      };
      if (entry.refreshToken !== undefined) {
        if (seenRefreshTokens.has(entry.refreshToken)) refuse(`${field}.refreshToken`, "is another grant's refresh token too");
        seenRefreshTokens.add(entry.refreshToken);
        // A revoked grant keeps its token for the record, but the token no longer finds it.
        if (!entry.revoked) refreshTokens.set(entry.refreshToken, grant);
      }
      context.grants.set(grant.id, grant);
      player.grants.push(grant);
    });

    const accessTokens = new Map<string, AccessTokenRecord>();
    json.accessTokens.forEach((entry, t) => {
      const field = `grants.accessTokens[${t}]`;
      const grant = context.grants.get(entry.grantId);
      if (!grant) refuse(`${field}.grantId`, `names grant ${entry.grantId}, which is not in the state's grants`);
      if (accessTokens.has(entry.token)) refuse(`${field}.token`, 'is listed twice');
      // A revoked grant's tokens are forgotten when it is revoked: one still listed is dropped.
      if (grant.revoked) return;
      accessTokens.set(entry.token, { grant, issuedAt: entry.issuedAt, expiresAt: entry.expiresAt });
      grant.accessTokens.add(entry.token);
    });

    const codes = new Map<string, CodeRecord>();
    json.codes.forEach((entry, c) => {
      const field = `grants.codes[${c}]`;
      if (codes.has(entry.code)) refuse(`${field}.code`, 'is listed twice');
      codes.set(entry.code, {
        player: playerOf(context, entry.playerId, `${field}.playerId`),
        client: clientOf(context.state, entry.clientId, `${field}.clientId`),
        scopes: [...entry.scopes],
        forceRefreshToken: entry.forceRefreshToken,
        expiresAt: entry.expiresAt,
      });
    });

    return (state) => {
      state.refreshTokens = refreshTokens;
      state.accessTokens = accessTokens;
      state.codes = codes;
    };
  },
};
