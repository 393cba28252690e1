/**
 * Response serializers compiled on first use. Fastify compiles every route's response schemas
 * with fast-json-stringify while it starts: some 350 serializers here, of which a running game
 * uses a handful, each kept as generated source and code (about 4 MB of source strings alone)
 * and paid for in start-up CPU (docs/BENCHMARKS.md, 'Hot paths'). This compiler factory wraps
 * Fastify's own (@fastify/fast-json-stringify-compiler, with the same shared schemas and options)
 * so that each serializer is compiled the first time a response of its route and status is sent,
 * then reused. What is sent is the same; a schema fast-json-stringify refuses fails on that
 * first response instead of at start-up (the route tests send every documented response).
 */
import SerializerSelector from '@fastify/fast-json-stringify-compiler';

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
