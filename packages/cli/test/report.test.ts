import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decode } from '@xenlu/format';
import { MemoryMap } from '../src/report/memory-map.js';
import { scanDump } from '../src/report/scan.js';
import { FIXTURE, oneLine, scratch, xenlu } from './helpers.js';

const tmp = scratch('report');
afterAll(() => tmp.cleanup());

type Obj = Record<string, unknown>;
interface InspectDomain {
  domid: number;
  ownedFrames: string;
}
interface ReportData {
  dumps: {
    file: string;
    domains: { domid: number; owner: number; ownedFrames: string }[];
    map: { nbins: number; binSize: number; owners: { kind: string; frames: string; outside: string }[]; bins: number[][] };
    findings: { rule: string; domid?: number; ranges: [number, number][] }[];
  }[];
  diff?: { differences: number; counts: { added: number; removed: number; changed: number }; ownerChangedFrames: number };
}

const inspectDomains = (file: string): InspectDomain[] => (JSON.parse(xenlu(['inspect', '--json', file]).stdout) as { domains: InspectDomain[] }).domains;

/** The data block the page embeds. */
function embedded(html: string): ReportData {
  const m = /<script type="application\/json" id="xenlu-report-data">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no xenlu-report-data block');
  return JSON.parse(m[1]!) as ReportData;
}

/** Frames per owner summed over the bins, plus those beyond the map (what the page shows). */
function binned(d: ReportData['dumps'][number]): number[] {
  const t = d.map.owners.map((o) => Number(o.outside));
  for (const b of d.map.bins) for (let i = 0; i < b.length; i += 2) t[b[i]!]! += b[i + 1]!;
  return t;
}

const pagesOf = (state: { domains: readonly Obj[] }) => state.domains.map((d) => (d['pages'] as Obj[]).reduce((n, p) => n + (p['count'] as bigint), 0n));

let HOST = '';
let BAD = '';
let EDGE = '';
beforeAll(() => {
  HOST = tmp.path('host.xlu');
  expect(xenlu(['gen', '--profile', 'host', '--seed', '3', '-o', HOST]).status).toBe(0);
  // A dump with findings: domain 1's first pages moved into bootmem region 0.
  const doc = JSON.parse(xenlu(['decode', FIXTURE(3)]).stdout) as { host: Obj; domains: Obj[] };
  const moved = structuredClone(doc);
  (moved.domains[1]!['pages'] as Obj[])[0]!['first_mfn'] = ((moved.host['bootmem'] as Obj[])[0]!['start'] as string);
  writeFileSync(tmp.path('bad.json'), JSON.stringify(moved));
  BAD = tmp.path('bad.xlu');
  expect(xenlu(['encode', tmp.path('bad.json'), '-o', BAD]).status).toBe(0);
  // Pages running past total_pages: the map cannot hold them, the totals must still count them.
  const edge = structuredClone(doc);
  const last = (edge.domains[4]!['pages'] as Obj[]).at(-1)!;
  last['first_mfn'] = String(BigInt(edge.host['total_pages'] as string) - 3n);
  last['count'] = '10';
  writeFileSync(tmp.path('edge.json'), JSON.stringify(edge));
  EDGE = tmp.path('edge.xlu');
  expect(xenlu(['encode', tmp.path('edge.json'), '-o', EDGE]).status).toBe(0);
});

describe('report memory map: binning', () => {
  test('a range is split across the bins it spans, and what lies beyond total_pages is counted aside', () => {
    const m = new MemoryMap(10, 4); // 4 bins of 3 frames (the last one of 1)
    expect([m.nbins, m.binSize]).toEqual([4, 3]);
    const d = m.addOwner('domain', 'd1', 1);
    m.add(d, 2n, 5n); // frames 2..6
    m.add(d, 9n, 4n); // frame 9, then 3 frames beyond
    expect([0, 1, 2, 3].map((b) => m.bin(b).get(d) ?? 0)).toEqual([1, 3, 1, 1]);
    expect(m.owners[d]!.outside).toBe(3n);
    expect(m.binnedTotal(d)).toBe(9n);
  });

  test.each([
    ['v1 golden', FIXTURE(1)],
    ['v2 golden', FIXTURE(2)],
    ['v3 golden', FIXTURE(3)],
    ['gen --profile host', 'HOST'],
    ['pages past total_pages', 'EDGE'],
  ])('the bins hold every owned frame per domain (%s): same totals as the decoded PAGES and inspect --json', async (_, which) => {
    const file = which === 'HOST' ? HOST : which === 'EDGE' ? EDGE : which;
    const bytes = new Uint8Array(readFileSync(file));
    const state = decode(bytes).state as unknown as { host: Obj; domains: Obj[] };
    const scan = await scanDump(file, file, state.host['total_pages'] as bigint, [], {});
    const binnedTotals = scan.domains.map((d) => scan.map.binnedTotal(d.owner));
    expect(binnedTotals).toEqual(pagesOf(state));
    expect(binnedTotals.map(String)).toEqual(inspectDomains(file).map((d) => d.ownedFrames));
    // The Xen ranges too: bootmem is the sum of its regions.
    const boot = scan.map.owners.findIndex((o) => o.kind === 'bootmem');
    expect(scan.map.binnedTotal(boot)).toBe((state.host['bootmem'] as Obj[]).reduce((n, r) => n + (r['count'] as bigint), 0n));
    if (which === 'EDGE') expect(scan.map.owners[scan.domains[4]!.owner]!.outside).toBe(7n);
  });

  test('a finding points at the frames it names: pages, P2M entries and active grants', async () => {
    const r = xenlu(['report', '--json', BAD]);
    expect(r.status).toBe(0);
    const d = embedded(`<script type="application/json" id="xenlu-report-data">${r.stdout}</script>`).dumps[0]!;
    const owned = d.findings.find((f) => f.rule === 'host.owned-outside-bootmem')!;
    expect(owned.domid).toBe(1);
    expect(owned.ranges).toEqual([[0x80000, 1027]]);
    expect(d.findings.find((f) => f.rule === 'mem.p2m-ram-owned')!.ranges).toEqual([[0x100000, 512]]);
    expect(d.findings.find((f) => f.rule === 'grant.mfn-owner')!.ranges).toEqual([[0x100010, 1]]);
  });
});

