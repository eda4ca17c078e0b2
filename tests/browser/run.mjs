// run.mjs: the web page's end-to-end tests in a real browser: Debian's Chromium, headless (software
// WebGL2), driven by npm playwright-core, against the built page served by web/serve.py on 127.0.0.1.
// Each test opens a fresh page; clicks are real mouse events on ImGui widgets, found by label
// (descent.widgets()). Screenshots and web-metrics.json (page size, time to first frame, frame times)
// land in --out. Not a unit test (the doctest suite is) and not a benchmark.
// Usage: node tests/browser/run.mjs --web build/wasm/web --cli build/release/descent --out build/logs/browser
//        [--only SUBSTRING] [--chromium /usr/bin/chromium]     (DESCENT_TEST_DEBUG=1 logs every request)
// Prints one line per test and "browser: N passed, N failed"; exit status 1 when any failed.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { decodePng } from './png.mjs';
import { CHROMIUM_FLAGS, startServer } from '../../web/serve.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const opts = { web: 'build/wasm/web', cli: 'build/release/descent', out: 'build/logs/browser', only: '',
               chromium: '/usr/bin/chromium' };
for (let i = 2; i < process.argv.length; i += 2) {
  const key = process.argv[i].replace(/^--/, '');
  if (!(key in opts) || i + 1 >= process.argv.length) {
    console.error(`run.mjs: unknown or incomplete option ${process.argv[i]}; see the usage at the top of the file`);
    process.exit(2);
  }
  opts[key] = process.argv[i + 1];
}
const WEB = path.resolve(ROOT, opts.web), CLI = path.resolve(ROOT, opts.cli), OUT = path.resolve(ROOT, opts.out);
fs.mkdirSync(OUT, { recursive: true });
// TOOLCHAIN.md: the flags under which Debian's Chromium runs headless here (software WebGL2).
const VIEWPORT = { width: 1280, height: 720 };

// ---- small helpers --------------------------------------------------------------------------------
class Failure extends Error {}
function check(cond, message) { if (!cond) throw new Failure(message); }
function near(a, b, rel, what) {
  check(Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b)), `${what}: ${a} vs ${b} (rel tol ${rel})`);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const metrics = {};

// ---- the server and the browser ------------------------------------------------------------------

let context = null, server = null;
let browser = null;  // a second Chromium for contexts of their own: emulated phones, a clean service worker

