// The page is served by baoxue-server from web_root; relative asset paths let
// it live at any mount point. `npm run dev` proxies the API to a local server.
import { defineConfig } from 'vite';

const server = process.env.BAOXUE_HTTP || 'http://127.0.0.1:50180';

export default defineConfig({
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1200 },
  server: { proxy: { '/api': server, '/print': server } },
});
