// page.js: the page around the Descent app (index.html): checks the browser (WebAssembly with SIMD,
// WebGL2), downloads descent.wasm with a progress bar, starts the app with the link's settings, and
// does what the app asks of the page (Module.descentPage: downloads, Fashion-MNIST on first use,
// copy link, the address bar, full screen), registers the service worker (sw.js: offline after the first
// load) and keeps what it downloads in its cache. Every URL is relative: the folder can be served from
// any static host under any path. Defines window.descent, the scripting bridge (README "The web page").
// Not the app: everything drawn in the canvas is C++ (core/ui, web/web_shell.cpp).
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const canvas = $('canvas');
  const DATA_DIR = 'data/';                                 // served folder of baked data sets
  const FS_DATA_DIR = '/usr/share/datasets/';               // where load_dataset looks (registry.h)
  const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;               // also checked in C++ (upload.h)
  const mb = (n) => (n / (1024 * 1024)).toFixed(1) + ' MB';
  const CACHE = 'descent-site';                             // sw.js's cache (offline use)

  // ---- offline: the service worker, and the big files put in its cache as they arrive -----------------
  // (Service workers need https or localhost; elsewhere the page simply works online only.)
  const offline = { supported: 'serviceWorker' in navigator && window.isSecureContext && 'caches' in window,
                    error: '' };
  offline.ready = !offline.supported ? Promise.resolve(false)
    : navigator.serviceWorker.register('sw.js').then(() => navigator.serviceWorker.ready).then(() => true)
      .catch((e) => { offline.error = String(e && e.message || e); console.warn('descent: no offline use: ' + offline.error); return false; });
  function keep(url, bytes) {
    if (!offline.supported) return Promise.resolve();
    const response = new Response(bytes);  // a copy, made now: the bytes go on to the app
    return caches.open(CACHE).then((c) => c.put(new URL(url, location.href).href, response))
      .catch((e) => console.warn('descent: could not keep ' + url + ' for offline use: ' + e));
  }

  // ---- what the browser must have ----------------------------------------------------------------
  // The smallest module using SIMD128: one function returning v128.const 0.
  const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20,
    0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11]);
  function missingFeature() {
    if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function')
      return 'This browser cannot run WebAssembly, which Descent is written in. Please open the page in a ' +
             'current Chrome, Edge, Firefox or Safari (with WebAssembly enabled).';
    if (!WebAssembly.validate(SIMD_PROBE))
      return 'This browser runs WebAssembly but without SIMD (128-bit vector instructions), which Descent ' +
             'uses. Please update the browser (Chrome 91+, Firefox 89+, Safari 16.4+).';
    let gl = null;
    try { gl = document.createElement('canvas').getContext('webgl2'); } catch (e) { gl = null; }
    if (!gl)
      return 'This browser has no WebGL2 (or it is switched off, e.g. hardware acceleration disabled without ' +
             'a software fallback). Descent draws with WebGL2: please enable it or use a current browser.';
    return '';
  }

  // ---- the loading screen and notes -----------------------------------------------------------------
  function setStatus(text, fraction) {
    $('status').textContent = text;
    if (fraction !== undefined) $('progress').value = Math.max(0, Math.min(1, fraction));
  }
  function fail(text) {
    $('overlay').hidden = false;
    $('progress').hidden = true;
    $('status').textContent = 'Descent cannot start here.';
    $('error').textContent = text;
    $('error').hidden = false;
  }
  let noteTimer = 0;
  function note(text, keep) {
    const n = $('note');
    n.textContent = text;
    n.hidden = !text;
    clearTimeout(noteTimer);
    if (text && !keep) noteTimer = setTimeout(() => { n.hidden = true; }, 4000);
  }

  // The bytes at url, with progress (XMLHttpRequest: its progress events need no stream reading).
  function fetchBytes(url, onProgress) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('GET', url);
      xhr.responseType = 'arraybuffer';
      xhr.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : 0);
      xhr.onload = () => {
        if (xhr.status === 200) resolve(new Uint8Array(xhr.response));
        else reject(new Error(url + ': HTTP ' + xhr.status + ' ' + xhr.statusText));
      };
      xhr.onerror = () => reject(new Error(url + ': network error'));
      xhr.send();
    });
  }

  // ---- what the app asks of the page (EM_JS calls in web/web_shell.cpp) --------------------------------
  let firstFrame = null;
  const ready = new Promise((resolve) => { firstFrame = resolve; });
  let manifest = null;  // data/fashion-mnist/manifest.json: files and sizes of the baked subset

  function saveBlob(name, blob) {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  }

  function linkFor(query) { return location.origin + location.pathname + (query ? '?' + query : ''); }

  async function fetchData(name) {
    const call = (ok, message) => Module.ccall('descent_data_arrived', null, ['string', 'number', 'string'],
                                               [name, ok ? 1 : 0, message]);
    try {
      const m = manifest || await (await fetch(DATA_DIR + name + '/manifest.json')).json();
      const total = m.bytes;
      let done = 0;
      Module.FS.mkdirTree(FS_DATA_DIR + name);
      for (const f of m.files) {
        const bytes = await fetchBytes(DATA_DIR + name + '/' + f.name, (got) => {
          note(name + ': downloading ' + mb(done + got) + ' of ' + mb(total), true);
        });
        done += bytes.length;
        Module.FS.writeFile(FS_DATA_DIR + name + '/' + f.name, bytes);
        await keep(DATA_DIR + name + '/' + f.name, bytes);
      }
      note(name + ': ' + mb(total) + ' downloaded');
      call(true, '');
    } catch (e) {
      note('');
      call(false, name + ': the download failed (' + e.message + '); pick it again to retry');
    }
  }

  function copyLink(query) {
    const url = linkFor(query);
    const fallback = () => {  // no clipboard (no permission, no secure context): show it, selected
      const box = $('link');
      box.hidden = false;
      box.querySelector('input').value = url;
      box.querySelector('input').select();
    };
    if (navigator.clipboard && navigator.clipboard.writeText)
      navigator.clipboard.writeText(url).then(() => note('Link copied: ' + url), fallback);
    else
      fallback();
  }

  const page = {
    firstFrame() {
      $('overlay').hidden = true;
      canvas.focus();
      firstFrame();
    },
    download(name, bytes) { saveBlob(name, new Blob([bytes])); },
    screenshot(name) { canvas.toBlob((blob) => blob && saveBlob(name, blob), 'image/png'); },
    fetchData,
    copyLink,
    setQuery(query) { history.replaceState(null, '', linkFor(query) + location.hash); },
    openFile() { $('file').click(); },
    fullscreen() {
      const el = document.documentElement;
      const request = el.requestFullscreen || el.webkitRequestFullscreen;
      if (document.fullscreenElement || document.webkitFullscreenElement)
        (document.exitFullscreen || document.webkitExitFullscreen).call(document);
      else if (request)
        Promise.resolve(request.call(el)).catch((e) => note('Full screen was refused (' + e.message + '): press F or ' +
                                                             'click the page first, or use the browser\'s own (F11).'));
      else
        note('This browser has no full screen for pages; use its own (F11).');
    },
  };

  // ---- a student's own files: file picker or drag and drop ----------------------------------------------
  async function upload(files) {
    files = Array.from(files || []);
    if (!files.length) return { ok: false, error: 'no files' };
    for (const f of files) {
      const error = f.size > MAX_UPLOAD_BYTES ? f.name + ': ' + mb(f.size) + ' is over the page\'s limit of ' +
                                                mb(MAX_UPLOAD_BYTES) + ' per file; use a smaller subset' : '';
      // C++ checks the size again, and that there is memory for it, before anything is read.
      const ptr = Module.ccall('descent_upload_begin', 'number', ['string', 'number'], [f.name, f.size]);
      if (!ptr || error) {
        const message = error || Module.ccall('descent_upload_error', 'string', [], []);
        note(message);
        return { ok: false, error: message };
      }
      note('reading ' + f.name + ' (' + mb(f.size) + ')', true);
      const bytes = new Uint8Array(await f.arrayBuffer());
      Module.HEAPU8.set(bytes, ptr);  // HEAPU8 read now: memory may have grown meanwhile
    }
    const result = JSON.parse(Module.ccall('descent_upload_finish', 'string', [], []));
    note(result.ok ? result.name + ': ' + result.train + ' train / ' + result.val + ' val / ' + result.test +
                     ' test examples' : result.error);
    return result;
  }

  $('file').addEventListener('change', (e) => { upload(e.target.files).finally(() => { e.target.value = ''; }); });
  let dragDepth = 0;
  window.addEventListener('dragenter', (e) => { e.preventDefault(); dragDepth++; $('drop').hidden = false; });
  window.addEventListener('dragleave', () => { if (--dragDepth <= 0) { dragDepth = 0; $('drop').hidden = true; } });
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    dragDepth = 0;
    $('drop').hidden = true;
    if (window.descent) upload(e.dataTransfer.files);
  });
  $('link').querySelector('button').addEventListener('click', () => { $('link').hidden = true; });
  // Safari zooms the page on a pinch whatever the viewport says; the canvas's pinch is the app's.
  document.addEventListener('gesturestart', (e) => e.preventDefault());

  // ---- window.descent: the scripting bridge ------------------------------------------------------------
  const json = (fn, ...args) => JSON.parse(Module.ccall(fn, 'string', args.map(() => 'string'), args));
  const bridge = {
    ready,                                             // resolves when the first frame is drawn
    run: (line) => json('descent_run', String(line)),  // {ok, error?, pending?}
    state: () => json('descent_state'),                // views, optimizers, accuracies, fps, web timing
    script: (text) => Module.ccall('descent_script', null, ['string'], [String(text)]),  // with `wait N`
    widgets: () => json('descent_widgets'),            // [{label, window, rect: [x0, y0, x1, y1]}]
    widget(label) {                                    // the first widget so labelled: its rect and centre
      const w = bridge.widgets().find((x) => x.label === label);
      return w ? { ...w, x: (w.rect[0] + w.rect[2]) / 2, y: (w.rect[1] + w.rect[3]) / 2 } : null;
    },
    link: () => linkFor(Module.ccall('descent_url_query', 'string', [], [])),
    upload,                                            // upload(FileList | File[]) -> Promise<{ok, ...}>
    offline: offline.ready,                            // resolves true once the page can reload offline
    cached: () => (offline.supported ? caches.open(CACHE).then((c) => c.keys()).then((k) => k.map((r) => r.url))
                                     : Promise.resolve([])),
  };

  // ---- start ---------------------------------------------------------------------------------------
  async function load() {
    const problem = missingFeature();
    if (problem) { fail(problem); return; }
    setStatus('Downloading Descent…', 0);
    const manifestLoad = fetch(DATA_DIR + 'fashion-mnist/manifest.json').then((r) => (r.ok ? r.json() : null))
      .catch(() => null);
    let wasm;
    try {
      wasm = await fetchBytes('descent.wasm', (got, total) => {
        setStatus('Downloading Descent… ' + mb(got) + (total ? ' of ' + mb(total) : ''), total ? got / total : 0);
      });
    } catch (e) {
      fail('Could not download the app: ' + e.message + '. Is the page served by web/serve.py (or another server ' +
           'that sends .wasm files)?');
      return;
    }
    manifest = await manifestLoad;
    keep('descent.wasm', wasm);
    setStatus('Starting…', 1);
    window.Module = {
      canvas,
      wasmBinary: wasm,
      descentPage: page,
      print: (text) => console.log(text),
      printErr: (text) => console.error(text),
      onAbort: (what) => fail('The app stopped: ' + what + '. Reloading the page starts it again.'),
      onRuntimeInitialized() {
        const note = manifest ? manifest.train + ' train / ' + manifest.test + ' test images, ' + mb(manifest.bytes) : '';
        const rc = Module.ccall('descent_start', 'number', ['string', 'string'], [location.search, note]);
        if (rc !== 0) {
          fail('Could not create a WebGL2 context for the canvas (see the browser console).');
          return;
        }
        window.descent = bridge;
      },
    };
    const script = document.createElement('script');
    script.src = 'descent.js';
    script.onerror = () => fail('Could not load descent.js.');
    document.body.appendChild(script);
  }
  load();
})();
