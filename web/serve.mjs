// serve.mjs: what the node drivers of the page share (tests/browser/run.mjs, bench/browser/run.mjs):
// web/serve.py started as a child on a free port of 127.0.0.1, and the flags for Debian's Chromium
// headless. Plain node, no packages; not copied into the site (web/CMakeLists.txt takes *.js only).
// Usage: const server = await startServer('build/wasm/web', ['/peers=bench/browser']);
//        ... server.url ...; server.proc.kill();
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVE_PY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'serve.py');

export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                               '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// Serves dir (plus each '/URL=FOLDER' mount); resolves to { proc, url } once listening, or throws.
export async function startServer(dir, mounts = []) {
  const portFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'descent-serve-')), 'port');
  const args = [SERVE_PY, dir, '--port', '0', '--quiet', '--port-file', portFile];
  for (const m of mounts) args.push('--mount', m);
  const proc = spawn('python3', args, { stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 100 && !fs.existsSync(portFile); i++) await new Promise((r) => setTimeout(r, 100));
  if (!fs.existsSync(portFile)) {
    proc.kill();
    throw new Error('web/serve.py did not start (is the page built in ' + dir + '?)');
  }
  return { proc, url: `http://127.0.0.1:${fs.readFileSync(portFile, 'utf8').trim()}/` };
}