// Collects a page's console errors, page errors, failed or 4xx/5xx requests, and the data files requested.
function watch(page) {
  const log = { errors: [], dataRequests: [] };
  page.on('console', (m) => { if (m.type() === 'error') log.errors.push('console: ' + m.text()); });
  page.on('pageerror', (e) => log.errors.push('page error: ' + e.message));
  page.on('requestfailed', (r) => log.errors.push('request failed: ' + r.url() + ' (' + (r.failure() && r.failure().errorText) + ')'));
  page.on('response', (r) => { if (r.status() >= 400) log.errors.push(`HTTP ${r.status()}: ${r.url()}`); });
  page.on('request', (r) => { if (r.url().includes('/data/')) log.dataRequests.push(r.url().replace(/.*\/data\//, '')); });
  if (process.env.DESCENT_TEST_DEBUG) {
    const t0 = Date.now();
    for (const ev of ['request', 'requestfinished', 'requestfailed'])
      page.on(ev, (r) => console.log(`  ${Date.now() - t0} ms ${ev} ${r.url()}`));
  }
  page.log = log;
  return page;
}
async function waitReady(page) {
  await page.waitForFunction(() => window.descent, null, { timeout: 60000 });
  await page.evaluate(() => window.descent.ready);
}

// A fresh page of the app (see watch). Waits for the first frame unless `expectFailure`.
async function openPage(query = '', { init = null, expectFailure = false } = {}) {
  const page = watch(await context.newPage());
  await page.setViewportSize(VIEWPORT);
  if (init) await page.addInitScript(init);
  await page.goto(server.url + query);
  if (!expectFailure) await waitReady(page);
  return page;
}

// A page in a new context of the second browser: `device` (viewport, deviceScaleFactor, isMobile,
// hasTouch), at `url` (default: the test server's page).
async function openDevicePage(device, url = server.url) {
  const ctx = await browser.newContext(device);
  const page = watch(await ctx.newPage());
  await page.goto(url);
  await waitReady(page);
  return page;
}

const run = (page, line) => page.evaluate((l) => window.descent.run(l), line);
const state = (page) => page.evaluate(() => window.descent.state());
async function runOk(page, line) {
  const r = await run(page, line);
  check(r.ok, `descent.run("${line}") failed: ${r.error}`);
  return r;
}
// Resolves after n more animation frames of the page.
const frames = (page, n) => page.evaluate((k) => new Promise((resolve) => {
  let left = k;
  const tick = () => (--left <= 0 ? resolve() : requestAnimationFrame(tick));
  requestAnimationFrame(tick);
}), n);
// Waits (up to 15 s) for the address bar to show `url`: the page writes it every 30 frames.
async function addressBar(page, url) {
  const t0 = Date.now();
  while (page.url() !== url && Date.now() - t0 < 15000) await sleep(100);
  check(page.url() === url, `address bar ${page.url()}, not ${url}`);
}
async function waitState(page, pred, what, timeoutMs = 60000) {
  const t0 = Date.now();
  for (;;) {
    const s = await state(page);
    if (pred(s)) return s;
    check(Date.now() - t0 < timeoutMs, `timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}
// A real click on the ImGui widget labelled `label`: move, press, release, a few frames apart.
async function click(page, label) {
  const w = await page.evaluate((l) => window.descent.widget(l), label);
  check(w, `no widget labelled "${label}" in the last frame`);
  await page.mouse.move(w.x, w.y);
  await frames(page, 2);
  await page.mouse.down();
  await frames(page, 2);
  await page.mouse.up();
  await frames(page, 3);
  return w;
}
async function shot(page, name) {
  const file = path.join(OUT, name);
  await page.screenshot({ path: file });
  return decodePng(fs.readFileSync(file));
}
const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
const dist = (a, b) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

// IDX bytes: images (n, 28, 28) with a gradient per label, or labels.
function idxImages(labels) {
  const b = Buffer.alloc(16 + labels.length * 784);
  b.writeUInt32BE(0x803, 0); b.writeUInt32BE(labels.length, 4); b.writeUInt32BE(28, 8); b.writeUInt32BE(28, 12);
  labels.forEach((c, i) => { for (let p = 0; p < 784; p++) b[16 + i * 784 + p] = (p * (c + 1) * 7 + i) & 255; });
  return b;
}
function idxLabels(labels) {
  const b = Buffer.alloc(8 + labels.length);
  b.writeUInt32BE(0x801, 0); b.writeUInt32BE(labels.length, 4);
  labels.forEach((c, i) => { b[8 + i] = c; });
  return b;
}
const errorsOf = (s) => s.messages.filter((m) => m.error).map((m) => m.text);

// ---- the tests ----------------------------------------------------------------------------------------
const tests = [];
const test = (name, fn) => tests.push({ name, fn });

test('loads without console errors, fetches no data set before one is picked', async () => {
  const t0 = Date.now();
  const page = await openPage();
  metrics.first_frame_wall_ms = Date.now() - t0;
  await frames(page, 30);
  const s = await state(page);
  metrics.first_frame_ms = s.web.first_frame_ms;
  check(page.log.errors.length === 0, 'errors: ' + page.log.errors.join(' | '));
  check(errorsOf(s).length === 0, 'error messages in the app: ' + errorsOf(s).join(' | '));
  check(s.view === 'lab', `opens on the lab, not ${s.view}`);
  check(s.web.canvas[0] === VIEWPORT.width && s.web.canvas[1] === VIEWPORT.height,
        `canvas ${s.web.canvas} does not fill the ${VIEWPORT.width}x${VIEWPORT.height} window`);
  const fetched = page.log.dataRequests.filter((r) => !r.endsWith('manifest.json'));
  check(fetched.length === 0, 'data fetched before it was picked: ' + fetched.join(', '));
  check(await page.evaluate(() => document.getElementById('overlay').hidden), 'the loading screen is still shown');
  await page.close();
});

test('the canvas is not blank: the contour map has its colours, the paths theirs', async () => {
  const page = await openPage();
  await runOk(page, 'step 40');
  await frames(page, 5);
  const s = await state(page);
  const img = await shot(page, '01-lab.png');
  const [x0, y0, x1, y1] = s.views.lab.contour_rect;
  check(x1 - x0 > 100 && y1 - y0 > 100, `contour map too small: ${s.views.lab.contour_rect}`);
  const colours = new Set();
  let lo = 255, hi = 0;
  for (let y = y0 + 4; y < y1 - 4; y += 7) {
    for (let x = x0 + 4; x < x1 - 4; x += 7) {
      const p = img.pixel(x, y);
      colours.add(p.slice(0, 3).map((v) => v >> 3).join(','));
      const lum = (p[0] + p[1] + p[2]) / 3;
      lo = Math.min(lo, lum); hi = Math.max(hi, lum);
    }
  }
  check(colours.size > 40 && hi - lo > 80, `contour map looks blank: ${colours.size} colours, luminance ${lo}..${hi}`);
  for (const o of s.views.lab.optimizers) {
    check(o.screen_marker, `${o.kind}: no marker drawn`);
    const p = img.pixel(o.screen_marker[0], o.screen_marker[1]);
    check(dist(p, hex(o.color)) < 60, `${o.kind}'s marker at ${o.screen_marker} is rgb(${p.slice(0, 3)}), not ${o.color}`);
  }
  await page.close();
});

test('Step, Play and Pause (real mouse clicks on the ImGui buttons) advance the optimizers', async () => {
  const page = await openPage();
  const before = (await state(page)).views.lab;
  check(before.step === 0, `starts at step ${before.step}`);
  await click(page, 'Step');
  let lab = (await state(page)).views.lab;
  check(lab.step === 1, `after one click on Step: step ${lab.step}`);
  lab.optimizers.forEach((o, i) => {
    check(o.step === 1 && o.loss !== before.optimizers[i].loss, `${o.kind}: step ${o.step}, loss ${o.loss}`);
  });
  await click(page, 'Play');
  await sleep(1500);
  lab = (await state(page)).views.lab;
  check(lab.playing && lab.step > 5, `after Play: playing ${lab.playing}, step ${lab.step}`);
  await click(page, 'Pause');
  const paused = (await state(page)).views.lab.step;
  await sleep(500);
  lab = (await state(page)).views.lab;
  check(!lab.playing && lab.step === paused, `after Pause: playing ${lab.playing}, step ${paused} -> ${lab.step}`);
  await shot(page, '02-lab-played.png');
  check(page.log.errors.length === 0, 'errors: ' + page.log.errors.join(' | '));
  await page.close();
});

test('SGD and momentum on the default surface reach the losses of the native CLI', async () => {
  check(fs.existsSync(CLI), `the native CLI ${CLI} is not built`);
  const page = await openPage();
  const steps = 300;
  await runOk(page, `step ${steps}`);
  const lab = (await state(page)).views.lab;
  check(lab.surface.name === 'quadratic', 'the default surface is ' + lab.surface.name);
  const kinds = lab.optimizers.map((o) => o.kind).join(',');
  check(kinds === 'sgd,momentum', 'the default optimizers are ' + kinds);
  for (const o of lab.optimizers) {
    const args = ['trajectory', '--surface', 'quadratic', '--eigen', `${lab.surface.a},${lab.surface.b}`,
                  '--rotation', String(lab.surface.rotation), '--start', `${lab.start[0]},${lab.start[1]}`,
                  '--optimizer', o.kind, '--lr', String(o.lr), '--steps', String(steps), '--json'];
    if (o.kind === 'momentum') args.push('--momentum', String(o.momentum));
    const lines = execFileSync(CLI, args, { encoding: 'utf8' }).trim().split('\n');
    const last = JSON.parse(lines[lines.length - 1]);
    check(last.step === steps && o.step === steps, `steps: cli ${last.step}, page ${o.step}`);
    near(o.loss, last.loss, 1e-9, `${o.kind} loss after ${steps} steps (page vs CLI)`);
    near(o.x, last.x, 1e-9, `${o.kind} x`);
    near(o.y, last.y, 1e-9, `${o.kind} y`);
    metrics[`lab_${o.kind}_loss_${steps}`] = o.loss;
  }
  await page.close();
});

test('softmax on the Fashion-MNIST subset: fetched on first pick, final test accuracy > 0.75 after 2 epochs, frame times reported', async () => {
  const page = await openPage();
  await runOk(page, 'view linear');
  const r = await run(page, 'linear data=fashion-mnist model=softmax optimizer=sgd lr=0.1 batch=64 seed=1');
  check(!r.ok && r.pending, 'picking fashion-mnist should start its download: ' + JSON.stringify(r));
  const t0 = Date.now();
  let s = await waitState(page, (x) => x.views.linear.data === 'fashion-mnist' && x.views.linear.training.ready,
                          'the Fashion-MNIST subset to arrive', 60000);
  metrics.fashion_download_ms = Date.now() - t0;
  const gz = page.log.dataRequests.filter((u) => u.endsWith('.gz'));
  check(gz.length === 4, 'expected the 4 files of the subset, got ' + gz.join(', '));
  check(s.views.linear.train_size + s.views.linear.val_size === 10000 && s.views.linear.test_size === 2000,
        `subset sizes ${s.views.linear.train_size}+${s.views.linear.val_size} / ${s.views.linear.test_size}`);
  await runOk(page, 'linear train 2');
  s = await waitState(page, (x) => !x.views.linear.training.playing && x.views.linear.training.eval_epoch === 2 &&
                                   !x.views.linear.training.evaluating, 'two epochs of training', 120000);
  check(s.views.linear.training.test_uses === 0 && !s.views.linear.training.final_test,
        'the test set was used before the final evaluation: ' + JSON.stringify(s.views.linear.training).slice(0, 200));
  // The lecture's discipline: the test set once, at the end, asked for (`linear test`), and counted.
  await runOk(page, 'linear test');
  s = await waitState(page, (x) => x.views.linear.training.final_test !== undefined, 'the final test', 60000);
  const t = s.views.linear.training;
  const bound = 2 * t.batches_per_epoch;
  check(t.step <= bound, `took ${t.step} steps, more than 2 epochs (${bound})`);
  check(t.test_uses === 1, `test set used ${t.test_uses} times`);
  check(t.final_test.test_acc > 0.75, `test accuracy ${t.final_test.test_acc} after ${t.step} steps`);
  metrics.fashion_softmax = { steps: t.step, test_acc: t.final_test.test_acc, val_acc: t.val_acc, train_acc: t.train_acc };
  await shot(page, '03-linear-fashion-mnist.png');

  // Keep training (play without end) and watch the frame times: the work is spread over frames.
  await runOk(page, 'linear train');
  await sleep(5000);
  s = await state(page);
  check(s.views.linear.training.playing && s.views.linear.training.step > t.step, 'training did not go on');
  metrics.frame_interval_ms_training = s.web.frame_interval_ms;
  metrics.frame_work_ms_training = s.web.frame_work_ms;
  // Timings are recorded (web-metrics.json, printed below), never asserted: they depend on the load.
  console.log(`frame time while training: mean ${s.web.frame_interval_ms.mean.toFixed(1)} ms, ` +
              `work p95 ${s.web.frame_work_ms.p95.toFixed(1)} ms (target < 33 ms, not asserted)`);
  check(s.fps > 0 && s.frame_ms > 0, 'state() reports no fps / frame_ms');
  // The browser runs the SIMD path: the gl device is reported unavailable, with why, and refused.
  check(s.compute && s.compute.gl_available === false && /WebGL2 has no compute shaders/.test(s.compute.gl_note),
        'state().compute does not say the gl device is unavailable: ' + JSON.stringify(s.compute));
  const refused = await run(page, 'data device=gl');
  check(refused && refused.ok === false && /WebGL2/.test(refused.error || ''),
        'data device=gl in the browser: ' + JSON.stringify(refused));
  await shot(page, '04-linear-training.png');
  check(page.log.errors.length === 0, 'errors: ' + page.log.errors.join(' | '));
  await page.close();
});

test('a link with settings reproduces them; Copy link gives that link', async () => {
  const q = 'view=linear&surface=rosenbrock&start=-1.5,2&speed=50&opt=sgd:lr=0.001&opt=adam:lr=0.05:beta1=0.8:beta2=0.99:eps=1e-08' +
            '&linear.data=circles&linear.model=svm&linear.reg=l1&linear.lambda=0.002&linear.optimizer=momentum' +
            '&linear.lr=0.05&linear.batch=16&linear.seed=7&linear.points=150&linear.noise=0.1&linear.classes=2';
  const page = await openPage('?' + q);
  await frames(page, 5);
  const s = await state(page);
  check(errorsOf(s).length === 0, 'errors: ' + errorsOf(s).join(' | '));
  check(s.view === 'linear', 'view ' + s.view);
  const lab = s.views.lab;
  check(lab.surface.name === 'rosenbrock' && lab.start[0] === -1.5 && lab.start[1] === 2 && lab.speed === 50,
        `lab: ${lab.surface.name} start ${lab.start} speed ${lab.speed}`);
  check(lab.optimizers.length === 2 && lab.optimizers[0].kind === 'sgd' && lab.optimizers[0].lr === 0.001 &&
        lab.optimizers[1].kind === 'adam' && lab.optimizers[1].lr === 0.05 && lab.optimizers[1].beta1 === 0.8 &&
        lab.optimizers[1].beta2 === 0.99 && lab.optimizers[1].eps === 1e-8, 'optimizers ' + JSON.stringify(lab.optimizers.map(
          (o) => [o.kind, o.lr, o.beta1, o.beta2, o.eps])));
  const lin = s.views.linear;
  check(lin.data === 'circles' && lin.model === 'svm' && lin.reg === 'l1' && lin.lambda === 0.002 && lin.points === 150 &&
        lin.noise === 0.1 && lin.training.optimizer === 'momentum' && lin.training.lr === 0.05 &&
        lin.training.batch === 16 && lin.training.seed === 7, 'linear ' + JSON.stringify(lin).slice(0, 400));
  // The link written back carries every one of those settings (and the rest of each view's group,
  // written whole), and opening it gives the same state.
  const link = await page.evaluate(() => window.descent.link());
  const pairs = new Set(new URL(link).search.slice(1).split('&'));
  for (const p of q.split('&')) check(pairs.has(p), `descent.link() lacks ${p}: ${link}`);
  // The address bar follows every 30 frames (a second at 30 fps; longer on a loaded machine).
  await addressBar(page, link);
  const again = await openPage(new URL(link).search);
  await frames(again, 5);
  const s2 = await state(again);
  check(errorsOf(s2).length === 0, 'the link reopened gives errors: ' + errorsOf(s2).join(' | '));
  check(JSON.stringify(s2.views.linear.settings) === JSON.stringify(lin.settings) &&
        JSON.stringify(s2.views.lab.settings) === JSON.stringify(lab.settings),
        `the link reopened differs: ${JSON.stringify([s2.views.linear.settings, s2.views.lab.settings])} vs ` +
        JSON.stringify([lin.settings, lab.settings]));
  await again.close();
  // Copy link: the ImGui button puts it on the clipboard.
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await click(page, 'Copy link');
  await frames(page, 5);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  check(copied === link, `clipboard has "${copied}"`);
  await shot(page, '05-link-linear-svm-circles.png');
  await page.close();
});

test('a malformed link falls back to the defaults with a message', async () => {
  for (const q of ['?surface=banana&opt=sgd:lr=0.5', '?opt=sgd:lr=abc&view=lab', '?linear.data=spiral&bogus=1',
                   '?start=1,2,3', '?view=lab%ZZ']) {
    const page = await openPage(q);
    await frames(page, 3);
    let s = await state(page);
    const errs = errorsOf(s);
    check(errs.length === 1 && /link/.test(errs[0]) && /default/.test(errs[0]), `${q}: messages ${errs.join(' | ')}`);
    check(s.views.lab.surface.name === 'quadratic' && s.views.lab.optimizers.length === 2 &&
          s.views.lab.optimizers[0].kind === 'sgd' && s.views.lab.start[0] === -2.5, `${q}: not the defaults`);
    await runOk(page, 'step 5');
    s = await state(page);
    check(s.views.lab.step === 5, `${q}: the page does not work on (step ${s.views.lab.step})`);
    check(page.log.errors.length === 0, `${q}: errors: ` + page.log.errors.join(' | '));
    if (q === '?surface=banana&opt=sgd:lr=0.5') await shot(page, '06-malformed-link.png');
    await page.close();
  }
});

test('uploads: corrupt or oversized files get a message, the page works on; a good IDX pair loads', async () => {
  const page = await openPage();
  // Corrupt: an images file whose header promises 10 images that are not there.
  const corrupt = idxImages([1, 2, 3]).subarray(0, 100);
  corrupt.writeUInt32BE(10, 4);
  await page.setInputFiles('#file', [
    { name: 'train-images-idx3-ubyte', mimeType: 'application/octet-stream', buffer: Buffer.from(corrupt) },
    { name: 'train-labels-idx1-ubyte', mimeType: 'application/octet-stream', buffer: idxLabels([1, 2, 3]) }]);
  let s = await waitState(page, (x) => errorsOf(x).length > 0, 'a message about the corrupt file', 10000);
  check(/train-images-idx3-ubyte/.test(errorsOf(s)[0]), 'the message does not name the file: ' + errorsOf(s)[0]);
  await shot(page, '07-upload-corrupt.png');
  await runOk(page, 'dismiss');
  const framesBefore = s.web.frames;
  await runOk(page, 'step 3');
  s = await state(page);
  check(s.views.lab.step === 3 && s.web.frames > framesBefore, 'the page stopped working after the corrupt file');

  // Dropped on the page: something that is not data at all.
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['just some notes, not an IDX file'], 'notes.txt'));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  s = await waitState(page, (x) => errorsOf(x).some((m) => /notes\.txt/.test(m)), 'a message about the dropped file', 10000);
  await runOk(page, 'dismiss');

  // Over the limit: refused before a byte is read (a stand-in File with a huge size).
  const big = await page.evaluate(() => window.descent.upload([{ name: 'huge-batch.bin', size: 300 * 1024 * 1024,
                                                                  arrayBuffer: async () => new ArrayBuffer(0) }]));
  check(!big.ok && /limit/.test(big.error), 'oversized: ' + JSON.stringify(big));
  s = await state(page);
  check(errorsOf(s).some((m) => /huge-batch\.bin/.test(m)), 'no message about the oversized file');
  await runOk(page, 'dismiss');

  // A good pair (train) and a test pair: the data view shows them.
  const train = Array.from({ length: 120 }, (_, i) => i % 10), testL = Array.from({ length: 30 }, (_, i) => (i * 3) % 10);
  await page.setInputFiles('#file', [
    { name: 'train-images-idx3-ubyte', mimeType: 'application/octet-stream', buffer: idxImages(train) },
    { name: 'train-labels-idx1-ubyte', mimeType: 'application/octet-stream', buffer: idxLabels(train) },
    { name: 't10k-images-idx3-ubyte', mimeType: 'application/octet-stream', buffer: idxImages(testL) },
    { name: 't10k-labels-idx1-ubyte', mimeType: 'application/octet-stream', buffer: idxLabels(testL) }]);
  s = await waitState(page, (x) => x.view === 'data' && x.views.data.data === 'upload-1' && x.views.data.loaded,
                      'the upload in the data view', 10000);
  check(s.view === 'data' && s.views.data.train_size === 108 && s.views.data.val_size === 12 &&
        s.views.data.test_size === 30 && s.views.data.image, `upload: ${JSON.stringify(s.views.data).slice(0, 300)}`);
  check(errorsOf(s).length === 0, 'errors: ' + errorsOf(s).join(' | '));
  await frames(page, 5);
  await shot(page, '08-upload-data-view.png');
  check(!(await page.evaluate(() => window.descent.link())).includes('upload-'), 'a link names the upload');

  // A CIFAR-10 batch (60 records, no test batch: a sixth is held out as test).
  const cifar = Buffer.alloc(60 * 3073);
  for (let r = 0; r < 60; r++) {
    cifar[r * 3073] = r % 10;
    for (let p = 1; p < 3073; p++) cifar[r * 3073 + p] = (p * (r % 10 + 3) + r) & 255;
  }
  const res = await page.evaluate((bytes) => window.descent.upload([new File([new Uint8Array(bytes)], 'data_batch_1.bin')]),
                                  [...cifar]);
  check(res.ok && res.name === 'upload-2' && res.train === 45 && res.val === 5 && res.test === 10,
        'CIFAR-10 upload: ' + JSON.stringify(res));
  s = await waitState(page, (x) => x.views.data.data === 'upload-2', 'the CIFAR-10 upload in the data view', 10000);
  check(s.views.data.shape.join('x') === '32x32x3', 'CIFAR-10 shape ' + s.views.data.shape);
  check(page.log.errors.length === 0, 'errors: ' + page.log.errors.join(' | '));
  await page.close();
});

test('a link to Fashion-MNIST downloads it, then applies the rest of its settings', async () => {
  const q = 'view=linear&linear.data=fashion-mnist&linear.model=softmax&linear.lr=0.05&linear.batch=128&linear.seed=3';
  const page = await openPage('?' + q);
  const s = await waitState(page, (x) => x.views.linear.data === 'fashion-mnist' && x.views.linear.training.ready,
                            'the linked data set', 60000);
  const t = s.views.linear.training;
  check(t.lr === 0.05 && t.batch === 128 && t.seed === 3 && s.view === 'linear', `settings ${JSON.stringify(t).slice(0, 200)}`);
  check(errorsOf(s).length === 0, 'errors: ' + errorsOf(s).join(' | '));
  await addressBar(page, await page.evaluate(() => window.descent.link()));
  const link = await page.evaluate(() => window.descent.link());
  for (const part of q.split('&')) check(link.includes(part), `the link lost ${part}: ${link}`);
  check(page.url() === link, 'address bar ' + page.url());
  await page.close();
});

test('the canvas follows the window size', async () => {
  const page = await openPage();
  await page.setViewportSize({ width: 960, height: 600 });
  const s = await waitState(page, (x) => x.web.canvas[0] === 960 && x.web.canvas[1] === 600, 'the canvas at 960x600', 5000);
  check(s.views.lab.contour_rect[2] <= 960, 'the lab is still laid out for the old size');
  await frames(page, 3);
  await shot(page, '09-resized-960x600.png');
  await page.close();
});

test('the bench page runs the workloads in the browser: W5 hits its cross-check, W2 learns the subset', async () => {
  // Not a timing test: the speed figures are only checked to be there; bench/compare compares them.
  const page = await context.newPage();
  const errors = [];
  const lines = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
    else if (m.text().startsWith('{')) lines.push(JSON.parse(m.text()));
  });
  await page.goto(server.url + 'bench.html?workloads=W5,W2&runs=1&data=subset');
  await page.waitForFunction(() => window.benchDone === true, null, { timeout: 120000, polling: 250 });
  const error = await page.evaluate(() => window.benchError);
  check(!error && errors.length === 0, 'bench page errors: ' + [error, ...errors].join(' | '));
  const w5 = lines.find((r) => r.workload === 'W5'), w2 = lines.find((r) => r.workload === 'W2');
  check(w5 && w2 && lines.length === 2, 'want one W5 and one W2 line on the console, got ' + JSON.stringify(lines));
  // WORKLOADS.md: W5 final loss 0.61838, train accuracy 0.578 (the same engine as the CLI, in wasm).
  check(Math.abs(w5.final_loss - 0.61838) <= 5e-5 && Math.abs(w5.train_acc - 0.578) <= 5e-4,
        `W5 in the browser: loss ${w5.final_loss}, acc ${w5.train_acc} (want 0.61838, 0.578)`);
  check(w5.where === 'browser' && w5.simd === 'WASM' && w5.steps_per_s > 0, 'W5 line fields: ' + JSON.stringify(w5));
  // One epoch of the 10k subset (157 batches): a softmax reaches well above chance on its 2k test images.
  check(w2.train_rows === 10000 && w2.batches === 157 && w2.test_acc > 0.75 && w2.samples_per_s > 0,
        'W2 on the subset: ' + JSON.stringify(w2));
  check((await page.textContent('#results')).includes('samples/s'), 'the results table is not shown');
  await shot(page, '12-bench-page.png');
  metrics.bench_page = { W5_steps_per_s: w5.steps_per_s, W2_subset_samples_per_s: w2.samples_per_s };
  await page.close();
});

