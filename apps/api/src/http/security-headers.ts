import { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

type Directives = NonNullable<Exclude<HelmetOptions['contentSecurityPolicy'], boolean | undefined>['directives']>;

/**
 * The dashboard's policy: only its own scripts, styles and data. `connect-src 'self'` also
 * covers socket.io's ws:/wss: connection to the same host (CSP Level 3). Inline style
 * attributes that React and recharts set through the DOM are not inline styles to CSP.
 */
const APP_POLICY: Directives = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  imgSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
};

/** Swagger UI (/api/docs) writes its own `<style>` blocks into the page. */
const DOCS_POLICY: Directives = { ...APP_POLICY, styleSrc: ["'self'", "'unsafe-inline'"] };

const common: HelmetOptions = {
  // HSTS belongs to whatever terminates TLS in front; the app itself may be served over HTTP.
  strictTransportSecurity: false,
  referrerPolicy: { policy: 'no-referrer' },
  xFrameOptions: { action: 'deny' },
};

/**
 * Security headers on every answer (helmet): CSP with frame-ancestors 'none', X-Frame-Options,
 * X-Content-Type-Options nosniff, Referrer-Policy and helmet's other defaults.
 */
export function securityHeaders(): RequestHandler {
  const app = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: APP_POLICY } });
  const docs = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: DOCS_POLICY } });
  return (req: Request, res: Response, next: NextFunction) => (/^\/api\/docs(\/|$)/.test(req.path) ? docs : app)(req, res, next);
}
