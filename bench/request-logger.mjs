#!/usr/bin/env node
/**
 * What Fastify's per-request child logger costs, in-process: CPU per `app.inject` of a route that
 * logs nothing, with the backend's logger (src/backend/logger.ts, level `warn`) and Fastify's eager
 * child logger, against the lazy one of src/backend/lazy-request-logger.ts. Interleaved rounds,
 * medians, so that the machine's drift hits both alike.
 *
 *   npm run build && node bench/request-logger.mjs
 */
import process from 'node:process';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { lazyRequestLogger } from '../dist/backend/lazy-request-logger.js';
import { createLogger } from '../dist/backend/logger.js';

const sink = new Writable({ write: (_chunk, _encoding, done) => done() });

async function app(childLoggerFactory) {
  const fastify = Fastify({ loggerInstance: createLogger('warn', sink), ...(childLoggerFactory ? { childLoggerFactory } : {}) });
  fastify.get('/x', () => ({ ok: true }));
  await fastify.ready();
  return fastify;
}

/** CPU µs per request over `count` sequential injects. */
async function cpuPerRequest(fastify, count) {
  const started = process.cpuUsage();
  for (let i = 0; i < count; i++) await fastify.inject({ url: '/x' });
  const used = process.cpuUsage(started);
  return (used.user + used.system) / count;
}

const eager = await app();
const lazy = await app(lazyRequestLogger);
await cpuPerRequest(eager, 3000);
await cpuPerRequest(lazy, 3000);
const rounds = { eager: [], lazy: [] };
for (let round = 0; round < 6; round++) {
  rounds.eager.push(await cpuPerRequest(eager, 5000));
  rounds.lazy.push(await cpuPerRequest(lazy, 5000));
}
const median = (values) => values.sort((a, b) => a - b)[values.length >> 1];
const [e, l] = [median(rounds.eager), median(rounds.lazy)];
process.stdout.write(`CPU µs per request: eager child logger ${e.toFixed(1)}, lazy ${l.toFixed(1)}; eager ÷ lazy ${(e / l).toFixed(2)}\n`);
