/** Small helpers shared by the generator's tests. */
import assert from 'node:assert/strict';
import type { DataFacts, DbSchema } from '../../../src/mapping/db-schema.js';
import type { Draft, DraftResource } from '../../../src/generate/draft.js';
import { generate, type GenerateOptions } from '../../../src/generate/generate.js';
import { attributeValue } from '../../../src/generate/render-resource.js';
import { viewOf, type SchemaView } from '../../../src/generate/schema-view.js';
import type { App } from './apps.js';

export function draftOf(schema: DbSchema, facts?: DataFacts, options?: GenerateOptions): Draft {
  const result = generate(schema, facts, options);
  assert.equal(result.kind, 'draft', JSON.stringify(result));
  return (result as { draft: Draft }).draft;
}

export function appDraft(app: App, options?: GenerateOptions): Draft {
  return draftOf(app.schema, app.facts, options);
}

export function appView(app: App): SchemaView {
  return viewOf(app.schema, app.facts);
}

/** path → the attribute's YAML value (the bare column, or its map). */
export function mapping(r: DraftResource): Record<string, unknown> {
  return Object.fromEntries(r.attributes.map((a) => [a.path, attributeValue(a)]));
}

/** path → spec of the resource's relations. */
export function relations(r: DraftResource): Record<string, unknown> {
  return Object.fromEntries(r.relations.map((x) => [x.path, x.spec]));
}

/** column → scope value. */
export function scopeOf(r: DraftResource): Record<string, unknown> {
  return Object.fromEntries(r.scope.map((s) => [s.column, s.value]));
}

export function defaultsOf(r: DraftResource): Record<string, unknown> {
  return Object.fromEntries(r.defaults.map((d) => [d.column, d.value]));
}

export function attr(r: DraftResource, path: string) {
  return r.attributes.find((a) => a.path === path);
}
