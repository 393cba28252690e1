/**
 * The player as the game client sees it (docs/API.md, 'The player'): their account, the Play
 * Games profile, and the ID-token fields when the player granted them. The internal player ID and
 * anything about the Google grant stay on the server.
 */
import { Type, type Static } from 'typebox';
import { ACCOUNT_ID_SHAPE } from '../../store/account-repository.js';
import type { Player } from '../../store/store.js';
import { component } from '../http/openapi-components.js';

export const PlayerBody = Type.Object(
  {
    accountId: Type.String({
      pattern: ACCOUNT_ID_SHAPE.source,
      description:
        'The game\'s own account of the player: stable, never a Google ID, and the same through Play Games player-ID changes. The ID to key game data on.',
    }),
    playerId: Type.String({ description: 'The Play Games player ID (the current one, after any next-generation ID change).' }),
    displayName: Type.String(),
    avatarImageUrl: Type.Optional(Type.String()),
    title: Type.Optional(Type.String()),
    gamePlayerId: Type.Optional(Type.String({ description: 'Per-game player ID (players.getScopedPlayerIds).' })),
    developerPlayerKey: Type.Optional(Type.String({ description: 'Same across the developer\'s games; changes if the game changes developer account.' })),
    googleSub: Type.Optional(Type.String({ description: 'The Google account\'s stable ID (ID token `sub`); present when `openid` was granted.' })),
    email: Type.Optional(Type.String()),
    emailVerified: Type.Optional(Type.Boolean()),
    name: Type.Optional(Type.String()),
    picture: Type.Optional(Type.String()),
    givenName: Type.Optional(Type.String()),
    familyName: Type.Optional(Type.String()),
    locale: Type.Optional(Type.String()),
    createdAt: Type.Integer({ description: 'Epoch milliseconds.' }),
    lastSignInAt: Type.Integer({ description: 'Epoch milliseconds.' }),
  },
  { additionalProperties: false, ...component('Player') },
);
export type PlayerBody = Static<typeof PlayerBody>;

/** The public view of a stored player; absent fields are left out, never sent as null. */
export function toPlayerBody(player: Player): PlayerBody {
  const optional = {
    avatarImageUrl: player.avatarImageUrl,
    title: player.title,
    gamePlayerId: player.gamePlayerId,
    developerPlayerKey: player.developerPlayerKey,
    googleSub: player.googleSub,
    email: player.email,
    emailVerified: player.emailVerified,
    name: player.name,
    picture: player.picture,
    givenName: player.givenName,
    familyName: player.familyName,
    locale: player.locale,
  };
  const present = Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== null && value !== undefined));
  return {
    accountId: player.accountId,
    playerId: player.playerId,
    displayName: player.displayName,
    ...present,
    createdAt: player.createdAt,
    lastSignInAt: player.lastSignInAt,
  };
}