test('the Lecture view: one click from the lab, every chapter drawn, the lecture\'s numbers as the native CLI computes them', async () => {
  check(fs.existsSync(CLI), `the native CLI ${CLI} is not built`);
  const page = await openPage();
  await click(page, 'Lecture');  // the tab, from the opening view
  let s = await state(page);
  check(s.view === 'lecture', `one click on the Lecture tab shows ${s.view}`);
  for (let n = 1; n <= 10; n++) {
    await runOk(page, `lecture chapter ${n}`);
    s = await waitState(page, (x) => x.views.lecture.drawn_chapter === n &&
                        (n !== 3 || x.views.lecture.examples['cross-validation']), `chapter ${n} drawn`);
    check(errorsOf(s).length === 0, `chapter ${n}: ` + errorsOf(s).join(' | '));
    await shot(page, `13-lecture-${String(n).padStart(2, '0')}.png`);
  }
  // Chapter 1 fetched the Fashion-MNIST subset (the page's first pick of it): the image's numbers.
  await runOk(page, 'lecture chapter 1');
  s = await waitState(page, (x) => x.views.lecture.examples.pixels, 'the Fashion-MNIST image of chapter 1');
  const px = s.views.lecture.examples.pixels;
  check(px.numbers === 784 && px.arithmetic === '28 x 28 x 1 = 784', 'pixels: ' + JSON.stringify(px));
  // The examples the CLI prints without data: the same engine in WebAssembly gives the same numbers.
  const ex = s.views.lecture.examples;
  check(ex['l1-distance'].l1 === 456, 'L1 of the lecture pair: ' + ex['l1-distance'].l1);
  const cli = {};
  for (const ch of [4, 5, 6, 7, 9, 10]) {
    for (const line of execFileSync(CLI, ['lecture', '--json', '--chapter', String(ch)], { encoding: 'utf8' }).trim().split('\n')) {
      const j = JSON.parse(line);
      cli[j.example] = j;
    }
  }
  near(ex.softmax.loss_ln, cli.softmax.loss_ln, 1e-12, 'softmax loss_ln (page vs CLI)');
  check(Math.round(ex.softmax.loss_ln * 1e4) === 20404 && Math.round(ex.softmax.loss_log10 * 1e4) === 8861,
        `softmax: ln ${ex.softmax.loss_ln}, log10 ${ex.softmax.loss_log10}`);
  near(ex.svm.mean_svm, cli.svm.mean_svm, 1e-12, 'mean SVM loss');
  ex['linear-4-pixel'].scores.forEach((v, i) => near(v, cli['linear-4-pixel'].scores[i], 1e-12, `linear score ${i}`));
  near(ex.regularization.l2[1], cli.regularization.l2[1], 1e-12, 'L2 of w2');
  near(ex['finite-difference'].forward, cli['finite-difference'].forward, 1e-12, 'forward difference');
  ex['torch-linear'].grad_weight.forEach((v, i) => near(v, cli['torch-linear'].grad_weight[i], 1e-12, `gradWeight ${i}`));
  check(ex['torch-linear'].check_passed, 'the Torch example\'s gradient check failed');
  near(ex['momentum-forms'].torch_loss_final, cli['momentum-forms'].torch_loss_final, 1e-9, 'momentum final loss');
  check(ex['momentum-forms'].lecture_a0_is_gd && ex['momentum-forms'].torch_mu0_is_sgd, 'a = 0 is not plain descent');
  near(ex.layers.loss, cli.layers.loss, 1e-12, 'layers loss');
  // An edit through a command recomputes the chapter; the button opens the full view, set up.
  await runOk(page, 'lecture softmax scores=0,0,0');
  s = await state(page);
  near(s.views.lecture.examples.softmax.loss_ln, Math.log(3), 1e-12, 'equal scores give ln 3');
  await runOk(page, 'lecture chapter 9');
  await frames(page, 3);
  await click(page, 'Open the Optimisation lab');
  s = await state(page);
  check(s.view === 'lab' && s.views.lab.surface.name === 'quadratic', `the chapter 9 button shows ${s.view}`);
  check(page.log.errors.length === 0, 'errors: ' + page.log.errors.join(' | '));
  await page.close();
});

