import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import type { SchemaNode } from '../../../src/config/schema.js';
import type { RawAttribute, RawAuth, RawBasicCredential, RawCompatibility, RawConfig, RawDatabase, RawSqlite, RawExtensionRef, RawId, RawLimits, RawLog, RawMetrics, RawRateLimit, RawResource, RawSchema, RawSchemaAttribute, RawSchemaSubAttribute, RawServer } from '../../../src/config/raw-types.js';

const schema = JSON.parse(readFileSync(new URL('../../../config/scim-bridge.schema.json', import.meta.url), 'utf8')) as SchemaNode;

/** Every subschema with its JSON pointer. */
function* subschemas(node: SchemaNode, pointer = ''): Generator<[string, SchemaNode]> {
  yield [pointer, node];
  for (const [key, child] of Object.entries(node.properties ?? {})) yield* subschemas(child, `${pointer}/properties/${key}`);
  for (const [key, child] of Object.entries(node.definitions ?? {})) yield* subschemas(child, `${pointer}/definitions/${key}`);
  if (typeof node.additionalProperties === 'object') yield* subschemas(node.additionalProperties, `${pointer}/additionalProperties`);
  if (node.items !== undefined) yield* subschemas(node.items, `${pointer}/items`);
  if (node.propertyNames !== undefined) yield* subschemas(node.propertyNames, `${pointer}/propertyNames`);
  for (const [i, child] of (node.oneOf ?? []).entries()) yield* subschemas(child, `${pointer}/oneOf/${i}`);
}

function at(pointer: string): SchemaNode {
  let node: unknown = schema;
  for (const part of pointer.split('/').slice(1)) node = (node as Record<string, unknown>)[part];
  return node as SchemaNode;
}

describe('config/scim-bridge.schema.json', () => {
  it('compiles in Ajv strict mode (union types allowed: map and scope values)', () => {
    const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true });
    assert.doesNotThrow(() => ajv.compile(schema));
  });

  it('describes every subschema (editors show these)', () => {
    const missing = [...subschemas(schema)].filter(([, s]) => s.$ref === undefined && !s.description).map(([p]) => p);
    assert.deepEqual(missing, []);
  });

  it('closes every object that lists its properties', () => {
    const open = [...subschemas(schema)].filter(([, s]) => s.properties !== undefined && s.additionalProperties !== false).map(([p]) => p);
    assert.deepEqual(open, []);
  });

  it('has examples that are valid for their own property (env placeholders aside)', () => {
    const ajv = new Ajv({ strict: true, allowUnionTypes: true });
    const validate = ajv.compile(schema);
    const bad: string[] = [];
    for (const [pointer, s] of subschemas(schema)) {
      for (const example of s.examples ?? []) {
        if (JSON.stringify(example).includes('${') || pointer === '') continue;
        const check = ajv.getSchema(`${schema.$id ?? ''}#${pointer}`);
        if (check !== undefined && !check(example)) bad.push(`${pointer}: ${JSON.stringify(example)}`);
      }
    }
    assert.ok(validate !== undefined);
    assert.deepEqual(bad, []);
  });

  it('has the same keys as the RawConfig types', () => {
    // Each record must name every key of its type and no other (checked by the compiler).
    const keys = {
      '': { database: 1, server: 1, compatibility: 1, auth: 1, schemas: 1, resources: 1 } satisfies Record<keyof RawConfig, 1>,
      '/properties/compatibility': {
        opCase: 1, emptyOperations: 1, dottedKeys: 1, filteredReplaceCreates: 1, singleElementArrays: 1,
        emptyClears: 1, scalarForComplex: 1, removeWithValue: 1, soleElement: 1, entraBooleanStrings: 1,
      } satisfies Record<keyof RawCompatibility, 1>,
      '/properties/database': { client: 1, connection: 1, schema: 1, pool: 1, statementTimeout: 1, acquireTimeout: 1, sqlite: 1 } satisfies Record<keyof RawDatabase, 1>,
      '/properties/database/properties/sqlite': { journalMode: 1, synchronous: 1, cacheSize: 1, mmapSize: 1 } satisfies Record<keyof RawSqlite, 1>,
      '/properties/server': { host: 1, port: 1, basePath: 1, defaultCount: 1, maxResults: 1, strict: 1, bodyLimit: 1, publicUrl: 1, trustProxy: 1, limits: 1, requestTimeout: 1, shutdownTimeout: 1, log: 1, metrics: 1 } satisfies Record<keyof RawServer, 1>,
      '/properties/server/properties/log': { level: 1, pretty: 1 } satisfies Record<keyof RawLog, 1>,
      '/properties/server/properties/metrics': { enabled: 1, path: 1, port: 1, public: 1 } satisfies Record<keyof RawMetrics, 1>,
      '/properties/server/properties/limits': { maxDepth: 1, maxOperations: 1, maxArrayLength: 1 } satisfies Record<keyof RawLimits, 1>,
      '/properties/auth': { bearer: 1, basic: 1, rateLimit: 1, tenants: 1, credentialsTable: 1 } satisfies Record<keyof RawAuth, 1>,
      '/properties/auth/properties/rateLimit': { enabled: 1, failures: 1, windowSeconds: 1 } satisfies Record<keyof RawRateLimit, 1>,
      '/properties/auth/properties/basic/items': { username: 1, password: 1 } satisfies Record<keyof RawBasicCredential, 1>,
      '/definitions/resource': {
        table: 1, id: 1, endpoint: 1, schema: 1, extensions: 1, scope: 1, delete: 1, strict: 1, defaults: 1, join: 1, derived: 1, onCreate: 1, attributes: 1,
      } satisfies Record<keyof RawResource, 1>,
      '/definitions/extension/oneOf/1': { schema: 1, required: 1 } satisfies Record<keyof RawExtensionRef, 1>,
      '/definitions/schema': { id: 1, name: 1, description: 1, attributes: 1 } satisfies Record<keyof RawSchema, 1>,
      '/definitions/schemaAttribute/oneOf/1': {
        type: 1, multiValued: 1, description: 1, required: 1, caseExact: 1, mutability: 1, returned: 1, uniqueness: 1,
        canonicalValues: 1, referenceTypes: 1, subAttributes: 1,
      } satisfies Record<keyof RawSchemaAttribute, 1>,
      '/definitions/schemaSubAttribute/oneOf/1': {
        type: 1, description: 1, required: 1, caseExact: 1, mutability: 1, returned: 1, uniqueness: 1, canonicalValues: 1, referenceTypes: 1,
      } satisfies Record<keyof RawSchemaSubAttribute, 1>,
      '/definitions/resource/properties/id/oneOf/1': { column: 1, prefix: 1 } satisfies Record<keyof RawId, 1>,
      '/definitions/attribute/oneOf/1': {
        column: 1, type: 1, mutability: 1, returned: 1, required: 1, uniqueness: 1, caseExact: 1, map: 1,
        table: 1, key: 1, where: 1, transform: 1, epoch: 1, inactiveWhile: 1, also: 1,
      } satisfies Record<keyof RawAttribute, 1>,
    };
    for (const [pointer, expected] of Object.entries(keys)) {
      assert.deepEqual(Object.keys(at(pointer).properties ?? {}).sort(), Object.keys(expected).sort(), pointer);
    }
  });
});
