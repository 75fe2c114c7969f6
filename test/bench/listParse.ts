/**
 * Figure 3 of `npm run bench` (test/bench/index.mjs): the extension's handling of a `webhook/list` answer of
 * 10,000 hooks, beside the least any client does with the same body.
 *
 *   node esbuild.js --bench && node --expose-gc out/bench/listParse.js
 *
 * Ours, per body: `parseJson` (lossless JSON, src/model/losslessJson.ts), the `{success, response}` envelope and
 * `hookListSchema` (src/api/schemas.ts), exactly as ZipwhipClient reads an answer; then the tree grouping the
 * Webhooks view does for a line: for each of the six events `eventRow` (its label and count) and `hooksForEvent`
 * (its children), from src/views/treeModel.ts.
 * Reference: `JSON.parse` of the same text and a map of `response` into plain hook objects.
 * Each is timed on the same body, alternating, after a warm-up and a GC, and the medians are compared; once with
 * small ids (safe integers) and once with ids above 2^53 (which `JSON.parse` rounds and ours keeps exact).
 * Goal: ours at most 3x the reference.
 */
import { parseJson } from '../../src/model/losslessJson';
import { envelopeSchema, hookListSchema } from '../../src/api/schemas';
import { eventRow, groupByEvent } from '../../src/views/treeModel';
import { eventKey, HOOK_EVENTS, type Webhook } from '../../src/model/webhook';
import type { LineRecord } from '../../src/auth/lineRecord';
import { emitRows, formatMs, median, type BenchRow } from './support/report';

const HOOKS = 10_000;
const WARMUP = 5;
const RUNS = 15;
const GOAL = 3;
const METHODS = ['POST', 'PUT', 'GET', 'post'] as const;
const BIG_BASE = 1327295480212647936n;

const line: LineRecord = { id: 'sandbox|123456', server: 'sandbox', deviceId: '123456', label: '4257772300' };

/** A `webhook/list` body as a Zipwhip server writes it; ids are JSON numbers, small or above 2^53. */
function listBody(bigIds: boolean): string {
  const hooks: string[] = [];
  for (let i = 0; i < HOOKS; i++) {
    const spec = HOOK_EVENTS[i % HOOK_EVENTS.length] ?? HOOK_EVENTS[0];
    const id = bigIds ? (BIG_BASE + BigInt(i)).toString() : String(100_000 + i);
    const method = METHODS[i % METHODS.length] ?? 'POST';
    const methodField = i % 10 === 9 ? '' : `,"method":"${method}"`; // some hooks leave the method out
    hooks.push(
      `{"webhookId":${id},"type":"${spec.type}","event":"${spec.event}","url":"https://hooks.example.com/zipwhip/${spec.type}/${spec.event}/${i}"${methodField}}`,
    );
  }
  return `{"success":true,"response":[${hooks.join(',')}]}`;
}

/** What the extension does with the answer, up to the rows of the line's six events and their children. */
function ours(text: string): { hooks: readonly Webhook[]; shown: number } {
  const envelope = envelopeSchema.safeParse(parseJson(text));
  if (!envelope.success) throw new Error('the body has no envelope');
  const parsed = hookListSchema.safeParse(envelope.data.response);
  if (!parsed.success) throw new Error(`the body did not validate: ${parsed.error.message}`);
  const hooks = parsed.data;
  let shown = 0;
  const byEvent = groupByEvent(hooks);
  for (const spec of HOOK_EVENTS) {
    const own = byEvent.get(eventKey(spec)) ?? [];
    const row = eventRow(line, spec, own);
    shown += own.length + (row.label ? 1 : 0);
  }
  return { hooks, shown };
}

interface RawHook {
  webhookId: number;
  type: string;
  event: string;
  url: string;
  method?: string;
}

/** The reference: JSON.parse and a map into hook objects. */
function reference(text: string): { hooks: readonly Webhook[] } {
  const body = JSON.parse(text) as { response: RawHook[] };
  const hooks = body.response.map((h): Webhook => ({
    webhookId: String(h.webhookId),
    type: h.type,
    event: h.event,
    url: h.url,
    method: h.method ? h.method.toUpperCase() : 'POST',
  }));
  return { hooks };
}