test('a clear message where WebGL2 or WebAssembly is missing', async () => {
  const cases = [
    ['WebGL2', () => {
      const get = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
        return kind === 'webgl2' ? null : get.call(this, kind, ...rest);
      };
    }, '10-no-webgl2.png'],
    ['WebAssembly', () => { delete window.WebAssembly; }, '11-no-webassembly.png'],
  ];
  for (const [what, init, png] of cases) {
    const page = await openPage('', { init, expectFailure: true });
    await page.waitForSelector('#error:not([hidden])', { timeout: 10000 });
    const text = await page.textContent('#error');
    check(text.includes(what), `without ${what}: "${text}"`);
    await shot(page, png);
    await page.close();
  }
});

// ---- the classroom: phones, the projector, the keyboard, any static host (issue 12) --------------------
const PHONE_PORTRAIT = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };
const PHONE_LANDSCAPE = { viewport: { width: 844, height: 390 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };
const VIEWS = ['lecture', 'data', 'linear', 'gradcheck', 'lab', 'landscape', 'network'];  // the App's order (keys 1-7)

// What each view needs before its panels show (the landscape draws its surface after training).
async function showView(page, view) {
  await runOk(page, 'view ' + view);
  if (view === 'landscape') {
    await runOk(page, 'landscape-train 30');
    await runOk(page, 'landscape-compute');
  }
  await frames(page, 4);
}

// Every panel the app laid out (state().layout, in points: CSS pixels / ui_scale) lies inside the
// w x h viewport and shows part of itself; how far a scrolling panel's content reaches beyond its
// right edge (settings rows wider than a phone) is returned, not judged.
function checkPanels(s, w, h, what) {
  const k = s.ui_scale, overflow = {};
  check(s.layout.panels.length >= 1, `${what}: no panel recorded`);
  for (const p of s.layout.panels) {
    const [x0, y0, x1, y1] = p.rect.map((v) => v * k);
    const [a, b, c, d] = p.visible.map((v) => v * k);
    check(x0 >= -0.5 && x1 <= w + 0.5 && y0 >= -0.5 && y0 < h,
          `${what}: panel '${p.name}' at [${[x0, y0, x1, y1].map(Math.round)}] leaves the ${w}x${h} viewport`);
    check(c - a > 20 && d - b > 10, `${what}: panel '${p.name}' shows nothing (visible [${p.visible}])`);
    if (p.overflow_x > 0.5) overflow[p.name] = Math.round(p.overflow_x * k);
  }
  return overflow;
}

// Touch through Chromium's input pipeline (what a phone's finger sends): `points` per event, CSS px.
async function touch(page, type, points) {
  const cdp = page.cdp || (page.cdp = await page.context().newCDPSession(page));
  await cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map(([x, y], id) => ({ x, y, id })) });
}
// One or more fingers moving from `from` to `to` (arrays of [x, y]) over `steps` frames.
async function drag(page, from, to, steps = 8) {
  await touch(page, 'touchStart', from);
  await frames(page, 2);
  for (let i = 1; i <= steps; i++) {
    const t = i / steps;
    await touch(page, 'touchMove', from.map(([x, y], j) => [x + (to[j][0] - x) * t, y + (to[j][1] - y) * t]));
    await frames(page, 1);
  }
  await touch(page, 'touchEnd', []);
  await frames(page, 3);
}
async function tapWidget(page, label) {
  const w = await page.evaluate((l) => window.descent.widget(l), label);
  check(w, `no widget labelled "${label}"`);
  await page.touchscreen.tap(w.x, w.y);
  await frames(page, 4);
}

