/**
 * The rules of Recall links (docs/google/recall.md; what Google leaves open:
 * docs/google/emulator-choices.md, 'Recall'), as functions over the state's `recallLinks`:
 * - a link joins a persona (the game's own account, opaque to Google) and a player, in one
 *   application, with the game's token for it; expired links are dropped as they are met;
 * - `ONE_PERSONA_TO_ONE_PLAYER`: a persona linked to another player, or the player linked to
 *   another persona, is a conflict. `KEEP_EXISTING_LINKS` (the default) changes nothing and answers
 *   `PERSONA_OR_PLAYER_ALREADY_LINKED`; `CREATE_NEW_LINK` removes the conflicting links first;
 * - without a constraint (Google's own Node sample sends none) a persona may be linked to many
 *   players and a player to many personas;
 * - linking a persona and player already linked replaces the token and expiry: `LINK_CREATED`.
 */
import type { LinkPersonaState, RecallCardinalityConstraint, RecallConflictPolicy, RecallToken } from '../../google/wire/recall.js';
import type { ApplicationRecord, EmulatorState, PlayerRecord, RecallLinkRecord } from '../state.js';

export interface NewLink {
  persona: string;
  token: string;
  constraint: RecallCardinalityConstraint | undefined;
  policy: RecallConflictPolicy;
  /** Emulator time, epoch ms; undefined: no expiry. */
  expiresAt: number | undefined;
}

/** The application's live links, oldest first (expired ones are forgotten here). */
export function liveLinks(state: EmulatorState, application: ApplicationRecord): RecallLinkRecord[] {
  const links = state.recallLinks.get(application) ?? [];
  const now = state.clock.now();
  const live = links.filter((link) => link.expiresAt === undefined || link.expiresAt > now);
  if (live.length !== links.length) state.recallLinks.set(application, live);
  return live;
}

function keep(state: EmulatorState, application: ApplicationRecord, links: RecallLinkRecord[]): void {
  state.recallLinks.set(application, links);
}

/** `recall.linkPersona` for a player of a live session. */
export function linkPersona(state: EmulatorState, application: ApplicationRecord, player: PlayerRecord, link: NewLink): LinkPersonaState {
  let links = liveLinks(state, application);
  const now = state.clock.now();
  const same = links.find((existing) => existing.player === player && existing.persona === link.persona);
  if (link.constraint === 'ONE_PERSONA_TO_ONE_PLAYER') {
    const conflicts = links.filter((existing) => existing !== same && (existing.persona === link.persona || existing.player === player));
    if (conflicts.length > 0) {
      if (link.policy === 'KEEP_EXISTING_LINKS') return 'PERSONA_OR_PLAYER_ALREADY_LINKED';
      links = links.filter((existing) => !conflicts.includes(existing));
    }
  }
  if (same) {
    same.token = link.token;
    same.expiresAt = link.expiresAt;
    same.linkedAt = now;
    // The newest link last: `lastTokenFromAllDeveloperGames` reads the order.
    links = [...links.filter((existing) => existing !== same), same];
  } else {
    links = [...links, { player, persona: link.persona, token: link.token, linkedAt: now, expiresAt: link.expiresAt }];
  }
  keep(state, application, links);
  return 'LINK_CREATED';
}

/** `recall.unlinkPersona`: the player's links with that persona, or with that token. True if any went. */
export function unlinkPersona(state: EmulatorState, application: ApplicationRecord, player: PlayerRecord, by: { persona: string } | { token: string }): boolean {
  const links = liveLinks(state, application);
  const remaining = links.filter(
    (link) => link.player !== player || ('persona' in by ? link.persona !== by.persona : link.token !== by.token),
  );
  keep(state, application, remaining);
  return remaining.length !== links.length;
}

/** `recall.resetPersona`: every link of the persona in the application, whichever player. True if any went. */
export function resetPersona(state: EmulatorState, application: ApplicationRecord, persona: string): boolean {
  const links = liveLinks(state, application);
  const remaining = links.filter((link) => link.persona !== persona);
  keep(state, application, remaining);
  return remaining.length !== links.length;
}

/** The player's links in the application, oldest first. */
export function playerLinks(state: EmulatorState, application: ApplicationRecord, player: PlayerRecord): RecallLinkRecord[] {
  return liveLinks(state, application).filter((link) => link.player === player);
}

/** A link as Google returns it: the token, never the persona. */
export function recallToken(state: EmulatorState, application: ApplicationRecord, link: RecallLinkRecord): RecallToken {
  const players = new Set(liveLinks(state, application).filter((other) => other.persona === link.persona).map((other) => other.player));
  const token: RecallToken = { token: link.token, multiPlayerPersona: players.size > 1 };
  if (link.expiresAt !== undefined) token.expireTime = new Date(link.expiresAt).toISOString();
  return token;
}
