/**
 * Response serializers compiled on first use. Fastify compiles every route's response schemas
 * with fast-json-stringify while it starts: some 350 serializers here, of which a running game
 * uses a handful, each kept as generated source and code (about 4 MB of source strings alone)
 * and paid for in start-up CPU (docs/BENCHMARKS.md, 'Hot paths'). This compiler factory wraps
 * Fastify's own (@fastify/fast-json-stringify-compiler, with the same shared schemas and options)
 * so that each serializer is compiled the first time a response of its route and status is sent,
 * then reused. What is sent is the same; a schema fast-json-stringify refuses fails on that
 * first response instead of at start-up, so the route tests are what finds it.
 */
import SerializerSelector from '@fastify/fast-json-stringify-compiler';
import type { FastifySchemaCompiler } from 'fastify';

/** A `schemaController.compilersFactory.buildSerializer` whose serializers compile lazily. */
export function lazySerializerFactory(): SerializerSelector.SerializerFactory {
  const factory = SerializerSelector();
  return (externalSchemas, serializerOptions) => {
    const compile = factory(externalSchemas, serializerOptions);
    return (route) => {
      let serialize: SerializerSelector.Serializer | undefined;
      return (data: unknown) => (serialize ??= compile(route))(data);
    };
  };
}

/**
 * The same for request validators: `compiler` (TypeBox's, which answers `{ value }` or
 * `{ error }` and keeps nothing on the function) runs for a route part the first time a request
 * of that route is validated, then the compiled validator is reused.
 */
export function lazyValidatorCompiler<S>(compiler: FastifySchemaCompiler<S>): FastifySchemaCompiler<S> {
  return (route) => {
    let validate: ReturnType<FastifySchemaCompiler<S>> | undefined;
    return (data: unknown) => (validate ??= compiler(route))(data);
  };
}
