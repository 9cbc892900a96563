/**
 * Response headers that keep the PWA from being framed, sniffed, leaking URLs (invite links, doc
 * ids) in Referer, or running injected script. The CSP allows no inline script: index.html loads one
 * module from /assets, the service worker is registered from that bundle (vite-plugin-pwa with
 * injectRegister: false) and workbox's sw.js is a same-origin file. Styles from Solid's `style`
 * props go through the CSSOM, which CSP does not block, so style-src needs no 'unsafe-inline'.
 * img-src allows data:/blob: for QR codes, signatures and photo previews made on the device.
 */
import type { ServerResponse } from 'node:http'

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  // 'self' covers same-origin ws:/wss: (the sync socket) in CSP Level 3 browsers.
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

/** Camera only for this origin (photos of grid events/proposals); nothing else the app doesn't use. */
export const PERMISSIONS_POLICY =
  'camera=(self), microphone=(), geolocation=(), payment=(), usb=(), display-capture=(), fullscreen=(self)'

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Permissions-Policy': PERMISSIONS_POLICY,
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
}

/** Sets the headers on every response (static files, /api, /healthz) before a handler writes. */
export function setSecurityHeaders(res: ServerResponse): void {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v)
}
