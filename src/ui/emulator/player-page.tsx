/**
 * One player's ground truth (`GET /emulator/v1/players/{id}`): IDs and their history, grants and
 * scopes, achievement states, scores and events per game; and the calls a tester makes for
 * them: mint a server auth code (with the backend sign-in as a copyable curl line), befriend,
 * revoke access, change the player ID.
 */
import { useState } from 'preact/hooks';
import type { ControlApplication } from '../../emulator/control-client.js';
import type { GroundTruthPlayer } from '../../emulator/control/views.js';
import { failureText } from '../common/api.js';
import { ActionButton, Badge, CopyBlock, LoadError, Notice, Table, Time } from '../common/components.js';
import { useLoader } from '../common/hooks.js';
import { control, initialBackendUrl, rememberBackendUrl, shellQuote } from './control.js';

/** Per-game event counters, when the emulator has events. */
type WithEvents = GroundTruthPlayer & { events?: Record<string, Array<{ eventId: string; count: number }>> };
type ApplicationWithEvents = ControlApplication & { events?: Array<{ id: string; displayName: string; published: boolean }> };

export function PlayerPage(props: { playerId: string }) {
  const truth = useLoader(() => control.player(props.playerId) as Promise<WithEvents>, [props.playerId], 5_000);
  const applications = useLoader(() => control.applications() as Promise<ApplicationWithEvents[]>, []);
  const player = truth.data;
  return (
    <>
      <p>
        <a href="#/players">← Players</a>
      </p>
      <h1>{player?.displayName ?? props.playerId}</h1>
      <LoadError error={truth.error ?? applications.error} />
      {player === undefined ? null : (
        <>
          <div class="grid">
            <section class="panel" aria-labelledby="ids">
              <h2 id="ids">Identity</h2>
              <dl class="facts">
                <dt>Player ID</dt>
                <dd><code>{player.playerId}</code></dd>
                <dt>Original player ID</dt>
                <dd>{player.originalPlayerId === undefined ? <span class="muted">unchanged</span> : <code>{player.originalPlayerId}</code>}</dd>
                <dt>Previous IDs</dt>
                <dd>{player.previousPlayerIds.length === 0 ? <span class="muted">none</span> : player.previousPlayerIds.map((id) => <code key={id}>{id} </code>)}</dd>
                <dt>Google account</dt>
                <dd><code>{player.googleSub}</code> {player.email}</dd>
                {Object.entries(player.gamePlayerIds).map(([applicationId, id]) => [
                  <dt key={`t${applicationId}`}>Game player ID in {applicationId}</dt>,
                  <dd key={`d${applicationId}`}><code>{id}</code></dd>,
                ])}
                <dt>Kind</dt>
                <dd class="row">
                  {player.tester ? <Badge tone="warn">tester</Badge> : null}
                  {player.developer ? <Badge tone="warn">developer</Badge> : null}
                  <Badge tone={player.profileVisible ? 'ok' : 'muted'}>{player.profileVisible ? 'profile visible' : 'profile hidden'}</Badge>
                </dd>
                <dt>Friends</dt>
                <dd>{player.friends.length === 0 ? <span class="muted">none</span> : player.friends.map((id) => <a key={id} href={`#/players/${encodeURIComponent(id)}`}>{id} </a>)}</dd>
              </dl>
              <h3>Change the player ID</h3>
              <ChangeIdForm playerId={player.playerId} />
            </section>
            <MintCodePanel player={player} applications={applications.data ?? []} onMinted={truth.reload} />
          </div>
          <section class="panel" aria-labelledby="grants">
            <h2 id="grants">Grants and scopes</h2>
            <div class="row">
              <ActionButton
                label="Revoke access"
                kind="danger"
                confirm={`Revoke every grant of ${player.displayName}? Their tokens stop working at once.`}
                action={async () => {
                  await control.revokeGrants(player.playerId);
                  truth.reload();
                }}
              />
              <BefriendForm playerId={player.playerId} onDone={truth.reload} />
            </div>
            <Table
              caption="Grants (one per code exchange)"
              headers={['Client', 'Application', 'Scopes', 'State', 'Refresh token', 'Created']}
              empty="No grants: mint a code and exchange it."
              rows={player.grants.map((grant) => [
                <code>{grant.clientId}</code>,
                grant.applicationId,
                grant.scopes.map((scope) => <code key={scope}>{scope.replace('https://www.googleapis.com/auth/', '')} </code>),
                grant.active ? <Badge tone="ok">active</Badge> : <Badge tone="bad">revoked</Badge>,
                grant.hasRefreshToken ? 'yes' : 'no',
                <Time value={grant.createdAt} />,
              ])}
            />
          </section>
          {(applications.data ?? []).map((application) => (
            <GameProgress key={application.applicationId} player={player} application={application} />
          ))}
        </>
      )}
    </>
  );
}

