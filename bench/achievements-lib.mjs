/**
 * An open-loop load generator for the achievement benchmark: requests leave at a fixed rate,
 * evenly spaced, over a pool of `connections` keep-alive sockets, whatever the answers take.
 * (autocannon's `overallRate` sends each second's requests in one burst at the start of the
 * second, which measures queueing in front of the server rather than the latency a request gains.)
 * Latency is measured from the moment a request was due to leave, so a stalled server is not
 * hidden by requests that could not be sent (coordinated omission).
 */
import http from 'node:http';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { URL } from 'node:url';

/**
 * Sends `rate` requests/s for `durationS` seconds; `request(i)` gives `{ method, path, headers, body }`.
 * Resolves `{ p50, p99, mean, count, statusCodes, errors, achievedRate }` (ms).
 */
export async function openLoop({ url, rate, durationS, connections = 50, request }) {
  const base = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const total = Math.round(rate * durationS);
  const latencies = [];
  const statusCodes = {};
  let errors = 0;
  const started = process.hrtime.bigint();
  const inflight = [];
  for (let i = 0; i < total; i++) {
    const dueNs = started + BigInt(Math.round((i * 1e9) / rate));
    const waitMs = Number(dueNs - process.hrtime.bigint()) / 1e6;
    if (waitMs > 1) await sleep(waitMs);
    const spec = request(i);
    inflight.push(
      new Promise((resolve) => {
        const req = http.request(
          { hostname: base.hostname, port: base.port, method: spec.method, path: spec.path, headers: spec.headers, agent },
          (res) => {
            res.resume();
            res.on('end', () => {
              latencies.push(Number(process.hrtime.bigint() - dueNs) / 1e6);
              statusCodes[res.statusCode] = (statusCodes[res.statusCode] ?? 0) + 1;
              resolve();
            });
          },
        );
        req.on('error', () => {
          errors++;
          resolve();
        });
        req.end(spec.body);
      }),
    );
  }
  await Promise.all(inflight);
  const elapsedS = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return {
    p50: at(0.5),
    p99: at(0.99),
    mean: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
    count: latencies.length,
    statusCodes,
    errors,
    achievedRate: latencies.length / elapsedS,
  };
}
