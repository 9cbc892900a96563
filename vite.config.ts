import { defineConfig } from 'vite'
import solid from 'vite-plugin-solid'
import { VitePWA } from 'vite-plugin-pwa'

export default defineConfig({
  plugins: [
    solid(),
    VitePWA({
      strategies: 'generateSW',
      registerType: 'prompt',
      // Registered by src/ui/serviceWorker.ts with workbox-window (update prompt).
      injectRegister: false,
      includeAssets: ['icons/*.png'],
      manifest: {
        name: '议事通 · Yishi',
        short_name: '议事通',
        description: '小区议事会的离线优先协作工具',
        lang: 'zh-CN',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: '#b91c1c',
        background_color: '#f7f4ef',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The whole shell, lazy route chunks included, so the app starts with no network.
        globPatterns: ['**/*.{js,css,html,png,svg,ico,webmanifest}'],
        // exceljs (~260 KB gz) only serves .xlsx roll import, which needs the network anyway:
        // not precached, so installing the app stays light; it loads when someone picks a .xlsx.
        globIgnores: ['**/exceljs*.js'],
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/sync(\/|$)/, /^\/api(\/|$)/, /^\/healthz$/],
        // First install takes control of the open page right away, so the very first visit is
        // already offline-capable; updates still wait for the user's "重新加载" (no skipWaiting).
        clientsClaim: true,
        skipWaiting: false,
        cleanupOutdatedCaches: true,
      },
      devOptions: { enabled: false },
    }),
  ],
  build: {
    target: 'es2020',
    sourcemap: false,
  },
  server: {
    proxy: {
      // `npm run dev` + `npm run serve`: forward sync to the real server.
      '/sync': { target: 'ws://localhost:8787', ws: true },
      '/api': 'http://localhost:8787',
    },
  },
})