function GameProgress(props: { player: WithEvents; application: ApplicationWithEvents }) {
  const { player, application } = props;
  const names = new Map(application.achievements.map((achievement) => [achievement.id, achievement]));
  const boards = new Map(application.leaderboards.map((board) => [board.id, board]));
  const achievements = player.achievements[application.applicationId] ?? [];
  const scores = player.scores[application.applicationId] ?? [];
  const events = player.events?.[application.applicationId];
  const eventNames = new Map((application.events ?? []).map((event) => [event.id, event.displayName]));
  const hidden = player.hiddenInApplications.includes(application.applicationId);
  return (
    <section class="panel" aria-labelledby={`game-${application.applicationId}`}>
      <h2 id={`game-${application.applicationId}`}>
        {application.name} <span class="muted">({application.applicationId})</span> {hidden ? <Badge tone="muted">hidden from leaderboards</Badge> : null}
      </h2>
      <div class="grid">
        <Table
          caption="Achievements"
          headers={['Achievement', 'State', 'Steps', 'Updated']}
          numeric={[2]}
          rows={achievements.map((entry) => {
            const definition = names.get(entry.id);
            return [
              <span>
                {definition?.name ?? entry.id} {definition?.published === false ? <Badge tone="muted">draft</Badge> : null}
              </span>,
              <Badge tone={entry.achievementState === 'UNLOCKED' ? 'ok' : entry.achievementState === 'HIDDEN' ? 'muted' : 'warn'}>{entry.achievementState}</Badge>,
              definition?.achievementType === 'INCREMENTAL' ? `${entry.currentSteps} / ${definition.totalSteps ?? '?'}` : '–',
              <Time value={entry.lastUpdatedTimestamp} />,
            ];
          })}
        />
        <div>
          <Table
            caption="Scores (best in the current period)"
            headers={['Leaderboard', 'Span', 'Score', 'Tag']}
            numeric={[2]}
            empty="No scores yet."
            rows={scores.map((score) => [boards.get(score.leaderboardId)?.name ?? score.leaderboardId, score.timeSpan, String(score.score), score.scoreTag ?? '–'])}
          />
          {events === undefined ? null : (
            <Table
              caption="Events"
              headers={['Event', 'Count']}
              numeric={[1]}
              empty="No events recorded."
              rows={events.map((event) => [eventNames.get(event.eventId) ?? event.eventId, String(event.count)])}
            />
          )}
        </div>
      </div>
    </section>
  );
}

const SCOPES = ['openid', 'email', 'profile'] as const;

