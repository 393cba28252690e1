/**
 * The grants part: every grant (one per account and client) with its refresh tokens, every
 * access token issued and not yet forgotten, every server auth code not yet used, and the Play
 * Grouping API tokens (`EmulatorState.codes`, `accessTokens`, `refreshTokens`,
 * `playGroupingTokens`, and each player's `grants`). A state saved when a grant held one
 * `refreshToken` (and `refreshTokenLastUsedAt`) still loads: it is that grant's one refresh token. Tokens and codes are the emulator's own test
 * values: they are saved as they are, so that a client holding one keeps working after a
 * restart, and never logged.
 */
import { Type, type Static } from 'typebox';
import type { AccessTokenRecord, CodeRecord, GrantRecord, PlayGroupingTokenRecord, RefreshTokenRecord } from '../../state.js';
import { applicationOf, checkShape, clientOf, playerOf, refuse, type StatePart } from '../state-part.js';

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
    /** Oldest first. */
    refreshTokens: Type.Optional(Type.Array(Type.Object({ token: Text, lastUsedAt: EpochMs }, { additionalProperties: false }))),
    /** The earlier shape: one refresh token per grant. */
    refreshToken: Type.Optional(Text),
    refreshTokenLastUsedAt: Type.Optional(EpochMs),
  },
  { additionalProperties: false },
);

const AccessTokenJson = Type.Object(
  { token: Text, grantId: Text, scopes: Type.Optional(Scopes), issuedAt: EpochMs, expiresAt: EpochMs },
  { additionalProperties: false },
);

const PlayGroupingTokenJson = Type.Object(
  { tokenValue: Text, applicationId: Text, playerId: Text, packageName: Text, persona: Text, recall: Type.Boolean(), createdAt: EpochMs },
  { additionalProperties: false },
);

const CodeJson = Type.Object(
  { code: Text, playerId: Text, clientId: Text, scopes: Scopes, forceRefreshToken: Type.Boolean(), expiresAt: EpochMs },
  { additionalProperties: false },
);

const GrantsJson = Type.Object(
  { grants: Type.Array(GrantJson), accessTokens: Type.Array(AccessTokenJson), codes: Type.Array(CodeJson), playGroupingTokens: Type.Optional(Type.Array(PlayGroupingTokenJson)) },
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
          // A revoked grant's tokens are out of the lookup; their last use is kept as 0.
          refreshTokens: [...grant.refreshTokens].map((token) => ({ token, lastUsedAt: state.refreshTokens.get(token)?.lastUsedAt ?? 0 })),
        });
      }
    }
    return {
      grants,
      accessTokens: [...state.accessTokens].map(([token, record]) => ({
        token,
        grantId: record.grant.id,
        scopes: [...record.scopes],
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
      playGroupingTokens: [...state.playGroupingTokens].map(([tokenValue, record]) => ({
        tokenValue,
        applicationId: record.application.applicationId,
        playerId: record.player.playerId,
        packageName: record.packageName,
        persona: record.persona,
        recall: record.recall,
        createdAt: record.createdAt,
      })),
    };
  },

  decode(json, context) {
    checkShape(GrantsJson, json, 'grants');
    const refreshTokens = new Map<string, RefreshTokenRecord>();
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
        refreshTokens: new Set(),
        accessTokens: new Set(),
      };
      if (player.grants.some((other) => other.client === client)) refuse(`${field}.clientId`, `is a second grant of player ${entry.playerId} for client ${entry.clientId} (one per account and client)`);
      const saved = entry.refreshTokens ?? (entry.refreshToken === undefined ? [] : [{ token: entry.refreshToken, lastUsedAt: entry.refreshTokenLastUsedAt ?? entry.createdAt }]);
      saved.forEach(({ token, lastUsedAt }, r) => {
        if (seenRefreshTokens.has(token)) refuse(`${field}.refreshTokens[${r}].token`, 'is another refresh token of the state too');
        seenRefreshTokens.add(token);
        grant.refreshTokens.add(token);
        // A revoked grant keeps its tokens for the record, but they no longer find it.
        if (!entry.revoked) refreshTokens.set(token, { grant, lastUsedAt });
      });
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
      accessTokens.set(entry.token, { grant, scopes: entry.scopes ?? [...grant.scopes], issuedAt: entry.issuedAt, expiresAt: entry.expiresAt });
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

    const playGroupingTokens = new Map<string, PlayGroupingTokenRecord>();
    (json.playGroupingTokens ?? []).forEach((entry, t) => {
      const field = `grants.playGroupingTokens[${t}]`;
      if (playGroupingTokens.has(entry.tokenValue)) refuse(`${field}.tokenValue`, 'is listed twice');
      playGroupingTokens.set(entry.tokenValue, {
        application: applicationOf(context.state, entry.applicationId, `${field}.applicationId`),
        player: playerOf(context, entry.playerId, `${field}.playerId`),
        packageName: entry.packageName,
        persona: entry.persona,
        recall: entry.recall,
        createdAt: entry.createdAt,
      });
    });

    return (state) => {
      state.refreshTokens = refreshTokens;
      state.accessTokens = accessTokens;
      state.codes = codes;
      state.playGroupingTokens = playGroupingTokens;
    };
  },
};