const collect = (globalThis as { gc?: () => void }).gc ?? ((): void => undefined);

function time(run: () => unknown): number {
  collect();
  const started = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function measure(bigIds: boolean): BenchRow {
  const text = listBody(bigIds);
  // Correctness first: the same hooks, and (ours only) the exact ids.
  const mine = ours(text);
  const theirs = reference(text);
  if (mine.hooks.length !== HOOKS || theirs.hooks.length !== HOOKS) throw new Error('a parse lost hooks');
  if (mine.shown !== HOOKS + HOOK_EVENTS.length) throw new Error(`the grouping showed ${mine.shown} rows`);
  const lastId = bigIds ? (BIG_BASE + BigInt(HOOKS - 1)).toString() : String(100_000 + HOOKS - 1);
  if (mine.hooks[HOOKS - 1]?.webhookId !== lastId)
    throw new Error(`ours read the last id as ${String(mine.hooks[HOOKS - 1]?.webhookId)}, not ${lastId}`);
  const roundedByJsonParse = theirs.hooks[HOOKS - 1]?.webhookId !== lastId;

  for (let i = 0; i < WARMUP; i++) {
    ours(text);
    reference(text);
  }
  const oursMs: number[] = [];
  const referenceMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Alternate which goes first, so neither profits from a quiet moment or a warm cache.
    if (i % 2 === 0) {
      oursMs.push(time(() => ours(text)));
      referenceMs.push(time(() => reference(text)));
    } else {
      referenceMs.push(time(() => reference(text)));
      oursMs.push(time(() => ours(text)));
    }
  }
  // Where ours spends it (not part of the figure): each stage alone, on its own input.
  const json = parseJson(text);
  const response = (json as { response: unknown }).response;
  const stage = (run: () => unknown): number => {
    for (let i = 0; i < WARMUP; i++) run();
    return median(Array.from({ length: 7 }, () => time(run)));
  };
  const parseMs = stage(() => parseJson(text));
  const schemaMs = stage(() => {
    envelopeSchema.parse(json);
    hookListSchema.safeParse(response);
  });
  const listed = hookListSchema.safeParse(response);
  if (!listed.success) throw new Error('the body did not validate');
  const grouped = listed.data;
  const groupMs = stage(() => {
    const byEvent = groupByEvent(grouped);
    for (const spec of HOOK_EVENTS) eventRow(line, spec, byEvent.get(eventKey(spec)) ?? []);
  });
  const o = median(oursMs);
  const r = median(referenceMs);
  const ratio = o / r;
  const label = bigIds ? 'ids above 2^53' : 'small ids';
  console.log(
    `  ${label.padEnd(15)} body ${(Buffer.byteLength(text) / 1024 / 1024).toFixed(2)} MiB: ours ${formatMs(o)} (parse + schema + grouping), ` +
      `JSON.parse + map ${formatMs(r)}${roundedByJsonParse ? ' (JSON.parse rounds these ids, ours keeps them exact)' : ''}; ratio ${ratio.toFixed(2)}x`,
  );
  console.log(
    `  ${''.padEnd(15)} ours by stage: parseJson ${formatMs(parseMs)}, envelope + hookListSchema ${formatMs(schemaMs)}, grouping (groupByEvent + 6 x eventRow) ${formatMs(groupMs)}`,
  );
  return {
    name: `10,000 hooks, ${label}: ours / JSON.parse+map`,
    value: ratio,
    unit: 'x',
    digits: 2,
    reference: `ours ${formatMs(o)}, JSON.parse+map ${formatMs(r)}`,
    goal: `<= ${GOAL}x`,
    pass: ratio <= GOAL,
  };
}

console.log(
  `  ${HOOKS} hooks over the six events; median of ${RUNS} runs each after ${WARMUP} warm-up runs${collect.name === 'gc' ? ', a GC before each' : ''}; Node ${process.version}`,
);
emitRows([measure(false), measure(true)]);
