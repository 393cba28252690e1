/**
 * One player: account and linked identities, grant state, sessions, achievements, scores and
 * events (read from Google with their grant), outbox writes, their audit trail; and the revoke
 * button.
 */
import { ActionButton, Badge, LoadError, Table, Time } from '../common/components.js';
import { useLoader } from '../common/hooks.js';
import { api, dataOf } from './api.js';
import { GrantBadge } from './grant-badge.js';
import { EventWritesTable, WritesTable } from './writes-table.js';

export function PlayerPage(props: { id: string }) {
  const path = { params: { path: { id: props.id } } };
  const detail = useLoader(() => dataOf(api.GET('/v1/admin/players/{id}', path)), [props.id], 5_000);
  const achievements = useLoader(() => dataOf(api.GET('/v1/admin/players/{id}/achievements', path)), [props.id]);
  const scores = useLoader(() => dataOf(api.GET('/v1/admin/players/{id}/scores', path)), [props.id]);
  const events = useLoader(() => dataOf(api.GET('/v1/admin/players/{id}/events', path)), [props.id]);
  const audit = useLoader(() => dataOf(api.GET('/v1/admin/audit-log', { params: { query: { target: props.id, limit: 20 } } })), [props.id], 5_000);
  const data = detail.data;
  const reload = () => {
    detail.reload();
    audit.reload();
  };
  const revoke = async () => {
    const answer = await dataOf(api.POST('/v1/admin/players/{id}/revoke', path));
    reload();
    if (!answer.googleRevoked) throw new Error(`${answer.revokedSessions} sessions revoked, but Google could not be reached: try again to revoke the grant.`);
  };
  return (
    <>
      <p>
        <a href="#/players">← Players</a>
      </p>
      <h1>{data?.player.displayName ?? props.id}</h1>
      <LoadError error={detail.error} />
      {data === undefined ? null : (
        <>
          <div class="grid">
            <section class="panel" aria-labelledby="account">
              <h2 id="account">Account</h2>
              <dl class="facts">
                <dt>Account ID</dt>
                <dd><code>{data.player.accountId}</code></dd>
                <dt>Play Games player ID</dt>
                <dd><code>{data.player.playerId}</code></dd>
                <dt>Internal ID</dt>
                <dd><code>{data.player.id}</code></dd>
                <dt>Email</dt>
                <dd>{data.player.email ?? <span class="muted">not granted</span>}</dd>
                <dt>First seen</dt>
                <dd><Time value={data.player.createdAt} /></dd>
                <dt>Last sign-in</dt>
                <dd><Time value={data.player.lastSignInAt} /></dd>
              </dl>
              <Table
                caption="Linked identities"
                headers={['Provider', 'Subject', 'Linked']}
                rows={data.identities.map((identity) => [identity.provider, <code>{identity.subject}</code>, <Time value={identity.linkedAt} />])}
              />
              <Table
                caption="Play Games player IDs"
                headers={['Player ID', 'Kind', 'First seen']}
                rows={data.idHistory.map((entry) => [<code>{entry.playerId}</code>, entry.kind, <Time value={entry.firstSeenAt} />])}
              />
            </section>
            <section class="panel" aria-labelledby="grant">
              <h2 id="grant">Google grant</h2>
              {data.grant === null ? (
                <p>
                  <GrantBadge state="none" /> No grant stored.
                </p>
              ) : (
                <dl class="facts">
                  <dt>State</dt>
                  <dd><GrantBadge state={data.grant.state} /> <span class="muted">({data.grant.status})</span></dd>
                  <dt>Scopes</dt>
                  <dd>{data.grant.scopes.map((scope) => <code key={scope}>{scope.replace('https://www.googleapis.com/auth/', '')} </code>)}</dd>
                  <dt>Refresh token</dt>
                  <dd>{data.grant.hasRefreshToken ? 'held' : 'none (the player signed in without forceRefreshToken)'}</dd>
                  <dt>Access token expires</dt>
                  <dd><Time value={data.grant.accessTokenExpiresAt} /></dd>
                  <dt>Last refresh</dt>
                  <dd><Time value={data.grant.lastRefreshAt} /></dd>
                  <dt>Last error</dt>
                  <dd>{data.grant.lastError ?? <span class="muted">none</span>}</dd>
                </dl>
              )}
              <p>
                <ActionButton
                  label="Revoke access"
                  kind="danger"
                  confirm={`Revoke ${data.player.displayName}? Every session ends and their Google grant is revoked: they must sign in again and consent.`}
                  action={revoke}
                />
              </p>
              <Table
                caption="Sessions (one per sign-in)"
                headers={['Session', 'Opened', 'State']}
                empty="No sessions."
                rows={data.sessions.map((session) => [
                  <code>{session.id.slice(0, 8)}</code>,
                  <Time value={session.createdAt} />,
                  session.active ? <Badge tone="ok">active</Badge> : <span><Badge tone="muted">revoked</Badge> {session.revokedReason ?? ''} <Time value={session.revokedAt} /></span>,
                ])}
              />
            </section>
          </div>
          <section class="panel" aria-labelledby="achievements">
            <h2 id="achievements">Achievements</h2>
            <LoadError error={achievements.error} />
            <Table
              caption="As Google holds them, with this player's pending writes"
              headers={['Achievement', 'Type', 'State', 'Steps', 'Pending write']}
              empty={achievements.data === undefined ? 'Loading…' : 'None.'}
              rows={(achievements.data?.items ?? []).map((item) => [
                item.name ?? <code>{item.id}</code>,
                item.type,
                <Badge tone={item.state === 'UNLOCKED' ? 'ok' : item.state === 'HIDDEN' ? 'muted' : 'warn'}>{item.state}</Badge>,
                item.totalSteps === undefined ? '–' : `${item.currentSteps ?? 0} / ${item.totalSteps}`,
                item.pending === true ? <Badge tone="warn">pending</Badge> : '–',
              ])}
            />
          </section>
          <section class="panel" aria-labelledby="scores">
            <h2 id="scores">Scores</h2>
            <LoadError error={scores.error} />
            <Table
              caption="The player's own scores, per leaderboard and span, as Google holds them, with pending submissions"
              headers={['Leaderboard', 'Span', 'Score', 'Rank', 'Tag', 'Pending']}
              numeric={[2, 3]}
              empty={scores.data === undefined ? 'Loading…' : 'No scores.'}
              rows={(scores.data?.items ?? []).flatMap((board) =>
                board.items.map((item) => [
                  board.name,
                  item.timeSpan,
                  item.formattedScore,
                  item.rank === undefined ? '–' : String(item.rank),
                  item.scoreTag ?? '–',
                  item.pending === true ? <Badge tone="warn">pending</Badge> : '–',
                ]),
              )}
            />
          </section>
          <section class="panel" aria-labelledby="events">
            <h2 id="events">Events</h2>
            <LoadError error={events.error} />
            <Table
              caption="The player's event counts as Google holds them, with their updates not confirmed yet"
              headers={['Event', 'Visibility', 'Count', 'Not confirmed yet']}
              numeric={[2, 3]}
              empty={events.data === undefined ? 'Loading…' : 'No events.'}
              rows={(events.data?.items ?? []).map((item) => [
                item.name === '' ? <code>{item.id}</code> : <span title={item.id}>{item.name}</span>,
                <Badge tone={item.visibility === 'HIDDEN' ? 'muted' : 'ok'}>{item.visibility}</Badge>,
                String(item.count),
                item.pendingCount === undefined ? '–' : <Badge tone="warn">{`+${item.pendingCount} pending`}</Badge>,
              ])}
            />
            <EventWritesTable
              caption="Event updates of this player in the outbox (in flight, pending, failed)"
              writes={events.data?.writes ?? []}
              showPlayer={false}
              onChanged={() => {
                events.reload();
                audit.reload();
              }}
            />
          </section>
          <section class="panel" aria-labelledby="writes">
            <h2 id="writes">Outbox writes</h2>
            <WritesTable caption="Open and failed achievement writes of this player" writes={data.writes} showPlayer={false} onChanged={reload} />
          </section>
          <section class="panel" aria-labelledby="trail">
            <h2 id="trail">Audit trail</h2>
            <Table
              caption="Operator actions on this player"
              headers={['When', 'Who', 'Action', 'Outcome']}
              empty="None."
              rows={(audit.data?.items ?? []).map((entry) => [<Time value={entry.at} />, <code>{entry.actor}</code>, entry.action, entry.outcome])}
            />
          </section>
        </>
      )}
    </>
  );
}
