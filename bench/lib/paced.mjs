/**
 * An open-loop load generator: requests leave at a steady `rate`, whatever the answers do, over at
 * most `connections` keep-alive sockets. It measures the latency a client sees at that rate.
 *
 * autocannon's own `overallRate` is not used for this: it lets each connection fire its whole
 * per-second quota at the top of every second and then pause, so a "3000/s" run is really
 * 50 bursts per second of back-to-back requests, and its p99 measures those bursts.
 */
import { Buffer } from 'node:buffer';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setImmediate, setTimeout } from 'node:timers/promises';
import { URL } from 'node:url';

/**
 * Sends `amount` requests at `rate` per second. `next(i)` gives request i as
 * `{ method, path, headers?, body? }`. Resolves with { rps, p50, p99, ok, non2xx, errors, duration, statusCodes }.
 */
export async function paced({ url, rate, amount, connections = 50, next }) {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies = new Float64Array(amount);
  const statusCodes = {};
  let done = 0;
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let finish;
  const finished = new Promise((resolve) => {
    finish = resolve;
  });

  const send = (i) => {
    const { method, path, headers = {}, body } = next(i);
    const started = performance.now();
    const req = http.request(
      { host: target.hostname, port: target.port, method, path, agent, headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.on('data', () => {});
        res.on('end', () => {
          latencies[i] = performance.now() - started;
          statusCodes[res.statusCode] = (statusCodes[res.statusCode] ?? 0) + 1;
          if (res.statusCode >= 200 && res.statusCode < 300) ok++;
          else non2xx++;
          if (++done === amount) finish();
        });
      },
    );
    req.on('error', () => {
      latencies[i] = Number.NaN;
      errors++;
      if (++done === amount) finish();
    });
    req.end(body);
  };

  const start = performance.now();
  let sent = 0;
  while (sent < amount) {
    // Send whatever the schedule says is due by now, then yield to the event loop.
    const due = Math.min(amount, Math.floor(((performance.now() - start) / 1000) * rate) + 1);
    while (sent < due) send(sent++);
    if (sent < amount) await (due - sent > 0 ? setImmediate() : setTimeout(0.5));
  }
  await finished;
  const duration = (performance.now() - start) / 1000;
  agent.destroy();

  const sorted = Array.from(latencies.filter((v) => !Number.isNaN(v))).sort((a, b) => a - b);
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
  return { rps: ok / duration, p50: pct(50), p99: pct(99), ok, non2xx, errors, timeouts: 0, duration, statusCodes };
}
