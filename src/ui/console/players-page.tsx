/** Players: search by a part of the name or any ID; the most recent sign-ins first. */
import { useState } from 'preact/hooks';
import { LoadError, Table, Time } from '../common/components.js';
import { useLoader } from '../common/hooks.js';
import { api, dataOf } from './api.js';
import { GrantBadge } from './grant-badge.js';

export function PlayersPage() {
  const [query, setQuery] = useState('');
  const [submitted, setSubmitted] = useState('');
  const players = useLoader(() => dataOf(api.GET('/v1/admin/players', { params: { query: { query: submitted, limit: 100 } } })), [submitted], 10_000);
  return (
    <>
      <h1>Players</h1>
      <form
        class="inline"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setSubmitted(query.trim());
        }}
      >
        <label>
          Name or ID (Play Games, account, internal, Google sub, email)
          <input type="search" name="query" size={48} value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
        </label>
        <button type="submit">Search</button>
      </form>
      <LoadError error={players.error} />
      <Table
        caption={submitted === '' ? 'Most recent sign-ins' : `Players matching “${submitted}”`}
        headers={['Display name', 'Play Games player ID', 'Account', 'Grant', 'Last sign-in']}
        empty={players.data === undefined ? 'Loading…' : 'No player matches.'}
        rowKeys={players.data?.items.map((player) => player.id)}
        rows={(players.data?.items ?? []).map((player) => [
          <a href={`#/players/${encodeURIComponent(player.id)}`}>{player.displayName}</a>,
          <code>{player.playerId}</code>,
          <code>{player.accountId}</code>,
          <GrantBadge state={player.grantState} />,
          <Time value={player.lastSignInAt} />,
        ])}
      />
    </>
  );
}
