/**
 * Test data for `check --simulate` that fits the user's own mapping: a userName unique per run,
 * every writable mapped attribute filled with a plausible value of its type, each value cut to
 * its column's length limit. Pure (the run tag is passed in).
 */
import type { DbSchema } from '../mapping/db-schema.js';
import { findColumn, findTable } from '../mapping/db-schema.js';
import { relationsOf, type MappedAttribute, type ResourceMapping } from '../mapping/types.js';

type Json = Record<string, unknown>;

/** Plausible values for well-known paths (by config key without element filter, then by name). */
const KNOWN: Readonly<Record<string, string>> = {
  'name.givenName': 'Sim', 'name.familyName': 'Ulation', 'name.middleName': 'Q', 'name.formatted': 'Sim Ulation',
  displayName: 'Sim Ulation', nickName: 'Sim', title: 'Engineer', userType: 'Employee', preferredLanguage: 'en',
  locale: 'en-US', timezone: 'Europe/Paris', profileUrl: 'https://example.com/sim', 'phoneNumbers.value': '+1 555 0100',
  employeeNumber: '1001', costCenter: 'CC-100', organization: 'Example', division: 'R&D', department: 'Engineering',
};

/** A run's identity: `tag` makes userName and externalId unique (e.g. 6 random hex digits). */
export interface SampleRun { readonly tag: string }

/** Column length limit of a mapped attribute's column, if the database states one. */
function limitOf(db: DbSchema, resource: ResourceMapping, attr: MappedAttribute): number | undefined {
  if (attr.column.maxLength !== undefined) return attr.column.maxLength;
  const table = findTable(db, attr.column.table ?? resource.table);
  return table === undefined ? undefined : findColumn(table, attr.column.name)?.maxLength;
}

/** `sim-1a2b3c@example.com`, shortened to fit `limit` (the tag is kept). */
export function sampleUserName(run: SampleRun, limit = 255): string {
  const full = `scim-bridge-sim-${run.tag}@example.com`;
  if (full.length <= limit) return full;
  const short = `sim${run.tag}@ex.co`;
  return short.length <= limit ? short : `s${run.tag}`.slice(0, limit);
}

function valueFor(attr: MappedAttribute, run: SampleRun, userName: string, limit: number | undefined): unknown {
  if (attr.name === 'userName' || (attr.name === 'emails' && attr.sub === 'value')) return userName;
  if (attr.name === 'externalId') return fit(`sim-${run.tag}`, limit);
  if (attr.name === 'active') return true;
  // A value the map can write (a userType with a map of allowed values).
  if (attr.valueMap !== undefined && attr.type !== 'boolean') return attr.valueMap.entries[0]?.scim;
  if (attr.name === 'displayName' && attr.schema.endsWith(':Group')) return fit(`SCIM bridge simulation ${run.tag}`, limit);
  const known = KNOWN[attr.sub !== undefined && attr.element === undefined ? `${attr.name}.${attr.sub}` : attr.element ? `${attr.name}.${attr.sub}` : attr.name];
  if (known !== undefined) return fit(known, limit);
  switch (attr.type) {
    case 'boolean': return false;
    case 'integer': return 1;
    case 'decimal': return 1.5;
    case 'dateTime': return new Date().toISOString();
    case 'reference': return 'https://example.com/sim';
    default: return fit(`sim-${run.tag}`, limit);
  }
}

const fit = (text: string, limit: number | undefined): string => (limit === undefined ? text : text.slice(0, limit));

/**
 * Whether a client may send this attribute on create. References to other resources (the
 * enterprise manager.value) are left out: a made-up id would point at no row.
 */
function writable(attr: MappedAttribute): boolean {
  return attr.maintained === undefined && attr.characteristics.mutability !== 'readOnly' && attr.name !== 'password' && attr.name !== 'members'
    && attr.reference === undefined;
}

/** The body an IdP would POST for this mapping: `schemas` plus every writable mapped attribute. */
export function sampleResource(resource: ResourceMapping, db: DbSchema, run: SampleRun): Json {
  const userAttr = resource.attributes.find((a) => a.name === 'userName');
  const userName = sampleUserName(run, userAttr ? limitOf(db, resource, userAttr) : undefined);
  const body: Json = { schemas: [resource.core.id, ...resource.extensions.map((e) => e.id)] };
  for (const attr of resource.attributes.filter(writable)) {
    place(body, resource, attr, valueFor(attr, run, userName, limitOf(db, resource, attr)));
  }
  for (const relation of relationsOf(resource)) {
    if (relation.kind !== 'children' || body[relation.name] !== undefined) continue;
    const value = relation.name === 'emails' ? sampleEmail(run, userName) : relation.name === 'phoneNumbers' ? '+1 555 0100' : `sim-${run.tag}`;
    body[relation.name] = [{ value, type: 'work', primary: true }];
  }
  return body;
}

/** An email for the simulated user: its userName where that is one, else a made-up address. */
export function sampleEmail(run: SampleRun, userName: string): string {
  return userName.includes('@') ? userName : `scim-bridge-sim-${run.tag}@example.com`;
}

/** Sets a value at an attribute's path; multi-valued elements carry their constants and primary. */
function place(body: Json, resource: ResourceMapping, attr: MappedAttribute, value: unknown): void {
  const container = attr.schema === resource.core.id ? body : ((body[attr.schema] ??= {}) as Json);
  if (attr.element) {
    const list = (container[attr.name] ??= []) as Json[];
    const constants = attr.element.constants;
    let element = list.find((e) => Object.entries(constants).every(([k, v]) => e[k] === v));
    if (!element) { element = { ...constants, ...(list.length === 0 ? { primary: true } : {}) }; list.push(element); }
    element[attr.sub as string] = value;
  } else if (attr.sub !== undefined) {
    ((container[attr.name] ??= {}) as Json)[attr.sub] = value;
  } else {
    container[attr.name] = value;
  }
}
