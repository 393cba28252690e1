import { describe, expect, it } from 'vitest';
import { GoogleApiError } from './errors.js';
import { applyFieldMask, checkFieldMask, parseFieldMask } from './field-mask.js';
import { resolveSchema, responseSchemas } from './response-schemas.js';

const player = {
  kind: 'games#player',
  playerId: 'p1',
  displayName: 'Ada',
  name: { givenName: 'Ada', familyName: 'Lovelace' },
  experienceInfo: { currentExperiencePoints: '10', currentLevel: { level: 1, minExperiencePoints: '0' } },
};

const list = {
  kind: 'games#playerAchievementListResponse',
  nextPageToken: 't',
  items: [
    { kind: 'games#playerAchievement', id: 'a', achievementState: 'UNLOCKED', currentSteps: 3 },
    { kind: 'games#playerAchievement', id: 'b', achievementState: 'REVEALED' },
  ],
};

const masked = (value: unknown, mask: string) => applyFieldMask(value, parseFieldMask(mask));

describe('applying a field mask', () => {
  it.each<[string, unknown]>([
    ['playerId', { playerId: 'p1' }],
    ['playerId,displayName', { playerId: 'p1', displayName: 'Ada' }],
    [' playerId , displayName ', { playerId: 'p1', displayName: 'Ada' }],
    ['name', { name: player.name }],
    ['name/givenName', { name: { givenName: 'Ada' } }],
    ['name(givenName)', { name: { givenName: 'Ada' } }],
    ['name(givenName,familyName)', { name: player.name }],
    ['experienceInfo/currentLevel/level', { experienceInfo: { currentLevel: { level: 1 } } }],
    ['experienceInfo(currentLevel(level))', { experienceInfo: { currentLevel: { level: 1 } } }],
    ['experienceInfo/currentLevel(level),playerId', { experienceInfo: { currentLevel: { level: 1 } }, playerId: 'p1' }],
    ['*', player],
    ['name/*', { name: player.name }],
    ['name/givenName,name', { name: player.name }], // selections add up
    ['name/givenName,name/familyName', { name: player.name }],
    ['nothingHere', {}], // applying does not check names (checkFieldMask does): an unknown one selects nothing
    ['playerId/deeper', {}], // a scalar has no fields
    ['name/nothingHere', { name: {} }],
  ])('players.get with %j', (mask, expected) => {
    expect(masked(player, mask)).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ['items(id,achievementState)', { items: [{ id: 'a', achievementState: 'UNLOCKED' }, { id: 'b', achievementState: 'REVEALED' }] }],
    ['items/id', { items: [{ id: 'a' }, { id: 'b' }] }],
    ['items/currentSteps', { items: [{ currentSteps: 3 }, {}] }], // every element keeps its place
    ['nextPageToken,items(id)', { nextPageToken: 't', items: [{ id: 'a' }, { id: 'b' }] }],
    ['items', { items: list.items }],
    ['kind', { kind: list.kind }],
  ])('achievements.list with %j', (mask, expected) => {
    expect(masked(list, mask)).toEqual(expected);
  });

  it('leaves the value it filters untouched', () => {
    const copy = structuredClone(list);
    masked(list, 'items(id)');
    expect(list).toEqual(copy);
  });

  it('filters the elements of a top-level array', () => {
    expect(masked([{ a: 1, b: 2 }, { a: 3 }], 'a')).toEqual([{ a: 1 }, { a: 3 }]);
  });
});

