import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const src = path.join(here, 'src');

// One HTML entry per area (multi-page build): /book never downloads the console's code. The
// console entry is built when its folder exists (it is built by another part of the app).
const areas = ['book', 'console'].filter((area) => existsSync(path.join(src, area, 'index.html')));

export default defineConfig({
  root: src,
  base: '/',
  publicDir: false,
  // Preact's automatic JSX runtime through Vite's own transformer: no Babel preset needed.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    // No inline scripts or styles anywhere: the edge's CSP forbids 'unsafe-inline'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: Object.fromEntries(areas.map((area) => [area, path.join(src, area, 'index.html')])),
    },
  },
});
