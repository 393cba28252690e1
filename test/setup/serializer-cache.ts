/**
 * A vitest setup file: within one test process, every Fastify app (the backend's and the
 * emulator's, of which the suites start hundreds) reuses the response serializers an earlier app
 * built from the same schema, instead of generating them again. Building them
 * (fast-json-stringify, https://github.com/fastify/fast-json-stringify) was most of the CPU a
 * test spent starting a backend and an emulator (docs/BENCHMARKS.md, 'The test loop').
 *
 * fast-json-stringify turns a schema (and its options: the app's shared schemas, rounding, …)
 * into a pure function; two builds from equal JSON make the same function, so the cache keys on
 * the JSON text of both. Options that hold functions (none here) would not be told apart: such a
 * build is not cached. Production apps build theirs once, as before: this file is for tests only.
 *
 * It replaces the module's export in Node's CommonJS cache before Fastify (loaded after the
 * setup files, by the test file's imports) requires it.
 */
import { createRequire } from 'node:module';

type Build = ((schema: unknown, options?: Record<string, unknown>) => unknown) & Record<string, unknown>;

const require = createRequire(import.meta.url);
const compilerPath = require.resolve('@fastify/fast-json-stringify-compiler');
const stringifyPath = createRequire(compilerPath).resolve('fast-json-stringify');
const original = require(stringifyPath) as Build;

if (original.cachedBuild !== true) {
  const built = new Map<string, unknown>();
  const holdsFunctions = (value: unknown): boolean => {
    if (typeof value === 'function') return true;
    if (value === null || typeof value !== 'object') return false;
    return Object.values(value).some(holdsFunctions);
  };
  const cached = ((schema: unknown, options?: Record<string, unknown>) => {
    let key: string;
    try {
      if (holdsFunctions(schema) || holdsFunctions(options)) return original(schema, options);
      key = JSON.stringify([schema, options ?? null]);
    } catch {
      return original(schema, options); // not plain JSON (a cycle): built as without the cache
    }
    let serializer = built.get(key);
    if (serializer === undefined) {
      serializer = original(schema, options);
      built.set(key, serializer);
    }
    return serializer;
  }) as Build;
  Object.assign(cached, original, { default: cached, build: cached, cachedBuild: true });
  require.cache[stringifyPath]!.exports = cached;
}
