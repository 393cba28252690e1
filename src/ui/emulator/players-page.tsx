/** The landing page: every player by display name, and a form that creates one. */
import { useState } from 'preact/hooks';
import { failureText } from '../common/api.js';
import { Badge, LoadError, Notice, Table } from '../common/components.js';
import { useLoader } from '../common/hooks.js';
import { control } from './control.js';

export function PlayersPage() {
  const players = useLoader(() => control.players(), [], 5_000);
  return (
    <>
      <h1>Players</h1>
      <CreatePlayerForm onCreated={players.reload} />
      <LoadError error={players.error} />
      <Table
        caption={`${players.data?.length ?? 0} players`}
        headers={['Display name', 'Player ID', 'Email', 'Account']}
        empty={players.data === undefined ? 'Loading…' : 'No players yet: create one above.'}
        rowKeys={players.data?.map((player) => player.playerId)}
        rows={(players.data ?? []).map((player) => [
          <a href={`#/players/${encodeURIComponent(player.playerId)}`}>{player.displayName}</a>,
          <code>{player.playerId}</code>,
          player.email,
          <span class="row">
            {player.tester ? <Badge tone="warn">tester</Badge> : null}
            {player.developer ? <Badge tone="warn">developer</Badge> : null}
            {player.profileVisible ? null : <Badge tone="muted">profile hidden</Badge>}
            {player.tester || player.developer || !player.profileVisible ? null : <span class="muted">player</span>}
          </span>,
        ])}
      />
    </>
  );
}

function CreatePlayerForm(props: { onCreated: () => void }) {
  const [displayName, setDisplayName] = useState('');
  const [tester, setTester] = useState(false);
  const [developer, setDeveloper] = useState(false);
  const [profileVisible, setProfileVisible] = useState(true);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | undefined>(undefined);
  const submit = (event: Event) => {
    event.preventDefault();
    control.createPlayer({ displayName: displayName.trim(), tester, developer, profileVisible }).then(
      (player) => {
        setMessage({ kind: 'ok', text: `Created ${player.displayName} (${player.playerId}).` });
        setDisplayName('');
        props.onCreated();
      },
      (failure: unknown) => setMessage({ kind: 'error', text: failureText(failure) }),
    );
  };
  return (
    <section class="panel" aria-labelledby="create-player">
      <h2 id="create-player">Create a player</h2>
      <form class="inline" onSubmit={submit}>
        <label>
          Display name
          <input name="displayName" required value={displayName} onInput={(e) => setDisplayName(e.currentTarget.value)} />
        </label>
        <label class="check">
          <input type="checkbox" checked={tester} onChange={(e) => setTester(e.currentTarget.checked)} /> Tester (sees drafts, may reset)
        </label>
        <label class="check">
          <input type="checkbox" checked={developer} onChange={(e) => setDeveloper(e.currentTarget.checked)} /> Developer account
        </label>
        <label class="check">
          <input type="checkbox" checked={profileVisible} onChange={(e) => setProfileVisible(e.currentTarget.checked)} /> Profile visible
        </label>
        <button type="submit">Create player</button>
      </form>
      {message === undefined ? null : <Notice kind={message.kind}>{message.text}</Notice>}
    </section>
  );
}
