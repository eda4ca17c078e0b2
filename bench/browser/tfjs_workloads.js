// tfjs_workloads.js: the TensorFlow.js peer for W1, W2 and W5 of shared/bench/WORKLOADS.md (the
// contract: init, batches, timed region, cross-check values), run by tfjs.html in the browser.
//
// Query parameters:
//   backend=wasm|cpu        TF.js backend (default wasm; the wasm backend picks its SIMD build itself)
//   workloads=W5,W2,W1      comma list, run in that order (default W5,W2,W1)
//   runs=N                  fresh runs per workload, the median rate is reported (default 3)
//   data=full|subset        /data/fashion-mnist-full/ (default) or /data/fashion-mnist/ (gzip IDX files)
//   batches=K               W1/W2: 0 or absent = the whole epoch; K > 0 = time only the first K batches
//                           (samples/s = 64*K/seconds, marked "extrapolated": "first K batches")
// Output: one JSON object per workload, console.log(JSON.stringify(obj)), also shown in #out and pushed
// to window.benchResults; then window.benchDone = true. On an error: window.benchError = message,
// console.error, shown in #status, and benchDone = true as well.
//   W1/W2: {workload, where:"browser", peer:"tfjs-wasm"|"tfjs-cpu", backend, simd, threads, tfjs,
//           samples_per_s (median), rates (per run), seconds (median), train_loss_full,
//           train_loss_last100, test_acc, runs, data, train_rows, batches[, extrapolated]}
//   W5:    {workload:"W5", where, peer, backend, simd, threads, tfjs, steps_per_s (median), rates,
//           seconds, final_loss, train_acc, runs, steps}
// Quality numbers come from the last run. Not Descent: a peer to compare it with.
'use strict';

window.benchResults = [];
window.benchDone = false;
window.benchError = null;

const statusEl = document.getElementById('status');
const outEl = document.getElementById('out');
const setStatus = (text) => { statusEl.textContent = text; };
const nextTick = () => new Promise((resolve) => setTimeout(resolve, 0));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b), m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
};

// ---- query parameters ------------------------------------------------------------------------------
function parseParams() {
  const q = new URLSearchParams(location.search);
  const known = ['backend', 'workloads', 'runs', 'data', 'batches'];
  for (const key of q.keys())
    if (!known.includes(key)) throw new Error(`unknown query parameter "${key}" (known: ${known.join(', ')})`);
  const backend = q.get('backend') || 'wasm';
  if (backend !== 'wasm' && backend !== 'cpu') throw new Error(`backend=${backend}: want wasm or cpu`);
  const workloads = (q.get('workloads') || 'W5,W2,W1').split(',').map((w) => w.trim().toUpperCase()).filter(Boolean);
  for (const w of workloads)
    if (!['W1', 'W2', 'W5'].includes(w)) throw new Error(`workloads: ${w} is not one of W1, W2, W5`);
  if (!workloads.length) throw new Error('workloads: empty list');
  const int = (name, dflt, min) => {
    const s = q.get(name);
    if (s === null || s === '') return dflt;
    if (!/^\d+$/.test(s) || Number(s) < min) throw new Error(`${name}=${s}: want an integer >= ${min}`);
    return Number(s);
  };
  const runs = int('runs', 3, 1), batches = int('batches', 0, 0);
  const data = q.get('data') || 'full';
  if (data !== 'full' && data !== 'subset') throw new Error(`data=${data}: want full or subset`);
  return { backend, workloads, runs, batches, data };
}