describe('parsing a field mask', () => {
  it.each<[string, string]>([
    ['', ''],
    [',', ','],
    ['playerId,', 'playerId,'],
    [',playerId', ',playerId'],
    ['a,,b', ',b'],
    ['a/', 'a/'],
    ['/a', '/a'],
    ['a//b', '/b'],
    ['items(id', 'items(id'],
    ['items(id))', ')'],
    ['items()', ')'],
    ['items)id(', ')id('],
    ['(id)', '(id)'],
    ['items(id)name', 'name'],
    ['player id', 'id'],
    ['*(id)', '(id)'],
    ['*/id', '*/id'],
    ['a-b!', 'a-b!'],
  ])('refuses %j with Google’s 400 naming %j', (mask, rest) => {
    let error: unknown;
    try {
      parseFieldMask(mask);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GoogleApiError);
    const envelope = (error as GoogleApiError).toEnvelope();
    expect(envelope).toEqual({
      error: {
        code: 400,
        message: `Invalid field selection ${rest}`,
        errors: [{ message: `Invalid field selection ${rest}`, domain: 'global', reason: 'invalidParameter', location: 'fields', locationType: 'parameter' }],
        status: 'INVALID_ARGUMENT',
      },
    });
  });
});

describe('the order of the answer', () => {
  it('keeps the answer’s field order, whatever the mask’s', () => {
    expect(Object.keys(masked(player, 'displayName,kind,playerId') as object)).toEqual(['kind', 'playerId', 'displayName']);
  });
});

describe('checking a field mask against the answer’s schema', () => {
  const check = (api: string, schema: string, mask: string): string | undefined => {
    const table = responseSchemas(api);
    try {
      checkFieldMask(parseFieldMask(mask), { $ref: schema }, (target) => resolveSchema(table, target));
      return undefined;
    } catch (error) {
      return (error as GoogleApiError).message;
    }
  };

  it.each<[string, string, string]>([
    ['games', 'Player', 'playerId'],
    ['games', 'Player', '*'],
    ['games', 'Player', 'name/givenName,experienceInfo(currentLevel(level),nextLevel/*)'],
    ['games', 'Player', 'originalPlayerId'], // absent from most answers, but in the schema
    ['games', 'PlayerAchievementListResponse', 'nextPageToken,items(id,achievementState)'],
    ['games', 'PlayerAchievementListResponse', 'items/lastUpdatedTimestamp'],
    ['games', 'LeaderboardListResponse', 'items(id,name)'],
    ['games', 'LeaderboardScores', 'numScores,items(player/displayName,scoreValue),playerScore/scoreRank'],
    ['games', 'PlayerLeaderboardScoreListResponse', 'items(scoreValue,publicRank/rank),player/playerId'],
    ['games', 'PlayerScoreListResponse', 'submittedScores(beatenScoreTimeSpans,unbeatenScores/score)'],
    ['gamesManagement', 'AchievementResetAllResponse', 'results(definitionId,updateOccurred)'],
    ['gamesManagement', 'HiddenPlayerList', 'items(hiddenTimeMillis,player(displayName,experienceInfo/currentLevel/level))'],
    ['games', 'NotDescribed', 'anything/at/all'],
  ])('%s %s takes %j', (api, schema, mask) => {
    expect(check(api, schema, mask)).toBeUndefined();
  });

  it.each<[string, string, string, string]>([
    ['games', 'PlayerAchievementListResponse', 'pagetoken,items(id)', 'pagetoken'], // Google's own example: names are case-sensitive
    ['games', 'PlayerAchievementListResponse', 'items(id,state)', 'state'],
    ['games', 'Player', 'name/nickName', 'nickName'],
    ['games', 'Player', 'playerId/deeper', 'deeper'],
    ['games', 'Player', 'experienceInfo/currentLevel/rank', 'rank'],
    ['games', 'AchievementIncrementResponse', 'kind,items', 'items'],
    ['games', 'LeaderboardScores', 'items(player/displayName,score)', 'score'], // `score` is PlayerScore's; an entry has scoreValue
    ['games', 'LeaderboardListResponse', 'items(id,scoreOrder)', 'scoreOrder'],
    // The Management API's Player is smaller than the Games API's one of the same name.
    ['gamesManagement', 'HiddenPlayerList', 'items/player/friendStatus', 'friendStatus'],
    ['gamesManagement', 'HiddenPlayerList', 'items/player/experienceInfo/currentLevel/kind', 'kind'],
  ])('%s %s refuses %j, naming %j', (api, schema, mask, field) => {
    expect(check(api, schema, mask)).toBe(`Invalid field selection ${field}`);
  });
});