// Of the text pixels in a rectangle (brighter than the widget's background by 40), the fraction at
// least 215 bright: crisp glyphs have solid stems, blurred ones fade.
function solidFraction(img, [x0, y0, x1, y1]) {
  const lum = (p) => 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2];
  const ls = [];
  for (let y = Math.ceil(y0); y < Math.floor(y1); y++)
    for (let x = Math.ceil(x0); x < Math.floor(x1); x++) ls.push(lum(img.pixel(x, y)));
  const bg = [...ls].sort((a, b) => a - b)[Math.floor(ls.length / 2)];  // the button's colour: most pixels
  const ink = ls.filter((l) => l > bg + 40);
  return { ink: ink.length, solid: ink.length ? ink.filter((l) => l >= 215).length / ink.length : 0 };
}
// The same rectangle of `img` blown up 2x with bilinear filtering (what an unsharp scale 2 would be).
function upscale2(img, [x0, y0, x1, y1]) {
  const w = Math.floor(x1 - x0), h = Math.floor(y1 - y0), out = { w: 2 * w, h: 2 * h, data: [] };
  const at = (x, y) => img.pixel(Math.ceil(x0) + Math.max(0, Math.min(w - 1, x)), Math.ceil(y0) + Math.max(0, Math.min(h - 1, y)));
  for (let y = 0; y < out.h; y++)
    for (let x = 0; x < out.w; x++) {
      const sx = (x + 0.5) / 2 - 0.5, sy = (y + 0.5) / 2 - 0.5, ix = Math.floor(sx), iy = Math.floor(sy);
      const fx = sx - ix, fy = sy - iy;
      const p = [0, 1, 2].map((c) => (1 - fy) * ((1 - fx) * at(ix, iy)[c] + fx * at(ix + 1, iy)[c]) +
                                     fy * ((1 - fx) * at(ix, iy + 1)[c] + fx * at(ix + 1, iy + 1)[c]));
      out.data.push(p);
    }
  out.pixel = (x, y) => out.data[y * out.w + x];
  return out;
}