// ---- Fashion-MNIST (gzip IDX), not timed -----------------------------------------------------------
async function fetchIdx(url, magic) {
  const resp = await fetch(url);
  if (!resp.ok) throw new Error(`${url}: HTTP ${resp.status} ${resp.statusText}`);
  let bytes = new Uint8Array(await resp.arrayBuffer());
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {  // still gzip: inflate here
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  }
  const headerLen = magic === 0x803 ? 16 : 8;
  if (bytes.length < headerLen) throw new Error(`${url}: ${bytes.length} bytes, too short for an IDX header`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const got = dv.getUint32(0, false), n = dv.getUint32(4, false);
  if (got !== magic)
    throw new Error(`${url}: IDX magic 0x${got.toString(16).padStart(8, '0')}, want 0x${magic.toString(16).padStart(8, '0')}`);
  const rowLen = magic === 0x803 ? dv.getUint32(8, false) * dv.getUint32(12, false) : 1;
  if (magic === 0x803 && rowLen !== 784) throw new Error(`${url}: images of ${rowLen} pixels, want 28x28`);
  if (bytes.length !== headerLen + n * rowLen)
    throw new Error(`${url}: ${bytes.length} bytes, want ${headerLen + n * rowLen} for ${n} items of ${rowLen}`);
  return { n, data: bytes.subarray(headerLen) };
}

async function loadSplit(dir, prefix) {
  const img = await fetchIdx(`${dir}${prefix}-images-idx3-ubyte.gz`, 0x803);
  const lab = await fetchIdx(`${dir}${prefix}-labels-idx1-ubyte.gz`, 0x801);
  if (img.n !== lab.n) throw new Error(`${dir}${prefix}: ${img.n} images but ${lab.n} labels`);
  const n = img.n, x = new Float32Array(n * 784), y = new Int32Array(n), y1h = new Float32Array(n * 10);
  for (let i = 0; i < n * 784; i++) x[i] = Math.fround(img.data[i] / 255);
  for (let i = 0; i < n; i++) {
    const c = lab.data[i];
    if (c > 9) throw new Error(`${dir}${prefix}: label ${c} at row ${i}`);
    y[i] = c;
    y1h[i * 10 + c] = 1;
  }
  return { n, x, y, y1h };
}

// ---- deterministic init (WORKLOADS.md) ---------------------------------------------------------------
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1) >>> 0;
    t = (t ^ (t + Math.imul(t ^ (t >>> 7), t | 61))) >>> 0;
    const u32 = (t ^ (t >>> 14)) >>> 0;
    return (u32 >>> 8) / 16777216;
  };
}

// [{W: [fan_in, fan_out] variable, b: [fan_out] zero variable}], one mulberry32(42) stream, layers in order.
function makeLayers(dims) {
  const rng = mulberry32(42), layers = [];
  for (let l = 0; l + 1 < dims.length; l++) {
    const fanIn = dims[l], fanOut = dims[l + 1], bound = Math.sqrt(6 / (fanIn + fanOut));
    const w = new Float32Array(fanIn * fanOut);
    for (let k = 0; k < w.length; k++) w[k] = (2 * rng() - 1) * bound;  // row-major [i][j]
    const w0 = tf.tensor2d(w, [fanIn, fanOut]), b0 = tf.zeros([fanOut]);
    layers.push({ W: tf.variable(w0), b: tf.variable(b0) });
    tf.dispose([w0, b0]);  // the variables hold their own reference to the data
  }
  return layers;
}
const layerVars = (layers) => layers.flatMap((l) => [l.W, l.b]);
function disposeLayers(layers) { for (const v of layerVars(layers)) v.dispose(); }

// logits = x·W + b per layer; `hidden` = 'relu' (fused into the matmul) or 'tanh' between layers.
function forward(layers, x, hidden) {
  let h = x;
  layers.forEach(({ W, b }, l) => {
    const last = l + 1 === layers.length;
    if (last || hidden === 'relu') {
      h = tf.fused.matMul({ a: h, b: W, bias: b, activation: last ? 'linear' : 'relu' });
    } else {
      h = tf.tanh(tf.fused.matMul({ a: h, b: W, bias: b }));
    }
  });
  return h;
}
// Mean softmax cross-entropy over the rows (labels one-hot).
const meanCE = (onehot, logits) => tf.losses.softmaxCrossEntropy(onehot, logits);

// Untimed: mean CE and argmax accuracy over all rows, in chunks of 1000 (CE accumulated in double).
async function evaluate(layers, split, hidden, dim) {
  let ceSum = 0, correct = 0;
  for (let s = 0; s < split.n; s += 1000) {
    const e = Math.min(split.n, s + 1000), n = e - s;
    const [ceT, predT] = tf.tidy(() => {
      const z = forward(layers, tf.tensor2d(split.x.subarray(s * dim, e * dim), [n, dim]), hidden);
      const y = tf.tensor2d(split.y1h.subarray(s * 10, e * 10), [n, 10]);
      return [tf.sum(tf.sub(tf.logSumExp(z, 1), tf.sum(tf.mul(z, y), 1))), tf.argMax(z, 1)];
    });
    ceSum += (await ceT.data())[0];
    const pred = await predT.data();
    for (let i = 0; i < n; i++) if (pred[i] === split.y[s + i]) correct++;
    tf.dispose([ceT, predT]);
  }
  return { loss: ceSum / split.n, acc: correct / split.n };
}

