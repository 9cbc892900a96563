/**
 * The hand-written part of docs/security.md (accounts, sessions, web hardening), kept here so the
 * whole file stays generated (npm run docs:security) and the access tables cannot drift.
 */
export const SECURITY_PROSE = `
## Role grants and members

- Ranks: admin (global flag) > chair > secretary > every other role (\`src/domain/access/grants.ts\`, used by
  the server and by the invite form). Nobody grants, revokes or changes a role at or above their own rank,
  nor changes the roles of a person who holds such a role in the council; only admins appoint a chair;
  nobody changes their own roles (not even admins). \`admin\` is never granted through the API.
- Every grant, invitation, revoke and activation is audit-logged: \`userId\` (who), \`detail.member\` (whom),
  \`detail.role\` (what), \`at\` (when); target = the council.
- Removing a member (\`DELETE /api/councils/<id>/members/<userId>\`, or one role with \`/<role>\`), and every
  grant, emits \`accessChanges\` (\`onAccessChanged(userId, councilId)\`, server/access/accessChanges.ts),
  which server/access/revocation.ts turns into a re-check of that person's open connections in the
  council on every process (see "Revocation" above). A person left in no council also loses every
  refresh token; an access token already issued lapses within 15 minutes (and opens nothing, since
  every connection decides access from the memberships as they are).

## Invitations

Invitations are per (person, council). An inviter creates or resets only their own council's invitation;
its 6-digit code (scrypt-hashed) grants only that council's invited roles. Activating with the code sets
the password only if the account has none. An account that already has a password is never re-keyed:
inviting it adds the role directly (no code), and accepting another council's pending invitation needs
the current password as well as that council's code. So one council's inviter cannot take over a person
invited by another council, and the invitee's own code keeps working. Scope fields are kept only for the
roles that use them (building head: buildings, unit head: units, resident: flats).

## Login

- Lockout per phone, in the account store (shared by all server processes): after 5 wrong passwords the
  phone is locked for 5 minutes, and each further lockout without a successful login in between lasts
  twice as long (10, 20, … minutes, at most 24 hours). While locked, **even the correct password is
  refused** (429, message "该手机号因连续多次密码错误已被暂时锁定，请 N 分钟后再试；如需立即解锁，请联系管理员",
  \`Retry-After\`). Unknown phones are counted and locked the same way. An admin unlocks a phone with
  \`POST /api/admin/unlock\` (audit-logged). Invite-code activation has its own lockout per phone.
- Trade-off: anyone who knows a phone number can keep that person locked out of *server* login. Offline
  login on a device they used before still works (local verifier), and an admin can unlock.
- Equal time: a login for an unknown phone (or an account without password) verifies against a dummy
  scrypt hash, so known and unknown phones cost one scrypt each (tests/server/accountsHardening.test.ts).
- The per-address limit stays (50 login attempts per 15 minutes per IP, per process).

## Sessions and their threat model

What a signed-in device keeps, and where:

| what | where | lifetime | readable by page scripts |
|---|---|---|---|
| access token (JWT) | localStorage (\`yishi:auth:session\`) | 15 minutes | yes |
| refresh token | HttpOnly cookie \`yishi_refresh\`, SameSite=Strict, Path=/api/, Secure over https | 30 days, rotated on every use | **no** |
| profile, memberships, councils | localStorage | until logout | yes |
| offline-login verifier (PBKDF2 of the password) | localStorage (\`yishi:auth:accounts\`) | per device, 12 people max | yes |
| documents, pending edits | IndexedDB (per user scope) | until removed | yes |

Choice: the long-lived secret (refresh token) moved from localStorage into an HttpOnly cookie. The browser
app asks for it with \`X-Yishi-Session: cookie\` on login/setup/activate/refresh; the JSON answer then holds
no refresh token at all. API clients that do not send the header (scripts, tests) keep getting it in the
body. A session stored by an older version sends its token once in the body of its next refresh and gets
the cookie back.

- **XSS** (an injected script): the strict CSP makes it hard to get one in. If one runs, it can act as the
  user while the page is open and read the 15-minute access token, but it cannot read the refresh token,
  so it cannot keep access after the tab is gone. The offline verifier is a slow PBKDF2 hash, not a
  credential the server accepts.
- **CSRF on /api/refresh and other POSTs**: the cookie is SameSite=Strict (never sent from another site),
  the cookie is only honoured together with the custom \`X-Yishi-Session\` header (a cross-site page cannot
  send it without a CORS preflight, which the server never grants), and every mutating /api call with a
  foreign \`Origin\` (or \`Sec-Fetch-Site: cross-site\`) is refused before any handler runs. Other API calls
  authenticate with the \`Authorization\` header, which browsers never attach on their own.
- **Stolen refresh token**: tokens rotate within a *family* (one per login). Presenting an already
  rotated token means two copies exist; the server revokes the whole family (thief and owner both log in
  again) and writes an audit entry \`refresh.reuse\` (\`target: user/<id>\`). Tabs share the cookie and
  renew under a Web Lock, so they do not trip this themselves.
- **Shared tablet**: one cookie per browser. When someone else signs in, the previous person's cookie is
  replaced; their next renewal sees another user's session, discards it and asks for their password.
  Logout revokes the family and clears the cookie (when online; offline it is replaced at the next login).
- **Offline**: nothing here needs the network — offline login checks the local verifier; tokens are
  renewed when the device is back online.

## Web hardening

- Every response carries: \`Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self';
  img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self';
  object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'\`, \`X-Frame-Options: DENY\`,
  \`Referrer-Policy: no-referrer\`, \`X-Content-Type-Options: nosniff\`, \`Permissions-Policy\` (camera for this
  origin only, no microphone/geolocation/payment/usb/display-capture), \`Cross-Origin-Opener-Policy\` and
  \`Cross-Origin-Resource-Policy: same-origin\` (server/http/securityHeaders.ts).
- No inline script, no inline style, no eval: index.html loads one module; the service worker is
  registered from the bundle (vite-plugin-pwa \`injectRegister: false\`); zod runs jitless
  (src/zodConfig.ts); tiptap's injected \`<style>\` is off and its base CSS lives in minutes-editor.css.
  tests/e2e/csp.spec.ts walks install, minutes editor, charts, a print view, the QR notice and an offline
  reload and requires zero CSP violations.
- Allowed origins (\`YISHI_ALLOWED_ORIGINS\`, comma-separated; default: the request's own Host): websocket
  upgrades and mutating /api calls from any other \`Origin\` are refused (403). Requests without \`Origin\`
  (non-browser clients) carry no ambient credentials and are judged by their token.
- Photo uploads: at most \`YISHI_BLOB_QUOTA_MB_PER_DAY\` (default 200) MB of new photos per person per UTC
  day, counted in the account store; re-sending a stored photo costs nothing.
- Ruled fields that must not hold personal data: the redacted case list's \`assignees\` and \`lead\` must
  be account ids (\`isAccountId\` in src/domain/mediation/writeRules.ts: the store's \`u_\` + 16 hex form, or
  a short id starting with a letter with no run of 7 digits); a phone or ID number there is refused
  (tests/server/caseListIds.test.ts). A format check cannot stop a hostile client from encoding a few
  digits into a well-formed id; the entry still carries no names.
`
