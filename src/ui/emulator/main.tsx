/** The emulator's web UI: one page, one hash route per view, every action a control-API call. */
import { render } from 'preact';
import '../common/styles.css';
import { Frame } from '../common/components.js';
import { useHashRoute } from '../common/hooks.js';
import { ApplicationsPage } from './applications-page.js';
import { ClockPage } from './clock-page.js';
import { FaultsPage } from './faults-page.js';
import { PlayerPage } from './player-page.js';
import { PlayersPage } from './players-page.js';
import { RequestsPage } from './requests-page.js';

const VIEWS = [
  { path: 'players', label: 'Players' },
  { path: 'applications', label: 'Applications' },
  { path: 'requests', label: 'Requests' },
  { path: 'faults', label: 'Faults' },
  { path: 'clock', label: 'Clock' },
] as const;

function App() {
  const route = useHashRoute();
  const view = route[0] ?? 'players';
  let page;
  if (view === 'players' && route[1] !== undefined) page = <PlayerPage playerId={route[1]} />;
  else if (view === 'applications') page = <ApplicationsPage />;
  else if (view === 'requests') page = <RequestsPage />;
  else if (view === 'faults') page = <FaultsPage />;
  else if (view === 'clock') page = <ClockPage />;
  else page = <PlayersPage />;
  return (
    <Frame
      brand="Play Games emulator"
      nav={VIEWS.map((item) => ({ href: `#/${item.path}`, label: item.label, current: item.path === view }))}
      right={
        <a href="/emulator/v1/applications" class="on-dark">
          Control API
        </a>
      }
    >
      {page}
    </Frame>
  );
}

render(<App />, document.getElementById('app')!);
