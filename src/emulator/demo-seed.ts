/**
 * The shipped demo seed: what `pgs emulator` and `npm start` serve with no `--config`.
 * It keeps the promises of src/emulator/README.md, 'The demo seed': the demo game comes first and
 * has 9 achievements mixing STANDARD and INCREMENTAL, HIDDEN and REVEALED, published and draft,
 * none initially UNLOCKED; a second game exists so that tests can present another game's token; one
 * tester and one developer account. The demo game's leaderboards (Configuration API JSON, as a
 * `--config` file takes them) are a published LARGER_IS_BETTER high score, a published
 * SMALLER_IS_BETTER time in milliseconds, a published board with scoreMin/scoreMax, and a draft;
 * its events are three published ones and a draft.
 * IDs look like Google's: 12-digit application IDs, client IDs whose digits are the application
 * ID, `GOCSPX-` client secrets, `CgkI…` achievement IDs, `g…` player IDs, 21-digit account subs.
 */
import type { EmulatorConfig } from './seed.js';
import type { EventConfig } from './seed-events.js';
import type { LeaderboardConfig, LocalizedStringBundle } from './seed-leaderboards.js';

const ICONS = 'https://lh3.googleusercontent.com/pgs-emulator';
const icons = (slug: string) => ({
  revealedIconUrl: `${ICONS}/${slug}-revealed.png`,
  unlockedIconUrl: `${ICONS}/${slug}-unlocked.png`,
});

/** A Configuration API name bundle in English (and German, so `language=de` shows). */
const named = (en: string, de?: string): LocalizedStringBundle => ({
  kind: 'gamesConfiguration#localizedStringBundle',
  translations: [
    { kind: 'gamesConfiguration#localizedString', locale: 'en-US', value: en },
    ...(de === undefined ? [] : [{ kind: 'gamesConfiguration#localizedString', locale: 'de-DE', value: de }]),
  ],
});

/**
 * The demo game's leaderboards, as Google's Configuration API lists them: a LARGER_IS_BETTER
 * high score, a SMALLER_IS_BETTER time in milliseconds, one with score limits, and a draft.
 */
const CASTLE_QUEST_LEADERBOARDS: LeaderboardConfig[] = [
  {
    kind: 'gamesConfiguration#leaderboardConfiguration',
    id: 'CgkIlNDIwqcbEAIQCg',
    scoreOrder: 'LARGER_IS_BETTER',
    published: {
      name: named('High Score', 'Höchstpunktzahl'),
      iconUrl: `${ICONS}/high-score.png`,
      sortRank: 1,
      scoreFormat: { numberFormatType: 'NUMERIC', numDecimalPlaces: 0, suffix: { one: named(' point'), other: named(' points') } },
    },
  },
  {
    kind: 'gamesConfiguration#leaderboardConfiguration',
    id: 'CgkIlNDIwqcbEAIQCw',
    scoreOrder: 'SMALLER_IS_BETTER',
    published: { name: named('Fastest Castle Run', 'Schnellster Burglauf'), sortRank: 2, scoreFormat: { numberFormatType: 'TIME_DURATION' } },
  },
  {
    kind: 'gamesConfiguration#leaderboardConfiguration',
    id: 'CgkIlNDIwqcbEAIQDA',
    scoreOrder: 'LARGER_IS_BETTER',
    // The console's limits: anything outside them "is clearly fraudulent" and is dropped.
    scoreMin: '1',
    scoreMax: '100000',
    published: { name: named('Dragon Damage'), sortRank: 3, scoreFormat: { numberFormatType: 'NUMERIC', numDecimalPlaces: 0 } },
  },
  {
    kind: 'gamesConfiguration#leaderboardConfiguration',
    id: 'CgkIlNDIwqcbEAIQDQ',
    scoreOrder: 'LARGER_IS_BETTER',
    draft: { name: named('Beta Arena'), sortRank: 4 },
  },
];

