// run.mjs: the web page's end-to-end tests in a real browser: Debian's Chromium, headless (software
// WebGL2), driven by npm playwright-core, against the built page served by web/serve.py on 127.0.0.1.
// Each test opens a fresh page; clicks are real mouse events on ImGui widgets, found by label
// (descent.widgets()). Screenshots and web-metrics.json (page size, time to first frame, frame times)
// land in --out. Not a unit test (the doctest suite is) and not a benchmark.
// Usage: node tests/browser/run.mjs --web build/wasm/web --cli build/release/descent --out build/logs/browser
//        [--only SUBSTRING] [--chromium /usr/bin/chromium]     (DESCENT_TEST_DEBUG=1 logs every request)
// Prints one line per test and "browser: N passed, N failed"; exit status 1 when any failed.
import { execFileSync } from 'node:child_process';
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

// A fresh page of the app; collects console errors, page errors, failed or 4xx/5xx requests, and
// the data files requested. Waits for the first frame unless `expectFailure`.
async function openPage(query = '', { init = null, expectFailure = false } = {}) {
  const page = await context.newPage();
  await page.setViewportSize(VIEWPORT);
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
  if (init) await page.addInitScript(init);
  await page.goto(server.url + query);
  if (!expectFailure) {
    await page.waitForFunction(() => window.descent, null, { timeout: 60000 });
    await page.evaluate(() => window.descent.ready);
  }
  page.log = log;
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

test('softmax on the Fashion-MNIST subset: fetched on first pick, test accuracy > 0.75 in 2 epochs, frame times reported', async () => {
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
  const t = s.views.linear.training;
  const bound = 2 * t.batches_per_epoch;
  check(t.step <= bound, `took ${t.step} steps, more than 2 epochs (${bound})`);
  check(t.test_acc > 0.75, `test accuracy ${t.test_acc} after ${t.step} steps`);
  metrics.fashion_softmax = { steps: t.step, test_acc: t.test_acc, val_acc: t.val_acc, train_acc: t.train_acc };
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
  for (const t0 = Date.now(); page.url() !== link && Date.now() - t0 < 5000;) await sleep(100);
  check(page.url() === link, 'address bar ' + page.url());
  const again = await openPage(new URL(link).search);
  await frames(again, 5);
  const s2 = await state(again);
  check(JSON.stringify(s2.views.linear.settings) === JSON.stringify(lin.settings) &&
        JSON.stringify(s2.views.lab.settings) === JSON.stringify(lab.settings), 'the link reopened differs');
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
  await sleep(1200);
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

// ---- run -----------------------------------------------------------------------------------------------
async function main() {
  server = await startServer(WEB);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'descent-chromium-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: opts.chromium, headless: true,
                                                               args: CHROMIUM_FLAGS, viewport: VIEWPORT });
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
  server.proc.kill();
  fs.rmSync(profile, { recursive: true, force: true });

  // The page's size: what a student downloads (the app at once; Fashion-MNIST when first picked).
  const size = (f) => fs.statSync(path.join(WEB, f)).size;
  const data = fs.readdirSync(path.join(WEB, 'data/fashion-mnist')).filter((f) => f.endsWith('.gz'));
  metrics.bytes = { 'descent.wasm': size('descent.wasm'), 'descent.js': size('descent.js'),
                    'index.html + page.js': size('index.html') + size('page.js'),
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
