/**
 * autocannon, run in-process in the parent, and its results reduced to the figures we record.
 */
import autocannon from 'autocannon';

/** Runs autocannon and returns { rps, p50, p99, ok, non2xx, errors, statusCodes, duration }. */
export async function load(options) {
  const result = await autocannon({ connections: 50, pipelining: 1, ...options });
  const ok = result['2xx'];
  // result.duration is coarse (whole ticks); a short fixed-amount run needs the real span.
  const duration = (result.finish.getTime() - result.start.getTime()) / 1000;
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
