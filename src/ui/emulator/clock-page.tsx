/** The emulator clock (`/emulator/v1/clock`): where it stands, the next DAILY and WEEKLY leaderboard resets, and buttons that move it. */
import { useState } from 'preact/hooks';
import { ActionButton, LoadError, Time } from '../common/components.js';
import { useLoader } from '../common/hooks.js';
import { control } from './control.js';

const STEPS = [
  { label: '+1 hour', seconds: 3_600 },
  { label: '+1 day', seconds: 86_400 },
  { label: '+7 days', seconds: 7 * 86_400 },
];

function until(iso: string, now: string): string {
  const seconds = Math.max(0, Math.round((Date.parse(iso) - Date.parse(now)) / 1000));
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  const minutes = Math.floor((seconds % 3_600) / 60);
  return `${days > 0 ? `${days} d ` : ''}${hours} h ${minutes} min`;
}

export function ClockPage() {
  const clock = useLoader(() => control.clock(), [], 5_000);
  const [seconds, setSeconds] = useState('60');
  const advance = async (by: number) => {
    await control.advanceClock(by);
    clock.reload();
  };
  const now = clock.data;
  return (
    <>
      <h1>Clock</h1>
      <LoadError error={clock.error} />
      {now === undefined ? null : (
        <section class="panel" aria-labelledby="now">
          <h2 id="now">Emulator time</h2>
          <dl class="facts">
            <dt>Now</dt>
            <dd><Time value={now.now} /> <code>{now.now}</code></dd>
            <dt>Ahead of the wall clock</dt>
            <dd>{now.offsetSeconds} s</dd>
            <dt>Next daily reset</dt>
            <dd><Time value={now.nextDailyReset} /> (in {until(now.nextDailyReset, now.now)}; daily boards reset at midnight UTC-7)</dd>
            <dt>Next weekly reset</dt>
            <dd><Time value={now.nextWeeklyReset} /> (in {until(now.nextWeeklyReset, now.now)}; Sunday, midnight UTC-7)</dd>
          </dl>
        </section>
      )}
      <section class="panel" aria-labelledby="advance">
        <h2 id="advance">Advance the clock</h2>
        <p class="muted">The clock only moves forward. It governs code and token expiry and the leaderboard periods.</p>
        <div class="row">
          {STEPS.map((step) => (
            <ActionButton key={step.label} label={step.label} kind="secondary" action={() => advance(step.seconds)} />
          ))}
          {now === undefined ? null : <ActionButton label="To the next daily reset" action={() => advance(Math.ceil((Date.parse(now.nextDailyReset) - Date.parse(now.now)) / 1000))} />}
        </div>
        <form
          class="inline spaced"
          onSubmit={(e) => {
            e.preventDefault();
            void advance(Number(seconds));
          }}
        >
          <label>
            Seconds
            <input type="number" min={0} value={seconds} onInput={(e) => setSeconds(e.currentTarget.value)} />
          </label>
          <button type="submit">Advance</button>
        </form>
      </section>
    </>
  );
}