for (const [name, device] of [['portrait', PHONE_PORTRAIT], ['landscape', PHONE_LANDSCAPE]]) {
  test(`a phone in ${name} (${device.viewport.width} x ${device.viewport.height}, touch, pixel ratio 3): every view compact, no panel outside the screen`, async () => {
    const page = await openDevicePage(device);
    const { width: w, height: h } = device.viewport;
    let s = await state(page);
    check(s.web.canvas[0] === w * 3 && s.web.canvas[1] === h * 3, `canvas ${s.web.canvas}: not ${w}x${h} at pixel ratio 3`);
    check(s.font.pixels === 42, `the font is rasterised at ${s.font.pixels} px, not 14 points x 3`);
    const overflow = {};
    for (const view of VIEWS) {
      await showView(page, view);
      s = await state(page);
      check(s.view === view && s.layout.compact, `${view}: view ${s.view}, compact ${s.layout.compact}`);
      check(s.layout.panels.length <= 2, `${view}: ${s.layout.panels.length} panels at once`);
      const o = checkPanels(s, w, h, `${name} ${view}`);
      if (Object.keys(o).length) overflow[view] = o;
      check(errorsOf(s).length === 0, `${view}: ` + errorsOf(s).join(' | '));
      await shot(page, `phone-${name}-${view}.png`);
    }
    // Settings rows wider than the phone scroll sideways (recorded, not asserted: README).
    metrics[`phone_${name}_sideways_scroll_px`] = overflow;
    // The page itself never moved or zoomed.
    const vv = await page.evaluate(() => [window.visualViewport.scale, window.scrollX, window.scrollY]);
    check(vv[0] === 1 && vv[1] === 0 && vv[2] === 0, `the page zoomed or scrolled: ${vv}`);
    check(page.log.errors.length === 0, 'errors: ' + page.log.errors.join(' | '));
    await page.context().close();
  });

  test(`a phone in ${name}: a tap steps the lab, a drag moves the start, one finger orbits the 3-D view, two pinch it`, async () => {
    const page = await openDevicePage(device);
    await frames(page, 3);
    let lab = (await state(page)).views.lab;
    const start0 = lab.start;
    let [x0, y0, x1, y1] = lab.contour_rect;
    check(x1 - x0 > 100, `the contour map is ${x1 - x0} px wide`);
    await page.touchscreen.tap((x0 + x1) / 2, (y0 + y1) / 2);
    await frames(page, 4);
    let s = await state(page);
    lab = s.views.lab;
    check(s.web.touch, 'the app did not see a finger');
    check(lab.step === 1, `a tap on the map: step ${lab.step}, not 1`);
    check(lab.start[0] === start0[0] && lab.start[1] === start0[1], `a tap moved the start to ${lab.start}`);
    // A drag places the start under the finger (and takes no step).
    const to = [x0 + 0.7 * (x1 - x0), y0 + 0.6 * (y1 - y0)];
    await drag(page, [[x0 + 0.3 * (x1 - x0), y0 + 0.3 * (y1 - y0)]], [to]);
    lab = (await state(page)).views.lab;
    const [bx0, bx1, by0, by1] = lab.contour_box;
    const want = [bx0 + (to[0] - x0) / (x1 - x0) * (bx1 - bx0), by1 - (to[1] - y0) / (y1 - y0) * (by1 - by0)];
    check(Math.abs(lab.start[0] - want[0]) < 0.05 * (bx1 - bx0) && Math.abs(lab.start[1] - want[1]) < 0.05 * (by1 - by0),
          `after a drag the start is ${lab.start}, not under the finger (${want})`);
    check(lab.step === 0, `a drag stepped (step ${lab.step}); moving the start restarts every optimizer`);
    await shot(page, `phone-${name}-lab-after-drag.png`);
    // The 3-D view: one finger orbits, two pinch.
    await tapWidget(page, '3-D');
    lab = (await state(page)).views.lab;
    check(lab.compact_tab === 1, `the 3-D tab did not open (tab ${lab.compact_tab})`);
    [x0, y0, x1, y1] = lab.surface3d_rect;
    check(x1 - x0 > 100 && x1 <= device.viewport.width + 0.5, `3-D view at ${lab.surface3d_rect}`);
    const cam0 = lab.camera;
    const cy = (y0 + y1) / 2, cx = (x0 + x1) / 2;
    await drag(page, [[x0 + 0.2 * (x1 - x0), cy]], [[x0 + 0.8 * (x1 - x0), cy]]);
    const cam1 = (await state(page)).views.lab.camera;
    check(Math.abs(cam1.yaw - cam0.yaw) > 0.3, `one finger across the 3-D view: yaw ${cam0.yaw} -> ${cam1.yaw}`);
    const d = 0.12 * (x1 - x0), D = 0.4 * (x1 - x0);
    await drag(page, [[cx - d, cy], [cx + d, cy]], [[cx - D, cy], [cx + D, cy]], 10);
    const cam2 = (await state(page)).views.lab.camera;
    check(cam2.distance < 0.8 * cam1.distance, `a pinch apart did not zoom in: distance ${cam1.distance} -> ${cam2.distance}`);
    check(Math.abs(cam2.yaw - cam1.yaw) < 0.05, `the pinch also rotated: yaw ${cam1.yaw} -> ${cam2.yaw}`);
    const vv = await page.evaluate(() => [window.visualViewport.scale, window.scrollX, window.scrollY]);
    check(vv[0] === 1 && vv[1] === 0 && vv[2] === 0, `the page zoomed or scrolled under the fingers: ${vv}`);
    await shot(page, `phone-${name}-lab-3d-pinched.png`);
    check(page.log.errors.length === 0, 'errors: ' + page.log.errors.join(' | '));
    await page.context().close();
  });
}