/**
 * The demo game's events, as `events.listDefinitions` answers them (plus `published`): three
 * published ones (one HIDDEN until the player records it) and a draft only testers and developers see.
 */
const CASTLE_QUEST_EVENTS: EventConfig[] = [
  {
    id: 'CgkIlNDIwqcbEAIQEA',
    displayName: 'Dragons slain',
    description: 'Each dragon the player defeats.',
    imageUrl: `${ICONS}/event-dragons.png`,
    visibility: 'REVEALED',
    published: true,
  },
  { id: 'CgkIlNDIwqcbEAIQEQ', displayName: 'Gold coins collected', description: 'Coins picked up anywhere.', visibility: 'REVEALED', published: true },
  { id: 'CgkIlNDIwqcbEAIQEg', displayName: 'Secret doors opened', description: 'Hidden doors found in the castle.', visibility: 'HIDDEN', published: true },
  { id: 'CgkIlNDIwqcbEAIQEw', displayName: 'Beta arena fights', description: 'Fights in the arena being tested.', visibility: 'REVEALED', published: false },
];

/** The demo seed. Treat it as read-only: the emulator copies what it needs. */
export const DEMO_SEED: EmulatorConfig = {
  applications: [
    {
      applicationId: '918273645012',
      name: 'Emulator Demo: Castle Quest',
      webClientId: '918273645012-c4stl3qu35tw3bcl13nt0s7d2k9m1p6r.apps.googleusercontent.com',
      webClientSecret: 'GOCSPX-emuDemoCastleQuestWebSecret01',
      androidClientId: '918273645012-4ndr01dc4stl3qu35tcl13nt8f3h5j7.apps.googleusercontent.com',
      secondWebClient: {
        clientId: '918273645012-s3c0ndw3bcl13ntc4stl3qu35t2a4c6e8.apps.googleusercontent.com',
        clientSecret: 'GOCSPX-emuDemoCastleQuestSecondWeb02',
      },
      achievements: [
        {
          id: 'CgkIlNDIwqcbEAIQAQ',
          name: 'First Steps',
          description: 'Finish the tutorial.',
          achievementType: 'STANDARD',
          initialState: 'REVEALED',
          experiencePoints: 500,
          published: true,
          ...icons('first-steps'),
        },
        {
          id: 'CgkIlNDIwqcbEAIQAg',
          name: 'Dragon Slayer',
          description: 'Defeat the dragon of the north tower.',
          achievementType: 'STANDARD',
          initialState: 'REVEALED',
          experiencePoints: 2000,
          published: true,
          ...icons('dragon-slayer'),
        },
        {
          id: 'CgkIlNDIwqcbEAIQAw',
          name: 'Treasure Hunter',
          description: 'Open 10 treasure chests.',
          achievementType: 'INCREMENTAL',
          totalSteps: 10,
          initialState: 'REVEALED',
          experiencePoints: 1500,
          published: true,
          ...icons('treasure-hunter'),
        },
        {
          id: 'CgkIlNDIwqcbEAIQBA',
          name: 'Secret Passage',
          description: 'Find the passage behind the waterfall.',
          achievementType: 'STANDARD',
          initialState: 'HIDDEN',
          experiencePoints: 1000,
          published: true,
          ...icons('secret-passage'),
        },
        {
          id: 'CgkIlNDIwqcbEAIQBQ',
          name: 'Gold Hoarder',
          description: 'Collect 1000 gold coins.',
          achievementType: 'INCREMENTAL',
          totalSteps: 1000,
          initialState: 'REVEALED',
          experiencePoints: 2500,
          published: true,
          ...icons('gold-hoarder'),
        },
        {
          id: 'CgkIlNDIwqcbEAIQBg',
          name: 'Night Watch',
          description: 'Guard the walls for 5 nights.',
          achievementType: 'INCREMENTAL',
          totalSteps: 5,
          initialState: 'HIDDEN',
          experiencePoints: 1000,
          published: true,
          ...icons('night-watch'),
        },
        {
          id: 'CgkIlNDIwqcbEAIQBw',
          name: 'Speedrunner',
          description: 'Finish chapter one in under ten minutes.',
          achievementType: 'STANDARD',
          initialState: 'REVEALED',
          experiencePoints: 500,
          published: false,
          ...icons('speedrunner'),
        },
        {
          id: 'CgkIlNDIwqcbEAIQCA',
          name: 'Beta Explorer',
          description: 'Visit 3 areas added in the beta.',
          achievementType: 'INCREMENTAL',
          totalSteps: 3,
          initialState: 'REVEALED',
          experiencePoints: 500,
          published: false,
          ...icons('beta-explorer'),
        },
        {
          id: 'CgkIlNDIwqcbEAIQCQ',
          name: 'Developer Room',
          description: 'Find the room the developers forgot to remove.',
          achievementType: 'STANDARD',
          initialState: 'HIDDEN',
          experiencePoints: 500,
          published: false,
        },
      ],
      leaderboards: CASTLE_QUEST_LEADERBOARDS,
      events: CASTLE_QUEST_EVENTS,
    },
    {
      applicationId: '827364519035',
      name: 'Emulator Demo: Kart Rally',
      webClientId: '827364519035-k4rtr4llyw3bcl13nt5a7c9e1g3i5k7m.apps.googleusercontent.com',
      webClientSecret: 'GOCSPX-emuDemoKartRallyWebSecret0001',
      achievements: [
        {
          id: 'CgkIu8yH3MAYEAIQAQ',
          name: 'Green Light',
          description: 'Finish your first race.',
          achievementType: 'STANDARD',
          initialState: 'REVEALED',
          experiencePoints: 500,
          published: true,
          ...icons('green-light'),
        },
        {
          id: 'CgkIu8yH3MAYEAIQAg',
          name: 'Road Warrior',
          description: 'Drive 50 laps.',
          achievementType: 'INCREMENTAL',
          totalSteps: 50,
          initialState: 'REVEALED',
          experiencePoints: 1500,
          published: true,
          ...icons('road-warrior'),
        },
        {
          id: 'CgkIu8yH3MAYEAIQAw',
          name: 'Shortcut',
          description: 'Take the hidden shortcut on the mountain track.',
          achievementType: 'STANDARD',
          initialState: 'HIDDEN',
          experiencePoints: 1000,
          published: true,
          ...icons('shortcut'),
        },
      ],
      leaderboards: [
        {
          kind: 'gamesConfiguration#leaderboardConfiguration',
          id: 'CgkIu8yH3MAYEAIQBA',
          scoreOrder: 'SMALLER_IS_BETTER',
          published: { name: named('Mountain Lap Record'), scoreFormat: { numberFormatType: 'TIME_DURATION' } },
        },
      ],
    },
  ],
  players: [
    {
      playerId: 'g07146298418226683211',
      displayName: 'Alex Player',
      email: 'alex.player@example.com',
      googleSub: '110248495921238986420',
      gamePlayerId: 'a_1094218330184671920',
      givenName: 'Alex',
      familyName: 'Player',
      locale: 'en',
      avatarImageUrl: 'https://lh3.googleusercontent.com/pgs-emulator/avatar-alex.png',
    },
    {
      playerId: 'g11892746380152294716',
      displayName: 'Taylor Tester',
      email: 'taylor.tester@example.com',
      tester: true,
      googleSub: '104578293847561029384',
      gamePlayerId: 'a_2201938475610293847',
      givenName: 'Taylor',
      familyName: 'Tester',
      locale: 'en-GB',
      avatarImageUrl: 'https://lh3.googleusercontent.com/pgs-emulator/avatar-taylor.png',
    },
    {
      playerId: 'g16630184792003517842',
      displayName: 'Devon Developer',
      email: 'devon.developer@example.com',
      tester: true,
      developer: true,
      googleSub: '117384920183746520193',
      gamePlayerId: 'a_3318273645501928374',
      givenName: 'Devon',
      familyName: 'Developer',
      locale: 'de',
    },
  ],
};