// ---- W1 / W2: one epoch of minibatch SGD with momentum ------------------------------------------------
async function epochRun(name, train, test, maxBatches) {
  const w1 = name === 'W1';
  const layers = makeLayers(w1 ? [784, 128, 10] : [784, 10]);
  const vars = layerVars(layers), hidden = w1 ? 'relu' : null;
  const l2 = w1 ? 0 : 1e-4;  // W2: coupled L2 on W only, (λ/2)·‖W‖² added to the minimised loss
  const opt = tf.train.momentum(0.05, 0.9);
  const nBatches = Math.ceil(train.n / 64), timed = maxBatches > 0 ? Math.min(maxBatches, nBatches) : nBatches;
  const losses = new Float64Array(timed);
  let tensorsAfterFirst = -1, samples = 0;

  const t0 = performance.now();
  for (let k = 0; k < timed; k++) {
    const s = k * 64, e = Math.min(train.n, s + 64), n = e - s;
    const xs = tf.tensor2d(train.x.subarray(s * 784, e * 784), [n, 784]);
    const ys = tf.tensor2d(train.y1h.subarray(s * 10, e * 10), [n, 10]);
    let ce = null;
    const cost = opt.minimize(() => {
      ce = tf.keep(meanCE(ys, forward(layers, xs, hidden)));
      return l2 ? tf.add(ce, tf.mul(l2 / 2, tf.sum(tf.square(layers[0].W)))) : ce;
    }, true, vars);
    losses[k] = (await ce.data())[0];  // CE only (as the other peers record it)
    tf.dispose([xs, ys, ce, cost]);
    samples += n;
    if (k === 0) tensorsAfterFirst = tf.memory().numTensors;
  }
  const seconds = (performance.now() - t0) / 1000;

  const leaked = tf.memory().numTensors - tensorsAfterFirst;
  if (leaked !== 0) throw new Error(`${name}: ${leaked} tensors leaked during the epoch`);
  const last = losses.subarray(Math.max(0, timed - 100));
  const trainEval = await evaluate(layers, train, hidden, 784);
  const testEval = await evaluate(layers, test, hidden, 784);
  disposeLayers(layers);
  opt.dispose();
  // tfjs 4.22: MomentumOptimizer.dispose() leaves its SGD base's learning-rate scalar behind.
  if (opt.c && !opt.c.isDisposed) opt.c.dispose();
  return {
    seconds,
    rate: (maxBatches > 0 && timed < nBatches ? 64 * timed : samples) / seconds,
    timed, extrapolated: timed < nBatches,
    train_loss_full: trainEval.loss,
    train_loss_last100: last.reduce((a, b) => a + b, 0) / last.length,
    test_acc: testEval.acc,
  };
}

// ---- W5: spiral, 2-8-8-2 tanh, 1000 full-batch plain GD steps -------------------------------------------
function spiral() {
  const x = new Float32Array(500 * 2), y = new Int32Array(500), y1h = new Float32Array(500 * 2);
  let k = 0;
  for (const [c, delta] of [[0, 0], [1, Math.PI]]) {
    for (let i = 0; i < 250; i++, k++) {
      const r = i / 250 * 5, t = 1.75 * i / 250 * 2 * Math.PI + delta;
      x[2 * k] = r * Math.sin(t);
      x[2 * k + 1] = r * Math.cos(t);
      y[k] = c;
      y1h[2 * k + c] = 1;
    }
  }
  return { n: 500, x, y, y1h };
}

async function w5Run(data) {
  const layers = makeLayers([2, 8, 8, 2]), vars = layerVars(layers);
  const opt = tf.train.sgd(0.1);
  const X = tf.tensor2d(data.x, [500, 2]), Y = tf.tensor2d(data.y1h, [500, 2]);
  let finalLoss = NaN, tensorsAfterFirst = -1;
  const t0 = performance.now();
  for (let step = 0; step < 1000; step++) {
    const cost = opt.minimize(() => meanCE(Y, forward(layers, X, 'tanh')), true, vars);
    finalLoss = (await cost.data())[0];
    cost.dispose();
    if (step === 0) tensorsAfterFirst = tf.memory().numTensors;
  }
  const seconds = (performance.now() - t0) / 1000;
  const leaked = tf.memory().numTensors - tensorsAfterFirst;
  if (leaked !== 0) throw new Error(`W5: ${leaked} tensors leaked during the steps`);
  const predT = tf.tidy(() => tf.argMax(forward(layers, X, 'tanh'), 1));
  const pred = await predT.data();
  let correct = 0;
  for (let i = 0; i < 500; i++) if (pred[i] === data.y[i]) correct++;
  tf.dispose([predT, X, Y]);
  disposeLayers(layers);
  opt.dispose();
  return { seconds, rate: 1000 / seconds, final_loss: finalLoss, train_acc: correct / 500 };
}