function MintCodePanel(props: { player: GroundTruthPlayer; applications: ControlApplication[]; onMinted: () => void }) {
  const clients = props.applications.flatMap((application) => [
    { clientId: application.webClientId, label: `${application.name}: web client` },
    ...(application.secondWebClient ? [{ clientId: application.secondWebClient.clientId, label: `${application.name}: second web client` }] : []),
  ]);
  const [clientId, setClientId] = useState<string | undefined>(undefined);
  const [scopes, setScopes] = useState<Set<string>>(new Set(SCOPES));
  const [forceRefreshToken, setForceRefreshToken] = useState(true);
  const [backendUrl, setBackendUrl] = useState(initialBackendUrl);
  const [minted, setMinted] = useState<{ code: string; scopes: string[]; expiresInSeconds: number } | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const chosenClient = clientId ?? clients[0]?.clientId;
  const submit = (event: Event) => {
    event.preventDefault();
    if (chosenClient === undefined) return;
    setError(undefined);
    control
      .mintServerAuthCode({ playerId: props.player.playerId, clientId: chosenClient, scopes: [...scopes] as Array<(typeof SCOPES)[number]>, forceRefreshToken })
      .then(
        (answer) => {
          setMinted({ code: answer.serverAuthCode, scopes: answer.grantedScopes, expiresInSeconds: answer.expiresInSeconds });
          props.onMinted();
        },
        (failure: unknown) => setError(failureText(failure)),
      );
  };
  const toggle = (scope: string, on: boolean) => {
    const next = new Set(scopes);
    if (on) next.add(scope);
    else next.delete(scope);
    setScopes(next);
  };
  const base = backendUrl.replace(/\/+$/, '');
  const curl =
    minted === undefined
      ? ''
      : `curl -sS -X POST ${shellQuote(`${base}/v1/auth/play-games`)} -H 'content-type: application/json' -d ${shellQuote(JSON.stringify({ serverAuthCode: minted.code }))}`;
  return (
    <section class="panel" aria-labelledby="mint">
      <h2 id="mint">Mint a server auth code</h2>
      <p class="muted">What the device SDK's requestServerSideAccess hands the game: single use, valid 10 minutes.</p>
      <form class="inline" onSubmit={submit}>
        <label>
          Web client
          <select value={chosenClient} onChange={(e) => setClientId(e.currentTarget.value)}>
            {clients.map((client) => (
              <option key={client.clientId} value={client.clientId}>
                {client.label}
              </option>
            ))}
          </select>
        </label>
        <fieldset class="row bare">
          <legend class="muted">Scopes</legend>
          {SCOPES.map((scope) => (
            <label class="check" key={scope}>
              <input type="checkbox" checked={scopes.has(scope)} onChange={(e) => toggle(scope, e.currentTarget.checked)} /> {scope}
            </label>
          ))}
        </fieldset>
        <label class="check">
          <input type="checkbox" checked={forceRefreshToken} onChange={(e) => setForceRefreshToken(e.currentTarget.checked)} /> forceRefreshToken
        </label>
        <button type="submit">Mint code</button>
      </form>
      {error === undefined ? null : <Notice kind="error">{error}</Notice>}
      {minted === undefined ? null : (
        <>
          <CopyBlock label="server auth code" text={minted.code} />
          <p class="muted">
            Granted: {minted.scopes.join(' ')}; expires in {minted.expiresInSeconds} s. Sign in at the backend:
          </p>
          <label>
            Backend URL
            <input
              value={backendUrl}
              onInput={(e) => {
                setBackendUrl(e.currentTarget.value);
                rememberBackendUrl(e.currentTarget.value);
              }}
            />
          </label>
          <CopyBlock label="sign-in curl line" text={curl} />
        </>
      )}
    </section>
  );
}

function BefriendForm(props: { playerId: string; onDone: () => void }) {
  const players = useLoader(() => control.players(), []);
  const [friend, setFriend] = useState('');
  const others = (players.data ?? []).filter((player) => player.playerId !== props.playerId);
  const chosen = friend || others[0]?.playerId || '';
  return (
    <span class="row">
      <label>
        Befriend
        <select value={chosen} onChange={(e) => setFriend(e.currentTarget.value)}>
          {others.map((player) => (
            <option key={player.playerId} value={player.playerId}>
              {player.displayName} ({player.playerId})
            </option>
          ))}
        </select>
      </label>
      <ActionButton
        label="Befriend"
        kind="secondary"
        action={async () => {
          if (chosen === '') throw new Error('No other player to befriend.');
          await control.addFriend(props.playerId, chosen);
          props.onDone();
        }}
      />
    </span>
  );
}

function ChangeIdForm(props: { playerId: string }) {
  const [newId, setNewId] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | undefined>(undefined);
  const submit = (event: Event) => {
    event.preventDefault();
    control.changePlayerId(props.playerId, newId.trim() === '' ? undefined : newId.trim()).then(
      (player) => {
        window.location.hash = `#/players/${encodeURIComponent(player.playerId)}`;
      },
      (failure: unknown) => setMessage({ kind: 'error', text: failureText(failure) }),
    );
  };
  return (
    <form class="inline" onSubmit={submit}>
      <label>
        New player ID (empty: generated)
        <input value={newId} onInput={(e) => setNewId(e.currentTarget.value)} />
      </label>
      <button type="submit" class="secondary">
        Change ID
      </button>
      {message === undefined ? null : <Notice kind={message.kind}>{message.text}</Notice>}
    </form>
  );
}
