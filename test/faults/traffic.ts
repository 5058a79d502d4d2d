/**
 * Mixed SCIM traffic for the fault tests, and what it proves afterwards. Each worker creates its
 * own users (with two phone numbers in a child table), reads them, lists them and replaces their
 * name and phones, so every write has a known version: the name says `vN` and so does each phone.
 * A probe loop asks /readyz. Every answer is kept as a sample; `audit` then reads the database.
 */
import type { Knex } from 'knex';
import { TOKEN } from '../helpers/server.js';

export interface Sample {
  readonly op: string;
  readonly start: number;
  readonly end: number;
  /** 0: no HTTP answer (connection error or the client's own timeout). */
  readonly status: number;
  readonly retryAfter: string | null;
  readonly scimError: boolean;
  /** The error body's detail, or the client's own error when there was no answer. */
  readonly error?: string;
}

interface OwnUser {
  readonly id: string;
  readonly userName: string;
  /** The version of the last write answered 2xx. */
  acked: number;
  /** Versions written later whose answer was not 2xx (they may or may not have committed). */
  readonly unsure: number[];
}

const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';

function parseJson(text: string): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  try { return text ? JSON.parse(text) : undefined; } catch { return undefined; }
}

const phones = (tag: string, version: number) => [
  { value: `${tag}v${version}a`, type: 'work', primary: true },
  { value: `${tag}v${version}b`, type: 'mobile' },
];

export class Traffic {
  readonly samples: Sample[] = [];
  readonly users: OwnUser[] = [];
  /** userName → version of creates answered with something other than 201. */
  readonly unsureCreates = new Map<string, number>();
  private running = true;
  private readonly loops: Promise<void>[] = [];

  constructor(private readonly url: string, private readonly clientTimeoutMs: number) {}

  start(workers: number): void {
    for (let w = 0; w < workers; w++) this.loops.push(this.worker(w));
    this.loops.push(this.probe());
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async request(op: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const start = Date.now();
    try {
      const response = await fetch(path.startsWith('http') ? path : `${this.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${TOKEN}`, ...(body !== undefined ? { 'content-type': 'application/scim+json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.clientTimeoutMs),
      });
      const text = await response.text();
      const parsed = parseJson(text);
      this.samples.push({ op, start, end: Date.now(), status: response.status, retryAfter: response.headers.get('retry-after'),
        scimError: Array.isArray(parsed?.schemas) && parsed.schemas.includes(ERROR_URN) && parsed.status === String(response.status) && typeof parsed.detail === 'string',
        ...(typeof parsed?.detail === 'string' ? { error: parsed.detail } : {}) });
      return { status: response.status, body: parsed };
    } catch (error) {
      this.samples.push({ op, start, end: Date.now(), status: 0, retryAfter: null, scimError: false, error: String((error as Error).cause ?? error) });
      return { status: 0, body: undefined };
    }
  }

  private async worker(w: number): Promise<void> {
    let created = 0;
    for (let i = 0; this.running; i++) {
      const mine = this.users.filter((u) => u.userName.startsWith(`w${w}-`));
      const user = mine[i % Math.max(1, mine.length)];
      const step = user ? i % 4 : 0;
      if (step === 0) await this.create(w, created++);
      else if (step === 1 && user) await this.request('get', 'GET', `/Users/${user.id}`);
      else if (step === 2 && user) await this.replace(user);
      else await this.request('list', 'GET', `/Users?filter=${encodeURIComponent(`userName sw "w${w}-"`)}&count=5`);
    }
  }

  private async create(w: number, n: number): Promise<void> {
    const userName = `w${w}-${n}@example.com`;
    const answer = await this.request('create', 'POST', '/Users', { userName, displayName: `${userName} v0`, phoneNumbers: phones(userName, 0) });
    if (answer.status === 201) this.users.push({ id: answer.body.id, userName, acked: 0, unsure: [] });
    else this.unsureCreates.set(userName, 0);
  }

  private async replace(user: OwnUser): Promise<void> {
    const version = Math.max(user.acked, ...user.unsure) + 1;
    const answer = await this.request('replace', 'PUT', `/Users/${user.id}`,
      { userName: user.userName, displayName: `${user.userName} v${version}`, phoneNumbers: phones(user.userName, version) });
    if (answer.status === 200) { user.acked = version; user.unsure.length = 0; } else user.unsure.push(version);
  }

  private async probe(): Promise<void> {
    while (this.running) {
      await this.request('readyz', 'GET', `${new URL(this.url).origin}/readyz`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

export interface Audit {
  readonly users: number;
  /** Acknowledged writes not in the database (a 201'd user missing, or a 200'd replace overwritten by an older version). */
  readonly lost: string[];
  /** Users whose name and phones are not from one and the same write. */
  readonly halfApplied: string[];
}

/** Reads every user and phone back and checks them against what the traffic was told. */
export async function audit(knex: Knex, traffic: Traffic): Promise<Audit> {
  const rows: { id: number; login: string; full_name: string }[] = await knex('people').select('id', 'login', 'full_name');
  const phoneRows: { person_id: number; number: string }[] = await knex('person_phones').select('person_id', 'number');
  const byOwner = new Map<number, string[]>();
  for (const p of phoneRows) byOwner.set(Number(p.person_id), [...(byOwner.get(Number(p.person_id)) ?? []), p.number]);
  const stored = new Map(rows.map((r) => [r.login, { version: Number(/ v(\d+)$/.exec(r.full_name)?.[1]), phones: (byOwner.get(Number(r.id)) ?? []).sort() }]));
  const halfApplied = [...stored].filter(([login, s]) => JSON.stringify(s.phones) !== JSON.stringify(phones(login, s.version).map((p) => p.value).sort())).map(([login]) => login);
  const lost = traffic.users.filter((u) => {
    const s = stored.get(u.userName);
    return !s || (s.version !== u.acked && !u.unsure.includes(s.version));
  }).map((u) => u.userName);
  const unknown = [...stored.keys()].filter((login) => !traffic.users.some((u) => u.userName === login) && !traffic.unsureCreates.has(login));
  return { users: rows.length, lost: [...lost, ...unknown.map((l) => `${l} (never sent)`)], halfApplied };
}
