// run.mjs: the browser benchmarks. Serves the built web page (web/serve.py, 127.0.0.1) with the TF.js
// peer page (bench/browser/tfjs.html) and the full Fashion-MNIST mounted beside it, opens Debian's
// Chromium headless (playwright-core) and runs, round after round: Descent's web/bench.html (WASM
// SIMD128, one thread), TF.js with its WASM backend (SIMD) and TF.js with its CPU backend, each
// page doing the same WORKLOADS.md workloads. Prints every result as one JSON line on stdout, tagged
// "peer" (descent-web | tfjs-wasm | tfjs-cpu), "round" and "loadavg"; progress goes to stderr.
// Not a test (timings are never asserted). bench/compare calls it; it also runs on its own:
//   node bench/browser/run.mjs [--web build/wasm/web] [--rounds 1] [--runs 3] [--data full|subset]
//        [--workloads W5,W2,W1] [--peers descent-web,tfjs-wasm,tfjs-cpu] [--cpu-batches 200]
//        [--timeout 900] [--chromium /usr/bin/chromium]
// Needs `npm ci` in bench/browser (bench/setup.sh) and the web build (scripts/start.sh or test.sh).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, startServer } from '../../web/serve.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const FULL_DATA = '/usr/share/datasets/fashion-mnist';
const opts = { web: path.join(ROOT, 'build/wasm/web'), rounds: 1, runs: 3, data: 'full', workloads: 'W5,W2,W1',
               peers: 'descent-web,tfjs-wasm,tfjs-cpu', 'cpu-batches': 200, timeout: 900, chromium: '/usr/bin/chromium' };
for (let i = 2; i < process.argv.length; i++) {
  const key = process.argv[i].replace(/^--/, '');
  if (!(key in opts) || i + 1 >= process.argv.length) {
    console.error(`run.mjs: unknown or incomplete option ${process.argv[i]}\nknown: ${Object.keys(opts).map((k) => '--' + k).join(' ')}`);
    process.exit(2);
  }
  opts[key] = typeof opts[key] === 'number' ? Number(process.argv[++i]) : process.argv[++i];
}
const loadavg = () => fs.readFileSync('/proc/loadavg', 'utf8').trim();

// The page of each peer, with the options every page understands (web/bench.js, bench/browser/tfjs.html).
function pageUrl(base, peer) {
  const q = new URLSearchParams({ workloads: opts.workloads, runs: String(opts.runs), data: opts.data });
  if (peer === 'descent-web') return base + 'bench.html?' + q;
  q.set('backend', peer === 'tfjs-cpu' ? 'cpu' : 'wasm');
  if (peer === 'tfjs-cpu' && opts['cpu-batches'] > 0) q.set('batches', String(opts['cpu-batches']));
  return base + 'peers/tfjs.html?' + q;
}

// The page folder with the peer page and the full data set beside it.
function startBenchServer() {
  const mounts = ['/peers=' + HERE];
  if (fs.existsSync(FULL_DATA)) mounts.push('/data/fashion-mnist-full=' + FULL_DATA);
  return startServer(opts.web, mounts);
}

// One page run: waits for window.benchDone, returns window.benchResults (throws with the page's error).
async function runPage(browser, url) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  try {
    await page.goto(url, { waitUntil: 'load', timeout: 60000 });
    await page.waitForFunction(() => window.benchDone === true, null, { timeout: opts.timeout * 1000, polling: 500 });
    const { results, error } = await page.evaluate(() => ({ results: window.benchResults, error: window.benchError }));
    if (error) throw new Error(error);
    return { results, errors };
  } finally {
    await page.close().catch(() => {});
  }
}

async function main() {
  if (!fs.existsSync(path.join(opts.web, 'bench.html')))
    throw new Error(`${opts.web}/bench.html not found: build the web page first (scripts/start.sh or scripts/test.sh)`);
  if (opts.data === 'full' && !fs.existsSync(FULL_DATA))
    throw new Error(`--data full needs Debian's dataset-fashion-mnist (${FULL_DATA}); or pass --data subset`);
  const server = await startBenchServer();
  const browser = await chromium.launch({ executablePath: opts.chromium, headless: true, args: CHROMIUM_FLAGS });
  const version = execFileSync(opts.chromium, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  console.error(`browser bench: ${version}; ${opts.rounds} round(s) of ${opts.peers}, workloads ${opts.workloads}, ` +
                `data ${opts.data}, ${opts.runs} run(s) per page`);
  let failures = 0;
  try {
    for (let round = 0; round < opts.rounds; round++) {
      for (const peer of opts.peers.split(',').filter(Boolean)) {
        const load = loadavg();
        const t0 = Date.now();
        try {
          const { results } = await runPage(browser, pageUrl(server.url, peer));
          for (const r of results)
            console.log(JSON.stringify({ ...r, peer, where: 'browser', round, loadavg: load, chromium: version }));
          console.error(`  round ${round + 1} ${peer}: ${results.length} results in ${((Date.now() - t0) / 1000).toFixed(1)} s (load ${load})`);
        } catch (e) {
          failures++;
          console.error(`  round ${round + 1} ${peer}: FAILED: ${e.message.split('\n')[0]}`);
        }
      }
    }
  } finally {
    await browser.close();
    server.proc.kill();
  }
  process.exit(failures ? 1 : 0);
}

main().catch((e) => { console.error('run.mjs: ' + e.message); process.exit(1); });
