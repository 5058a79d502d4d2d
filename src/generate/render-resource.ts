/**
 * One drafted resource → its YAML map (yaml Document API), every guess with its reason as a trailing
 * comment and its question as a `# CHECK:` line above; what is left as commented-out lines to
 * uncomment. Pure.
 */
import { Document, YAMLMap, YAMLSeq, type Node, type Pair } from 'yaml';
import type { DraftAttribute, DraftColumn, DraftOffer, DraftResource, Reasoned } from './draft.js';
import { rawOf } from './key-value.js';

/** A pair whose value carries the reason, and whose key the CHECK question. */
function reasoned(doc: Document, key: string, value: unknown, why: Reasoned, flow = true): Pair {
  const node = doc.createNode(value, { flow }) as Node;
  node.comment = ` ${why.reason}`;
  const pair = doc.createPair(key, node);
  if (why.check !== undefined) (pair.key as Node).commentBefore = ` CHECK: ${why.check}`;
  return pair;
}

/** A block map of reasoned entries under `key`, with an optional note above it. */
function block(doc: Document, key: string, entries: readonly { key: string; value: unknown; why: Reasoned }[], note?: string): Pair {
  const map = new YAMLMap();
  for (const e of entries) map.add(reasoned(doc, e.key, e.value, e.why));
  const pair = doc.createPair(key, map);
  if (note !== undefined) (pair.key as Node).commentBefore = note;
  return pair;
}

/** The attribute's YAML value: the bare column when nothing else is needed. */
export function attributeValue(a: DraftAttribute): string | Readonly<Record<string, unknown>> {
  if (a.keyed !== undefined) return rawOf(a);
  const extra = {
    ...(a.required !== undefined ? { required: a.required } : {}), ...(a.map !== undefined ? { map: a.map } : {}),
    ...(a.epoch !== undefined ? { epoch: a.epoch } : {}), ...(a.inactiveWhile !== undefined ? { inactiveWhile: a.inactiveWhile } : {}),
    ...(a.also !== undefined ? { also: a.also } : {}),
  };
  return Object.keys(extra).length === 0 ? a.column : { column: a.column, ...extra };
}

const DEFAULTS_NOTE = ' written only when SCIM creates a row (never on update, never read): columns the database requires but SCIM has no attribute for';
const DERIVED_NOTE = ' columns the application keeps in step with an attribute: written on every create and every change of it';
const JOIN_NOTE = ' one-to-one side tables: their columns are named table.column below';
const ONCREATE_NOTE = ' rows the application expects beside each new user, inserted in the same transaction';

/** `# "?": sign_in_count   (integer, nullable)`: ready to uncomment once the path is filled in. */
function columnLine(c: DraftColumn): string {
  const type = `${c.dataType}${c.nullable ? ', nullable' : ''}`;
  return ` ${c.path ?? '"?"'}: ${c.column}   (${type})${c.note !== undefined ? ` ${c.note}` : ''}`;
}

/** A detected mapping left out, as a line to uncomment: `phoneNumbers: { table: …, … }   — why`. */
function offeredLine(o: DraftOffer): string {
  const flow = new Document(o.value);
  if (flow.contents instanceof YAMLMap) flow.contents.flow = true;
  return ` ${o.path}: ${flow.toString({ flowCollectionPadding: true, lineWidth: 0 }).trim()}   ${o.reason}`;
}

function attributesPair(doc: Document, r: DraftResource): Pair {
  const attributes = new YAMLMap();
  for (const a of r.attributes) attributes.add(reasoned(doc, a.path, attributeValue(a), a));
  for (const rel of r.relations) attributes.add(reasoned(doc, rel.path, rel.spec, rel));
  const lines = [...r.offered.map(offeredLine), ...r.unmapped.map(columnLine)];
  if (lines.length > 0) attributes.comment = [' Not mapped (uncomment and edit):', ...lines].join('\n');
  const pair = doc.createPair('attributes', attributes);
  if (r.notes.length > 0) (pair.key as Node).commentBefore = r.notes.map((n) => ` ${n}`).join('\n');
  return pair;
}

/** The resource's map: table, id, scope, join, delete, derived, defaults, attributes. */
export function resourceNode(doc: Document, r: DraftResource): YAMLMap {
  const node = new YAMLMap();
  node.add(doc.createPair('table', r.table));
  if (r.id !== undefined) node.add(reasoned(doc, 'id', r.id.column, r.id));
  if (r.scope.length > 0) node.add(block(doc, 'scope', r.scope.map((s) => ({ key: s.column, value: s.value, why: s }))));
  if (r.join.length > 0) {
    node.add(block(doc, 'join', r.join.map((j) => ({
      key: j.table, why: j,
      value: { on: { [j.on.column]: j.on.sideColumn }, ...(j.defaults.length > 0 ? { defaults: Object.fromEntries(j.defaults.map((d) => [d.column, d.value])) } : {}) },
    })), JOIN_NOTE));
  }
  if (r.delete !== undefined) node.add(reasoned(doc, 'delete', { soft: r.delete.soft, ...(r.delete.epoch !== undefined ? { epoch: r.delete.epoch } : {}) }, r.delete));
  if (r.derived.length > 0) {
    node.add(block(doc, 'derived', r.derived.map((d) => ({ key: d.column, value: { from: d.from, ...(d.transform !== undefined ? { transform: d.transform } : {}) }, why: d })), DERIVED_NOTE));
  }
  if (r.defaults.length > 0) {
    const map = new YAMLMap();
    for (const d of r.defaults) map.add(reasoned(doc, d.column, d.value, d, false));
    const pair = doc.createPair('defaults', map);
    (pair.key as Node).commentBefore = DEFAULTS_NOTE;
    node.add(pair);
  }
  if (r.onCreate !== undefined && r.onCreate.length > 0) {
    const rows = new YAMLSeq();
    for (const c of r.onCreate) {
      const row = doc.createNode({ table: c.table, values: c.values }, { flow: true }) as Node;
      row.comment = ` ${c.reason}`;
      if (c.check !== undefined) row.commentBefore = ` CHECK: ${c.check}`;
      rows.items.push(row);
    }
    const pair = doc.createPair('onCreate', rows);
    (pair.key as Node).commentBefore = ONCREATE_NOTE;
    node.add(pair);
  }
  node.add(attributesPair(doc, r));
  return node;
}
