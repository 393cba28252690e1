/**
 * Games API `snapshots` (discovery games-v1.json; https://developer.android.com/games/pgs/savedgames):
 * saved-game metadata only, as Google serves it (the bytes live in the player's Drive application
 * data folder). The emulator's saves are set through the control API
 * (`PUT /emulator/v1/players/{id}/snapshots/{uniqueName}`).
 * - `get` (`GET games/v1/snapshots/{snapshotId}`): one of the caller's saves in the token's game;
 *   anyone else's, or an unknown ID, is a 404;
 * - `list` (`GET games/v1/players/{playerId}/snapshots`): the caller's saves (`me` or their own
 *   ID), most recently modified first; another player's → 403 `forbidden` (as achievements.list).
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Snapshot, SnapshotListResponse } from '../../google/wire/snapshots.js';
import { GAMES_SERVICE, authHook, authOf } from '../auth.js';
import { forbiddenError, notFoundError } from '../errors.js';
import { routeConfig } from '../request-context.js';
import type { ApplicationRecord, EmulatorState, PlayerRecord, SnapshotRecord } from '../state.js';
import { paginate } from './paging.js';
import { ListQuery, PlayerIdParams } from './schemas.js';

const SnapshotIdParams = Type.Object({ snapshotId: Type.String({ minLength: 1 }) });
const GetQuery = Type.Object({ language: Type.Optional(Type.String()) });

/** A saved game as Google shows it to its owner. */
export function snapshotResource(record: SnapshotRecord): Snapshot {
  const resource: Snapshot = {
    kind: 'games#snapshot',
    id: record.id,
    uniqueName: record.uniqueName,
    title: record.title,
    description: record.description,
    type: 'SAVE_GAME',
    driveId: record.driveId,
    durationMillis: String(record.durationMillis),
    lastModifiedMillis: String(record.lastModifiedMillis),
    progressValue: String(record.progressValue),
  };
  if (record.coverImage) {
    const { url, width, height, mimeType } = record.coverImage;
    resource.coverImage = { kind: 'games#snapshotImage', url, width, height, mime_type: mimeType };
  }
  return resource;
}

/** The player's saves in an application, most recently modified first. */
export function snapshotsOf(player: PlayerRecord, application: ApplicationRecord): SnapshotRecord[] {
  const saves = [...(player.snapshots.get(application.applicationId)?.values() ?? [])];
  return saves.sort((a, b) => b.lastModifiedMillis - a.lastModifiedMillis || a.uniqueName.localeCompare(b.uniqueName));
}

/** Registers snapshots.get and snapshots.list. */
export function registerSnapshotsRoutes(app: FastifyInstance, state: EmulatorState): void {
  const onRequest = authHook(state, GAMES_SERVICE);

  app.get(
    '/games/v1/snapshots/:snapshotId',
    { onRequest, schema: { params: SnapshotIdParams, querystring: GetQuery }, config: routeConfig('games.snapshots.get', { response: 'Snapshot' }) },
    (request, reply) => {
      const { player, application } = authOf(request);
      const { snapshotId } = request.params as { snapshotId: string };
      const save = snapshotsOf(player, application).find((record) => record.id === snapshotId);
      if (!save) throw notFoundError(`The requested snapshot with ID ${snapshotId} was not found.`);
      return reply.send(snapshotResource(save));
    },
  );

  app.get(
    '/games/v1/players/:playerId/snapshots',
    { onRequest, schema: { params: PlayerIdParams, querystring: ListQuery }, config: routeConfig('games.snapshots.list', { response: 'SnapshotListResponse' }) },
    (request, reply) => {
      const { player, application } = authOf(request);
      const { playerId } = request.params as { playerId: string };
      if (playerId !== 'me') {
        const target = state.findPlayer(playerId);
        if (!target) throw notFoundError(`The requested player with ID ${playerId} was not found.`);
        if (target !== player) throw forbiddenError(`The caller may not read the snapshots of player ${playerId}.`);
      }
      const query = request.query as { maxResults?: number; pageToken?: string };
      const page = paginate(snapshotsOf(player, application), `snapshots:${application.applicationId}:${player.key}`, query.maxResults, query.pageToken);
      const body: SnapshotListResponse = { kind: 'games#snapshotListResponse', items: page.items.map(snapshotResource) };
      if (page.nextPageToken !== undefined) body.nextPageToken = page.nextPageToken;
      return reply.send(body);
    },
  );
}