test('presenter scale 2: the font re-rasterised (text as sharp as at scale 1), nothing overlapping, in every view', async () => {
  const page = await openPage();
  await runOk(page, 'layout wide');  // the same layout at both scales (compact widgets have more padding)
  await frames(page, 3);
  const label = async () => (await page.evaluate(() => window.descent.widget('Commands'))).visible;
  const r1 = await label();
  const one = await shot(page, 'presenter-scale1-lab.png');
  await runOk(page, 'scale 2');
  await frames(page, 4);
  let s = await state(page);
  check(s.ui_scale === 2 && s.font.pixels === 28, `scale ${s.ui_scale}, font ${s.font.pixels} px (want 2, 28)`);
  const r2 = await label();
  check(Math.abs((r2[2] - r2[0]) - 2 * (r1[2] - r1[0])) < 3, `the Commands button is ${r2[2] - r2[0]} px, not twice ${r1[2] - r1[0]}`);
  const two = await shot(page, 'presenter-scale2-lab.png');
  const a = solidFraction(one, r1), b = solidFraction(two, r2), c = solidFraction(upscale2(one, r1), [0, 0, 2 * (r1[2] - r1[0]) - 1, 2 * (r1[3] - r1[1]) - 1]);
  metrics.presenter_text_solid_fraction = { scale1: a.solid, scale2: b.solid, scale1_upscaled: c.solid };
  check(a.ink > 20 && b.ink > 4 * 0.8 * a.ink, `text pixels: ${a.ink} at scale 1, ${b.ink} at scale 2`);
  check(b.solid >= 0.85 * a.solid && b.solid >= 1.3 * c.solid,
        `text at scale 2 is not sharp: solid fraction ${b.solid.toFixed(3)} (scale 1 ${a.solid.toFixed(3)}, scale 1 blown up ${c.solid.toFixed(3)})`);
  await runOk(page, 'layout auto');
  for (const view of VIEWS) {
    await showView(page, view);
    s = await state(page);
    check(s.layout.compact, `${view}: 640 x 360 points should be compact`);
    checkPanels(s, VIEWPORT.width, VIEWPORT.height, `scale 2 ${view}`);
    // No two labelled widgets (buttons, tabs, sliders, ...) drawn on top of each other.
    const ws = (await page.evaluate(() => window.descent.widgets())).filter((w) => w.visible[2] > w.visible[0]);
    for (let i = 0; i < ws.length; i++)
      for (let j = i + 1; j < ws.length; j++) {
        const [p, q] = [ws[i].visible, ws[j].visible];
        const ox = Math.min(p[2], q[2]) - Math.max(p[0], q[0]), oy = Math.min(p[3], q[3]) - Math.max(p[1], q[1]);
        check(!(ox > 1 && oy > 1), `${view} at scale 2: '${ws[i].label}' and '${ws[j].label}' overlap (${p} / ${q})`);
      }
    await shot(page, `presenter-scale2-${view}.png`);
  }
  await runOk(page, 'scale 1');
  check(page.log.errors.length === 0, 'errors: ' + page.log.errors.join(' | '));
  await page.close();
});

test('the keyboard in every view: Space, Right, Left, R, ] [, 1-7, ?, F (real key presses)', async () => {
  const page = await openPage();
  await frames(page, 3);
  const key = async (k) => { await page.keyboard.press(k); await frames(page, 3); return state(page); };
  // The lab.
  let s = await key('ArrowRight');
  check(s.views.lab.step === 1, `Right: step ${s.views.lab.step}`);
  s = await key('ArrowRight');
  s = await key('ArrowLeft');
  check(s.views.lab.step === 1, `Left: step ${s.views.lab.step}`);
  s = await key('Space');
  check(s.views.lab.playing, 'Space did not play');
  await sleep(300);
  s = await key('Space');
  check(!s.views.lab.playing && s.views.lab.step > 1, `Space again: playing ${s.views.lab.playing}, step ${s.views.lab.step}`);
  s = await key('r');
  check(s.views.lab.step === 0, `R: step ${s.views.lab.step}`);
  s = await key(']');
  check(s.views.lab.surface.name === 'rosenbrock', `]: surface ${s.views.lab.surface.name}`);
  s = await key('PageUp');
  check(s.views.lab.surface.name === 'quadratic', `Page Up: surface ${s.views.lab.surface.name}`);
  s = await key('Shift+Slash');  // '?'
  check(s.keys_overlay, '? did not open the help overlay');
  await shot(page, '13-keys-overlay.png');
  s = await key('Escape');
  check(!s.keys_overlay, 'Esc did not close the overlay');
  // F: full screen (the browser's), and F again leaves it.
  await key('f');
  await frames(page, 3);
  check(await page.evaluate(() => !!document.fullscreenElement), 'F did not go full screen');
  await key('f');
  await frames(page, 3);
  check(await page.evaluate(() => !document.fullscreenElement), 'F again did not leave full screen');
  // The number keys follow the App's views; each view's keys do what its overlay says.
  for (let i = 0; i < VIEWS.length; i++) {
    s = await key(String(i + 1));
    check(s.view === VIEWS[i], `${i + 1}: view ${s.view}, not ${VIEWS[i]}`);
    check(Object.keys(s.keys).length === 6, `${s.view}: keys ${JSON.stringify(s.keys)}`);
  }
  for (const view of ['linear', 'network']) {
    await runOk(page, 'view ' + view);
    await frames(page, 3);
    const t = async () => (await state(page)).views[view].training;
    const s0 = (await t()).step;
    await key('ArrowRight');
    check((await t()).step === s0 + 1, `${view} Right: step ${(await t()).step}`);
    await key('Space');
    check((await t()).playing, `${view}: Space did not train`);
    await key('Space');
    check(!(await t()).playing, `${view}: Space did not pause`);
    await key('r');
    check((await t()).step === 0, `${view} R: step ${(await t()).step}`);
    s = await key('ArrowLeft');  // no step back in training: the app says so
    // (Other news may come in meanwhile: the lecture's chapter 1 fetches Fashion-MNIST.)
    check(s.keys['step-back'] === null && s.messages.slice(-3).some((m) => m.text.includes('nothing to do')),
          `${view} Left: ${JSON.stringify(s.messages.slice(-3))}`);
  }
  await runOk(page, 'view data');
  await frames(page, 3);
  s = await key('ArrowRight');
  check(s.views.data.query && s.views.data.query.index === 0, `data Right: query ${JSON.stringify(s.views.data.query)}`);
  s = await key('ArrowRight');
  check(s.views.data.query.index === 1, `data Right again: query ${s.views.data.query.index}`);
  await runOk(page, 'view landscape');
  await frames(page, 3);
  s = await key('ArrowRight');
  check(s.views.landscape.optimizers.length >= 2 && s.views.landscape.optimizers[0].step === 1,
        `landscape Right: ${JSON.stringify(s.views.landscape.optimizers.map((o) => o.step))}`);
  s = await key('r');
  check(s.views.landscape.optimizers.length === 0, 'landscape R kept its runs');
  await runOk(page, 'view gradcheck');
  await frames(page, 3);
  s = await state(page);
  check(s.keys.reset && s.keys['play-pause'] === null, `gradcheck keys ${JSON.stringify(s.keys)}`);
  check(errorsOf(s).length === 0, 'errors: ' + errorsOf(s).join(' | '));
  check(page.log.errors.length === 0, 'errors: ' + page.log.errors.join(' | '));
  await page.close();
});

