/**
 * autocannon, run in-process in the parent, and its results reduced to the figures we record.
 */
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

/** Runs autocannon and returns { rps, p50, p99, ok, non2xx, errors, statusCodes, duration }. */
export async function load(options) {
  // autocannon only notices the end of a fixed-amount run on its next one-second tick, so its
  // duration (and its start/finish) overstate short runs: time the span from the first request
  // to the last answer here instead.
  const started = performance.now();
  let lastAnswer = started;
  const instance = autocannon({ connections: 50, pipelining: 1, ...options });
  instance.on('response', () => {
    lastAnswer = performance.now();
  });
  const result = await instance;
  const ok = result['2xx'];
  const duration = (lastAnswer - started) / 1000;
  return {
    rps: ok / duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count])),
    duration,
  };
}