// ---- the page ----------------------------------------------------------------------------------------------
function emit(obj) {
  const line = JSON.stringify(obj);
  console.log(line);
  outEl.textContent += line + '\n';
  window.benchResults.push(obj);
}

async function setupBackend(backend) {
  if (typeof tf === 'undefined') throw new Error('TensorFlow.js did not load (node_modules/@tensorflow/tfjs/dist/tf.min.js)');
  tf.enableProdMode();
  let simd = false, threaded = false;
  if (backend === 'wasm') {
    if (!tf.wasm) throw new Error('the TF.js wasm backend did not load (tf-backend-wasm.min.js)');
    // Before the backend initialises: where its .wasm files are (next to the bundle).
    tf.wasm.setWasmPaths(new URL('node_modules/@tensorflow/tfjs-backend-wasm/dist/', location.href).href);
    simd = !!(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
    threaded = !!(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') failed`);
  await tf.ready();
  if (tf.getBackend() !== backend) throw new Error(`backend is ${tf.getBackend()}, not ${backend}`);
  return { simd, threaded };
}

async function main() {
  const p = parseParams();
  const { simd, threaded } = await setupBackend(p.backend);
  const base = {
    where: 'browser', peer: `tfjs-${p.backend}`, backend: p.backend, simd,
    threads: 1,  // tfjs 4.22's threaded wasm build still runs one thread (tfjs#8513); cpu is JS
    tfjs: (tf.version && tf.version.tfjs) || tf.version_core,
  };
  if (p.backend === 'wasm') base.wasm_threaded_build = threaded;
  const tensorsAtStart = tf.memory().numTensors;

  let train = null, test = null;
  if (p.workloads.some((w) => w !== 'W5')) {
    const dir = p.data === 'full' ? '/data/fashion-mnist-full/' : '/data/fashion-mnist/';
    setStatus(`loading Fashion-MNIST from ${dir}…`);
    train = await loadSplit(dir, 'train');
    test = await loadSplit(dir, 't10k');
  }

  for (const w of p.workloads) {
    const runs = [];
    for (let r = 0; r < p.runs; r++) {
      setStatus(`${base.peer}: ${w} run ${r + 1}/${p.runs}…`);
      await nextTick();
      runs.push(w === 'W5' ? await w5Run(spiral()) : await epochRun(w, train, test, p.batches));
    }
    const last = runs[runs.length - 1], rates = runs.map((r) => r.rate);
    const common = { rates, seconds: median(runs.map((r) => r.seconds)) };
    if (w === 'W5') {
      emit({ workload: w, ...base, steps_per_s: median(rates), ...common, final_loss: last.final_loss,
             train_acc: last.train_acc, runs: p.runs, steps: 1000 });
    } else {
      const obj = { workload: w, ...base, samples_per_s: median(rates), ...common,
                    train_loss_full: last.train_loss_full, train_loss_last100: last.train_loss_last100,
                    test_acc: last.test_acc, runs: p.runs, data: p.data, train_rows: train.n, batches: last.timed };
      if (last.extrapolated) obj.extrapolated = `first ${last.timed} batches`;
      emit(obj);
    }
    await nextTick();
  }
  const leaked = tf.memory().numTensors - tensorsAtStart;
  if (leaked !== 0) throw new Error(`${leaked} tensors left over after the workloads`);
  setStatus(`done: ${p.workloads.join(', ')} on ${base.peer}`);
}

main().catch((e) => {
  const msg = (e && e.message) || String(e);
  window.benchError = msg;
  console.error('tfjs peer: ' + msg);
  statusEl.textContent = 'error: ' + msg;
  statusEl.className = 'error';
}).finally(() => { window.benchDone = true; });