test('any static host: the site under a sub-path of a plain server (no COOP/COEP), then offline after a reload', async () => {
  // A plain static server (python's http.server) with the site at /course/descent/: no special
  // headers, no wasm MIME type needed (the page hands the bytes to WebAssembly itself).
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'descent-host-'));
  fs.mkdirSync(path.join(root, 'course'));
  fs.symlinkSync(WEB, path.join(root, 'course', 'descent'));
  const plain = spawn('/usr/bin/python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', root],
                      { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const port = await new Promise((resolve, reject) => {
      let out = '';
      plain.stdout.on('data', (d) => { out += d; const m = out.match(/port (\d+)/); if (m) resolve(m[1]); });
      plain.on('exit', () => reject(new Error('http.server ended: ' + out)));
      setTimeout(() => reject(new Error('http.server did not start: ' + out)), 10000);
    });
    const base = `http://127.0.0.1:${port}/course/descent/`;
    const page = await openDevicePage({ viewport: VIEWPORT }, base + '?view=linear');
    const response = await page.request.get(base);
    const headers = response.headers();
    check(!headers['cross-origin-opener-policy'] && !headers['cross-origin-embedder-policy'],
          'the plain server sent COOP/COEP: ' + JSON.stringify(headers));
    let s = await state(page);
    check(s.view === 'linear' && errorsOf(s).length === 0, `view ${s.view}, errors ${errorsOf(s)}`);
    check(await page.evaluate(() => window.descent.offline), 'the service worker did not become ready');
    // The data set once fetched is kept too.
    const r = await run(page, 'linear data=fashion-mnist model=softmax');
    check(!r.ok && r.pending, 'fashion-mnist did not start downloading: ' + JSON.stringify(r));
    s = await waitState(page, (x) => x.views.linear.data === 'fashion-mnist' && x.views.linear.training.ready,
                        'the Fashion-MNIST subset', 60000);
    const cached = await page.evaluate(() => window.descent.cached());
    for (const f of ['index.html', 'page.js', 'descent.js', 'descent.wasm', 'fashion-mnist/manifest.json', 'train-images-idx3-ubyte.gz'])
      check(cached.some((u) => u.startsWith(base) && u.endsWith(f)), `not kept for offline use: ${f} (${cached.length} kept)`);
    // Offline, and the server gone too: the same link reloads, the app runs, the data set comes from
    // the cache; a file never fetched (the speed page) is really out of reach.
    // The address bar follows every 30 frames: the reload must see the link of this state.
    await addressBar(page, await page.evaluate(() => window.descent.link()));
    await page.context().setOffline(true);
    plain.kill();
    await new Promise((r) => plain.once('exit', r));
    await page.reload();
    await waitReady(page);
    s = await state(page);
    check(s.view === 'linear', `offline reload: view ${s.view}; errors ${errorsOf(s).join(' | ')}`);
    await runOk(page, 'view lab');
    await runOk(page, 'step 20');
    s = await state(page);
    check(s.views.lab.step === 20, `offline: the lab stepped to ${s.views.lab.step}`);
    const r2 = await run(page, 'linear data=fashion-mnist model=softmax');
    check(r2.ok || r2.pending, 'offline fashion-mnist: ' + JSON.stringify(r2));
    s = await waitState(page, (x) => x.views.linear.data === 'fashion-mnist' && x.views.linear.training.ready,
                        'Fashion-MNIST from the cache, offline', 60000);
    await shot(page, '14-offline-sub-path.png');
    check(page.log.errors.length === 0, 'errors: ' + page.log.errors.join(' | '));
    const never = await page.evaluate(() => fetch('bench.html').then((r) => 'HTTP ' + r.status, () => 'failed'));
    check(never === 'failed', `offline, an uncached file still came: ${never}`);
    await page.context().close();
  } finally {
    plain.kill();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

// ---- run -----------------------------------------------------------------------------------------------
async function main() {
  server = await startServer(WEB);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'descent-chromium-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: opts.chromium, headless: true,
                                                               args: CHROMIUM_FLAGS, viewport: VIEWPORT });
  browser = await chromium.launch({ executablePath: opts.chromium, headless: true, args: CHROMIUM_FLAGS });
  let passed = 0, failed = 0;
  for (const t of tests) {
    if (opts.only && !t.name.includes(opts.only)) continue;
    const t0 = Date.now();
    try {
      await t.fn();
      passed++;
      console.log(`ok      ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s  ${t.name}`);
    } catch (e) {
      failed++;
      console.log(`FAILED  ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s  ${t.name}\n        ${e instanceof Failure ? e.message : e.stack}`);
      for (const p of context.pages()) await p.close().catch(() => {});
    }
  }
  await context.close();
  await browser.close();
  server.proc.kill();
  fs.rmSync(profile, { recursive: true, force: true });

  // The page's size: what a student downloads (the app at once; Fashion-MNIST when first picked).
  const size = (f) => fs.statSync(path.join(WEB, f)).size;
  const data = fs.readdirSync(path.join(WEB, 'data/fashion-mnist')).filter((f) => f.endsWith('.gz'));
  metrics.bytes = { 'descent.wasm': size('descent.wasm'), 'descent.js': size('descent.js'),
                    'index.html + page.js + sw.js': size('index.html') + size('page.js') + size('sw.js'),
                    'fashion-mnist subset': data.reduce((n, f) => n + size('data/fashion-mnist/' + f), 0) };
  metrics.chromium = execFileSync(opts.chromium, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  fs.writeFileSync(path.join(OUT, 'web-metrics.json'), JSON.stringify(metrics, null, 1) + '\n');
  console.log('metrics: ' + JSON.stringify(metrics));
  console.log(`screenshots and web-metrics.json in ${path.relative(ROOT, OUT) || '.'}`);
  console.log(`browser: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e.stack || String(e));
  if (server) server.proc.kill();
  console.log('browser: 0 passed, 1 failed');
  process.exit(1);
});
