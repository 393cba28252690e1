/**
 * Per-request bookkeeping shared by the hooks and the handlers (start time, operation name,
 * the fault plan, the authenticated caller). Kept in a WeakMap rather than on the request
 * object, so that Fastify's request shape stays stable and no global type is augmented.
 */
import type { FastifyContextConfig, FastifyRequest } from 'fastify';
import type { FaultPlan } from './faults.js';
import type { AccessTokenRecord, ApplicationRecord, GrantRecord, PlayerRecord } from './state.js';

/** The caller of a Games or Management API method, resolved from its bearer token. */
export interface AuthContext {
  token: AccessTokenRecord;
  grant: GrantRecord;
  player: PlayerRecord;
  /** The application the token was issued for: it decides which game's achievements a call sees. */
  application: ApplicationRecord;
}

export interface RequestMeta {
  startedAt: number;
  wallTime: number;
  control: boolean;
  operation: string | undefined;
  plan: FaultPlan | undefined;
  afterFaultApplied: boolean;
  logged: boolean;
  auth: AuthContext | undefined;
}

const metas = new WeakMap<FastifyRequest, RequestMeta>();

/** Starts the bookkeeping of a request (first onRequest hook). */
export function beginRequest(request: FastifyRequest, wallTime: number, control: boolean): RequestMeta {
  const meta: RequestMeta = {
    startedAt: performance.now(),
    wallTime,
    control,
    operation: undefined,
    plan: undefined,
    afterFaultApplied: false,
    logged: false,
    auth: undefined,
  };
  metas.set(request, meta);
  return meta;
}

/** The bookkeeping of a request, if it was started. */
export function metaOf(request: FastifyRequest): RequestMeta | undefined {
  return metas.get(request);
}

/** Names the operation a request performs, when the route alone cannot (the token grant). */
export function setOperation(request: FastifyRequest, operation: string): void {
  const meta = metas.get(request);
  if (meta) meta.operation = operation;
}

/** The operation name of a request: set explicitly, or from its route's `config.operation`. */
export function operationOf(request: FastifyRequest): string {
  const meta = metas.get(request);
  if (meta?.operation !== undefined) return meta.operation;
  const config = request.routeOptions.config as { operation?: unknown } | undefined;
  return typeof config?.operation === 'string' ? config.operation : 'unknown';
}

/**
 * What a Games or Management route tells the discovery documents (`discovery-document.ts`)
 * beyond its path and schemas: the names of Google's schemas for its JSON body and its answer,
 * e.g. `{ request: 'AchievementUpdateMultipleRequest', response: 'AchievementUpdateMultipleResponse' }`,
 * or `noContent` for a method that answers 204 with no body (its discovery method then has no
 * `response`, as Google's have none). Every such route says one or the other
 * (`response-schemas.test.ts`).
 */
export interface RouteDiscovery {
  request?: string;
  response?: string;
  noContent?: true;
  /** The OAuth scopes the method takes, when not the Games scope (Recall: the Android Publisher scope). */
  scopes?: readonly string[];
}

/** A route's `config` naming its operation (read back by `operationOf`) and its discovery schemas. */
export function routeConfig(operation: string, discovery: RouteDiscovery = {}): FastifyContextConfig {
  const config: FastifyContextConfig & { operation: string; discovery: RouteDiscovery } = { operation, discovery };
  return config;
}
