// bench.js: the web bench page (bench.html). Loads descent_bench.wasm (web/bench_main.cpp), fetches
// Fashion-MNIST (the baked subset, or with ?data=full the whole set where the server mounts it at
// data/fashion-mnist-full/, as web/serve.py does), then runs the workloads one at a time, yielding to
// the browser between them. Protocol shared with the TF.js peer page (bench/browser/tfjs.html) and
// read by bench/browser/run.mjs: each result is console.log'ged as one JSON line and pushed to
// window.benchResults; window.benchDone = true at the end; window.benchError holds a failure.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const WORKLOADS = (params.get('workloads') || 'W5,W2,W1').toUpperCase().split(',').filter(Boolean);
  const RUNS = Math.max(1, Math.min(20, parseInt(params.get('runs') || '3', 10) || 3));
  const DATA = params.get('data') === 'full' ? 'full' : 'subset';
  const QUERIES = Math.max(1, Math.min(10000, parseInt(params.get('queries') || '500', 10) || 500));
  const DATA_URL = DATA === 'full' ? 'data/fashion-mnist-full/' : 'data/fashion-mnist/';
  const FS_DIR = '/data/fashion-mnist-' + DATA;
  const FILES = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz',
                 't10k-labels-idx1-ubyte.gz'];
  // shared/bench/WORKLOADS.md: [value, tolerance] after one full epoch of the full data (W5: always).
  const CROSS = {
    W1: { train_loss_full: [0.47942, 5e-5], train_loss_last100: [0.43731, 5e-5], test_acc: [0.8150, 5e-5] },
    W2: { train_loss_full: [0.488, 5e-4], test_acc: [0.811, 5e-4] },
    W5: { final_loss: [0.61838, 5e-5], train_acc: [0.578, 5e-4] },
  };

  window.benchResults = [];
  window.benchDone = false;
  window.benchError = '';

  const status = (text) => { $('status').textContent = text; };
  const yieldToBrowser = () => new Promise((resolve) => setTimeout(resolve, 0));
  function fail(message) {
    window.benchError = message;
    window.benchDone = true;
    console.error('bench: ' + message);
    $('error').textContent = message;
    $('error').hidden = false;
    status('Stopped.');
  }

  function crossCheck(r) {
    const want = CROSS[r.workload];
    if (!want || (r.workload !== 'W5' && r.train_rows !== 60000)) return '<span class="off">n/a (the ' +
      'values are for the full data: ?data=full)</span>';
    return Object.entries(want).map(([k, [v, tol]]) => {
      const ok = Math.abs(r[k] - v) <= tol;
      return '<span class="' + (ok ? 'ok' : 'off') + '">' + k + ' ' + (ok ? 'ok' : r[k] + ' (want ' + v + ')') + '</span>';
    }).join(', ');
  }

  function show(r) {
    const fmt = (x) => Number(x).toLocaleString('en-US', { maximumFractionDigits: x < 100 ? 2 : 0 });
    let name = r.workload, speed = '', quality = '';
    if (r.workload === 'W5') {
      name += ' 2-8-8-2 tanh, spiral';
      speed = fmt(r.steps_per_s) + ' steps/s';
      quality = 'loss ' + r.final_loss.toFixed(5) + ', train acc ' + r.train_acc.toFixed(3);
    } else if (r.workload === 'W1' || r.workload === 'W2') {
      name += r.workload === 'W1' ? ' MLP 784-128-10' : ' softmax 784-10';
      speed = fmt(r.samples_per_s) + ' samples/s';
      quality = 'loss ' + r.train_loss_full.toFixed(5) + ', test acc ' + r.test_acc.toFixed(4) + ' (' + r.train_rows +
                ' train rows)';
    } else if (r.workload === 'W3') {
      name += ' kNN ' + r.metric.toUpperCase() + ', k=5';
      speed = fmt(r.seconds_2000) + ' s / 2000 queries';
      quality = 'acc ' + r.acc.toFixed(4) + ' on ' + r.queries + ' queries';
    } else {
      name += ' SGEMM ' + r.m + 'x' + r.k + 'x' + r.n;
      speed = fmt(r.gflops) + ' GFLOP/s';
    }
    const row = document.createElement('tr');
    row.innerHTML = '<td>' + name + '</td><td class="num">' + speed + '</td><td>' + quality + '</td><td>' +
                    (r.workload === 'W3' || r.workload === 'W4' ? '' : crossCheck(r)) + '</td>';
    $('results').tBodies[0].appendChild(row);
    $('results').hidden = false;
    $('lines').hidden = false;
    $('lines').textContent += JSON.stringify(r) + '\n';
  }

  function report(line) {
    if (!line) throw new Error(Module.ccall('descent_bench_error', 'string', [], []));
    const r = JSON.parse(line);
    r.page = 'descent';
    window.benchResults.push(r);
    console.log(JSON.stringify(r));
    show(r);
  }

  async function loadData() {
    Module.FS.mkdirTree(FS_DIR);
    for (const name of FILES) {
      status('Downloading Fashion-MNIST (' + DATA + '): ' + name + '…');
      const response = await fetch(DATA_URL + name);
      if (!response.ok)
        throw new Error(DATA_URL + name + ': HTTP ' + response.status + (DATA === 'full'
          ? ' (the full set is served only where the server mounts it: web/serve.py --mount ' +
            '/data/fashion-mnist-full=/usr/share/datasets/fashion-mnist, as scripts/start.sh does)' : ''));
      Module.FS.writeFile(FS_DIR + '/' + name, new Uint8Array(await response.arrayBuffer()));
    }
    status('Decoding Fashion-MNIST…');
    await yieldToBrowser();
    if (Module.ccall('descent_bench_load', 'number', ['string', 'string'], [FS_DIR, DATA]) !== 0)
      throw new Error('Fashion-MNIST: ' + Module.ccall('descent_bench_error', 'string', [], []));
  }

  async function run() {
    const call = (fn, types, args) => Module.ccall(fn, 'string', types, args);
    const needsData = WORKLOADS.some((w) => w === 'W1' || w === 'W2' || w === 'W3');
    if (needsData) await loadData();
    for (const w of WORKLOADS) {
      status('Running ' + w + ' (' + RUNS + ' run' + (RUNS > 1 ? 's' : '') + ')…');
      await yieldToBrowser();
      if (w === 'W5') report(call('descent_bench_w5', ['number'], [RUNS]));
      else if (w === 'W1' || w === 'W2') report(call('descent_bench_epoch', ['number', 'number'], [w === 'W1' ? 1 : 0, RUNS]));
      else if (w === 'W3') {
        for (const l1 of [0, 1]) {
          report(call('descent_bench_knn', ['number', 'number'], [l1, QUERIES]));
          await yieldToBrowser();
        }
      } else if (w === 'W4') {
        for (const [m, k, n] of [[512, 512, 512], [64, 784, 128], [64, 128, 10]]) {
          report(call('descent_bench_gemm', ['number', 'number', 'number'], [m, k, n]));
          await yieldToBrowser();
        }
      } else throw new Error('unknown workload "' + w + '" (choose from W1, W2, W3, W4, W5)');
    }
    status('Done: ' + window.benchResults.length + ' results (also in the console as JSON lines).');
    window.benchDone = true;
  }

  if (typeof WebAssembly !== 'object') {
    fail('This browser cannot run WebAssembly.');
    return;
  }
  window.Module = {
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    onAbort: (what) => fail('the engine stopped: ' + what),
    onRuntimeInitialized: () => { run().catch((e) => fail(e.message)); },
  };
  const script = document.createElement('script');
  script.src = 'descent_bench.js';
  script.onerror = () => fail('descent_bench.js did not load: build the web page first (scripts/start.sh)');
  document.body.appendChild(script);
})();
