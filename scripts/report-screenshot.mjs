#!/usr/bin/env node
/**
 * Makes docs/report.png, the README's picture of `xenlu report`: a generated host dump (A) and the
 * same host after a faulty update (B: one domain's first pages moved into a bootmem region), so the
 * picture shows the map, the diff laid over it and a finding highlighted. Needs a build and
 * /usr/bin/chromium (scripts/setup-browser.sh). Usage: node scripts/report-screenshot.mjs [out.png]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const out = process.argv[2] ?? join(root, 'docs/report.png');
// playwright-core is a dev dependency of the CLI package.
const { chromium } = createRequire(join(root, 'packages/cli/package.json'))('playwright-core');
const dir = mkdtempSync(join(tmpdir(), 'xenlu-shot-'));
const xenlu = (...args) => execFileSync(process.execPath, [join(root, 'packages/cli/dist/main.js'), ...args], { cwd: dir, maxBuffer: 1 << 30 });

try {
  xenlu('gen', '--profile', 'host', '--seed', '3', '-o', 'gen.xlu');
  const doc = JSON.parse(xenlu('decode', 'gen.xlu').toString());
  // A producer as a real Xen writes it (the generator's is random).
  doc.host.producer = { major: 4, minor: 19, extra: '.1', changeset: 'c447b730' };
  writeFileSync(join(dir, 'host-a.json'), JSON.stringify(doc));
  xenlu('encode', 'host-a.json', '-o', 'host-a.xlu');
  const victim = doc.domains.find((d) => d.pages.length > 1 && BigInt(d.pages[0].count) < 4096n);
  victim.pages[0].first_mfn = doc.host.bootmem[0].start;
  writeFileSync(join(dir, 'host-b.json'), JSON.stringify(doc));
  xenlu('encode', 'host-b.json', '-o', 'host-b.xlu');
  xenlu('report', 'host-a.xlu', 'host-b.xlu', '-o', 'report.html');

  const browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: '/usr/bin/chromium',
    viewport: { width: 1280, height: 1180 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  await page.goto(pathToFileURL(join(dir, 'report.html')).href);
  await page.click('button:has-text("B: host-b.xlu")');
  await page.click('li.finding >> nth=0');
  await page.evaluate(() => window.scrollTo(0, 0));
  // Hover over the highlighted bootmem cell, so the tooltip shows in the picture.
  const box = await page.locator('#map').boundingBox();
  const data = JSON.parse(readFileSync(join(dir, 'report.html'), 'utf8').match(/id="xenlu-report-data">(.*?)<\/script>/s)[1]);
  const cell = Math.floor(Number(doc.host.bootmem[0].start) / data.dumps[1].map.binSize);
  await page.mouse.move(box.x + 92 + (cell % 128) * 8 + 4, box.y + 2 + Math.floor(cell / 128) * 14 + 7);
  await page.screenshot({ path: out, clip: { x: 0, y: 0, width: 1280, height: 1180 } });
  await browser.close();
  process.stdout.write(`${out}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
