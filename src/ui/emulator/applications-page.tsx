/** The seeded games: their clients, achievements, leaderboards and (when the emulator has them) events. */
import type { ControlApplication } from '../../emulator/control-client.js';
import { Badge, CopyBlock, LoadError, Table } from '../common/components.js';
import { useLoader } from '../common/hooks.js';
import { control } from './control.js';

type ApplicationWithEvents = ControlApplication & { events?: Array<{ id: string; displayName: string; published: boolean }> };

function Published(props: { published: boolean }) {
  return props.published ? <Badge tone="ok">published</Badge> : <Badge tone="muted">draft</Badge>;
}

export function ApplicationsPage() {
  const applications = useLoader(() => control.applications() as Promise<ApplicationWithEvents[]>, []);
  return (
    <>
      <h1>Applications</h1>
      <LoadError error={applications.error} />
      {(applications.data ?? []).map((application) => (
        <section class="panel" key={application.applicationId} aria-labelledby={`app-${application.applicationId}`}>
          <h2 id={`app-${application.applicationId}`}>
            {application.name} <span class="muted">({application.applicationId})</span>
          </h2>
          <dl class="facts">
            <dt>Web client ID</dt>
            <dd><code>{application.webClientId}</code></dd>
            <dt>Web client secret</dt>
            <dd><CopyBlock label={`web client secret of ${application.name}`} text={application.webClientSecret} /></dd>
            {application.androidClientId === undefined ? null : [<dt key="a">Android client ID</dt>, <dd key="b"><code>{application.androidClientId}</code></dd>]}
            {application.secondWebClient === undefined ? null : [<dt key="c">Second web client</dt>, <dd key="d"><code>{application.secondWebClient.clientId}</code></dd>]}
          </dl>
          <Table
            caption={`Achievements (${application.achievements.length})`}
            headers={['ID', 'Name', 'Type', 'Initial state', 'Steps', 'XP', 'State']}
            numeric={[4, 5]}
            rows={application.achievements.map((achievement) => [
              <code>{achievement.id}</code>,
              achievement.name,
              achievement.achievementType,
              achievement.initialState,
              achievement.totalSteps === undefined ? '–' : String(achievement.totalSteps),
              achievement.experiencePoints === undefined ? '–' : String(achievement.experiencePoints),
              <Published published={achievement.published} />,
            ])}
          />
          <Table
            caption={`Leaderboards (${application.leaderboards.length})`}
            headers={['ID', 'Name', 'Order', 'Min', 'Max', 'State']}
            numeric={[3, 4]}
            rows={application.leaderboards.map((board) => [
              <code>{board.id}</code>,
              board.name,
              board.order === 'LARGER_IS_BETTER' ? 'larger is better' : 'smaller is better',
              board.scoreMin === undefined ? '–' : String(board.scoreMin),
              board.scoreMax === undefined ? '–' : String(board.scoreMax),
              <Published published={board.published} />,
            ])}
          />
          {application.events === undefined ? null : (
            <Table
              caption={`Events (${application.events.length})`}
              headers={['ID', 'Name', 'State']}
              rows={application.events.map((event) => [<code>{event.id}</code>, event.displayName, <Published published={event.published} />])}
            />
          )}
        </section>
      ))}
    </>
  );
}
