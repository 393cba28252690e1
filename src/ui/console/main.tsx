/** The operators' console: players, the outbox, live metrics and the audit log, over the admin API. */
import { render } from 'preact';
import '../common/styles.css';
import { Frame } from '../common/components.js';
import { useHashRoute } from '../common/hooks.js';
import { csrfToken } from './api.js';
import { AuditPage } from './audit-page.js';
import { MetricsPage } from './metrics-page.js';
import { OutboxPage } from './outbox-page.js';
import { PlayerPage } from './player-page.js';
import { PlayersPage } from './players-page.js';

const VIEWS = [
  { path: 'players', label: 'Players' },
  { path: 'outbox', label: 'Outbox' },
  { path: 'metrics', label: 'Metrics' },
  { path: 'audit', label: 'Audit log' },
] as const;

function SignOut() {
  return (
    <form method="post" action="/console/sign-out">
      <input type="hidden" name="csrf" value={csrfToken} />
      <button type="submit" class="secondary">
        Sign out
      </button>
    </form>
  );
}

function App() {
  const route = useHashRoute();
  const view = route[0] ?? 'players';
  let page;
  if (view === 'players' && route[1] !== undefined) page = <PlayerPage id={route[1]} />;
  else if (view === 'outbox') page = <OutboxPage />;
  else if (view === 'metrics') page = <MetricsPage />;
  else if (view === 'audit') page = <AuditPage />;
  else page = <PlayersPage />;
  return (
    <Frame brand="play-games-server console" nav={VIEWS.map((item) => ({ href: `#/${item.path}`, label: item.label, current: item.path === view }))} right={<SignOut />}>
      {page}
    </Frame>
  );
}

render(<App />, document.getElementById('app')!);