describe('xenlu report', () => {
  test('writes one self-contained page whose numbers match inspect --json', () => {
    const out = tmp.path('host.html');
    const r = xenlu(['report', HOST, '-o', out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    const html = readFileSync(out, 'utf8');
    // Nothing outside the file: no external script, style, font or image.
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)="(?!data:)/i);
    expect(html).not.toMatch(/https?:\/\/|@import|url\(/i);
    const d = embedded(html).dumps[0]!;
    expect(d.map.nbins).toBeLessThanOrEqual(4096);
    const totals = binned(d);
    expect(d.domains.map((x) => ({ domid: x.domid, ownedFrames: String(totals[x.owner]) }))).toEqual(
      inspectDomains(HOST).map((x) => ({ domid: x.domid, ownedFrames: x.ownedFrames })),
    );
  });

  test('a dump that cannot be read: exit 1, the located error, nothing written', () => {
    const bytes = readFileSync(FIXTURE(3));
    bytes[bytes.length - 40] ^= 0xff;
    writeFileSync(tmp.path('broken.xlu'), bytes);
    const out = tmp.path('broken.html');
    const r = xenlu(['report', tmp.path('broken.xlu'), '-o', out]);
    expect(r.status).toBe(1);
    expect(oneLine(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(/^xenlu: .*broken\.xlu: offset \d+/);
    expect(existsSync(out)).toBe(false);
  });

  test('stdin: the same report as from the file', () => {
    const r = xenlu(['report', '--json', '-'], { input: readFileSync(FIXTURE(2)) });
    expect(r.status).toBe(0);
    const fromFile = JSON.parse(xenlu(['report', '--json', FIXTURE(2)]).stdout) as ReportData;
    expect({ ...(JSON.parse(r.stdout) as ReportData).dumps[0], file: '' }).toEqual({ ...fromFile.dumps[0], file: '' });
  });

  test('is listed by --help, and its own --help shows an example', () => {
    expect(xenlu(['--help']).stdout).toMatch(/^ {2}report /m);
    const r = xenlu(['report', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\nExamples:\n {2}\$ xenlu report /);
  });

  test('usage and I/O errors: exit 2', () => {
    expect(xenlu(['report', tmp.path('missing.xlu'), '-o', tmp.path('x.html')]).status).toBe(2);
    expect(xenlu(['report', '-', '-', '-o', tmp.path('x.html')]).status).toBe(2);
    expect(xenlu(['report', FIXTURE(3), '--max-per-rule', 'x']).status).toBe(2);
  });

  test('two dumps: the diff, counted as diff counts it', () => {
    const r = xenlu(['report', '--json', FIXTURE(3), BAD]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as ReportData;
    const diff = JSON.parse(xenlu(['diff', '--json', FIXTURE(3), BAD]).stdout) as { counts: { added: number; removed: number; changed: number } };
    expect(doc.diff!.counts).toEqual(diff.counts);
    expect(doc.diff!.differences).toBe(2);
    // d1's 1027 frames left 0x100000 for bootmem: both places changed owner.
    expect(doc.diff!.ownerChangedFrames).toBe(2 * 1027);
  });
});

// ---------------------------------------------------------------------------------------------
// In a real browser: Debian's chromium (scripts/setup-browser.sh installs it), driven headless.

const CHROMIUM = '/usr/bin/chromium';
const haveBrowser = existsSync(CHROMIUM);
if (!haveBrowser) console.warn(`report.test.ts: ${CHROMIUM} not found (scripts/setup-browser.sh installs it): the browser tests skip`);

describe.skipIf(!haveBrowser)('xenlu report in headless Chromium', () => {
  type Ctx = Awaited<ReturnType<typeof import('playwright-core')['chromium']['launchPersistentContext']>>;
  let browser: Ctx;
  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launchPersistentContext(mkdtempSync(tmp.path('profile-')), {
      executablePath: CHROMIUM,
      viewport: { width: 1280, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => browser?.close());

  /** Opens a report; collects console errors, page errors and every request. */
  async function open(file: string) {
    const page = await browser.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    page.on('pageerror', (e) => void errors.push(e.message));
    page.on('request', (r) => void requests.push(r.url()));
    const url = pathToFileURL(file).href;
    await page.goto(url);
    await page.waitForSelector('tr.domain-row');
    return { page, errors, requests: requests.filter((u) => u !== url) };
  }

  test('loads with no console errors and no requests; the domain table shows inspect --json owned frames', async () => {
    const out = tmp.path('host-b.html');
    expect(xenlu(['report', HOST, '-o', out]).status).toBe(0);
    const { page, errors, requests } = await open(out);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    const shown = await page.$$eval('tr.domain-row', (rows) =>
      rows.map((r) => ({ domid: Number(r.getAttribute('data-domid')), ownedFrames: (r.querySelector('td.owned')!.textContent ?? '').replace(/,/g, '') })),
    );
    expect(shown).toEqual(inspectDomains(HOST).map((x) => ({ domid: x.domid, ownedFrames: x.ownedFrames })));
    expect(Number(await page.getAttribute('#map', 'data-highlight-cells'))).toBe(0);
    // Hover names the cell's frames; a drag across cells zooms into them, "Whole map" goes back.
    const box = (await page.locator('#map').boundingBox())!;
    const LEFT = 92; // the address column
    await page.mouse.move(box.x + LEFT + 4, box.y + 8);
    expect(await page.textContent('#tip')).toMatch(/^frames 0x0\u2013/);
    const whole = `0-${embedded(readFileSync(out, 'utf8')).dumps[0]!.map.nbins}`;
    expect(await page.getAttribute('#map', 'data-view')).toBe(whole);
    await page.mouse.down();
    await page.mouse.move(box.x + LEFT + 4 + 8 * 9, box.y + 8 + 14, { steps: 4 });
    await page.mouse.up();
    expect(await page.getAttribute('#map', 'data-view')).toBe('0-138'); // cells 0..137: one row and ten cells
    expect(await page.textContent('#zoom')).toMatch(/^frames 0x0\u2013/);
    await page.click('text=Whole map');
    expect(await page.getAttribute('#map', 'data-view')).toBe(whole);
    await page.close();
  });

  test('clicking a finding highlights its frames on the map and its domain row', async () => {
    const out = tmp.path('bad.html');
    expect(xenlu(['report', BAD, '-o', out]).status).toBe(0);
    const { page, errors } = await open(out);
    await page.click('li.finding >> text=host.owned-outside-bootmem');
    expect(Number(await page.getAttribute('#map', 'data-highlight-cells'))).toBeGreaterThan(0);
    expect(await page.$$eval('tr.domain-row.hl', (rows) => rows.map((r) => r.getAttribute('data-domid')))).toEqual(['1']);
    expect(await page.$eval('li.finding.hl', (li) => li.textContent)).toContain('host.owned-outside-bootmem');
    expect(errors).toEqual([]);
    await page.close();
  });

  test('two dumps: the page shows the diff count and outlines the cells whose owner changed', async () => {
    const out = tmp.path('two.html');
    expect(xenlu(['report', FIXTURE(3), BAD, '-o', out]).status).toBe(0);
    const { page, errors, requests } = await open(out);
    const diff = JSON.parse(xenlu(['diff', '--json', FIXTURE(3), BAD]).stdout) as { counts: { added: number; removed: number; changed: number } };
    expect(Number(await page.textContent('#diff-count'))).toBe(diff.counts.added + diff.counts.removed + diff.counts.changed);
    expect(Number(await page.getAttribute('#map', 'data-changed-cells'))).toBeGreaterThan(0);
    // A page-ownership entry names its MFNs: clicking it highlights those cells (one or two) and the domain's row.
    await page.click('li.diff-entry >> text=domains[domid=1].pages[first_mfn=0x80000-0x80402]');
    const cells = Number(await page.getAttribute('#map', 'data-highlight-cells'));
    expect(cells).toBeGreaterThan(0);
    expect(cells).toBeLessThanOrEqual(2);
    expect(await page.$$eval('tr.domain-row.hl', (rows) => rows.map((r) => r.getAttribute('data-domid')))).toEqual(['1']);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });
});
