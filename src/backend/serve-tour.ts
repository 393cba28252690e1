/**
 * The copy-paste tour that `pgs serve` prints in emulator modes: make a player in the emulator
 * (the phone's part), mint the server auth code the Play Games SDK would hand the game, sign in at
 * the backend, read, unlock an achievement of the game, see it in the emulator's ground truth, and
 * mint a second code for the API docs page (a code is single use, so the first one is spent).
 * Every line runs as printed (test/cli/serve.test.ts runs them all); a step that fails prints the
 * answer it got, the backend's or the emulator's error body, instead of a script's TypeError.
 */

/** An achievement of the emulator's game, as its control API lists it. */
export interface TourAchievement {
  id: string;
  name: string;
  achievementType: string;
  initialState: string;
  published: boolean;
}

/**
 * The achievement the tour unlocks: a published, revealed STANDARD one, which any player may
 * unlock in one call; else any published one that is not INCREMENTAL (an unlock of an INCREMENTAL
 * achievement is allowed too, but a STANDARD one reads best).
 */
export function tourAchievement(achievements: readonly TourAchievement[]): TourAchievement | undefined {
  const published = achievements.filter((achievement) => achievement.published);
  return (
    published.find((achievement) => achievement.achievementType === 'STANDARD' && achievement.initialState === 'REVEALED') ??
    published.find((achievement) => achievement.achievementType === 'STANDARD') ??
    published[0]
  );
}

/**
 * `pick FIELD`: prints FIELD (dotted path) of the JSON on stdin, or, when it is absent (an error
 * answer, or no JSON at all), prints what came in to stderr and fails. A shell function, so that
 * each line below stays short; it works in bash and zsh.
 */
const PICK =
  `pick() { node -e 'let b=require("fs").readFileSync(0,"utf8"),v;try{v=process.argv[1].split(".").reduce((o,k)=>o?.[k],JSON.parse(b))}catch{}` +
  `if(v===undefined){console.error("no "+process.argv[1]+" in the answer: "+(b||"(empty)"));process.exit(1)}console.log(v)' "$1"; }`;

/** The tour's text: prose lines, and command lines indented by two spaces (continuations by four). */
export function tourText(options: { backendUrl: string; emulatorUrl: string; clientId: string; achievement: TourAchievement | undefined }): string {
  const { backendUrl, clientId, achievement } = options;
  const emulator = options.emulatorUrl.replace(/\/$/, '');
  const json = "-H 'content-type: application/json'";
  const scopes = '"scopes":["openid","email","profile"]';
  const lines = [
    'Sign a demo player in and list their achievements (copy-paste into a shell):',
    '',
    `  ${PICK}`,
    `  PLAYER=$(curl -sS -X POST ${emulator}/emulator/v1/players ${json} -d '{"displayName":"Ada"}' | pick playerId)`,
    `  CODE=$(curl -sS -X POST ${emulator}/emulator/v1/serverAuthCodes ${json} \\`,
    `    -d '{"playerId":"'$PLAYER'","clientId":"${clientId}",${scopes},"forceRefreshToken":true}' | pick serverAuthCode)`,
    `  TOKEN=$(curl -sS -X POST ${backendUrl}/v1/auth/play-games ${json} -d '{"serverAuthCode":"'$CODE'"}' | pick session.accessToken)`,
    `  curl -sS ${backendUrl}/v1/me -H "authorization: Bearer $TOKEN"; echo`,
    `  curl -sS ${backendUrl}/v1/me/achievements -H "authorization: Bearer $TOKEN"; echo`,
    '',
  ];
  if (achievement !== undefined) {
    lines.push(
      `Then write one: unlock "${achievement.name}", and see it in the emulator's ground truth:`,
      '',
      `  curl -sS -X POST ${backendUrl}/v1/me/achievements/${achievement.id}/unlock -H "authorization: Bearer $TOKEN"; echo`,
      `  curl -sS ${emulator}/emulator/v1/players/$PLAYER; echo`,
      '',
    );
  }
  lines.push(
    `The API docs page (${backendUrl}/docs) needs a code of its own, since a code is single use: mint one,`,
    'then "Try it out" on POST /v1/auth/play-games with {"serverAuthCode": "<the printed code>"}, and',
    '"Authorize" with the accessToken it returns to try the other calls:',
    '',
    `  curl -sS -X POST ${emulator}/emulator/v1/serverAuthCodes ${json} \\`,
    `    -d '{"playerId":"'$PLAYER'","clientId":"${clientId}",${scopes}}' | pick serverAuthCode`,
    '',
  );
  return `${lines.join('\n')}\n`;
}
