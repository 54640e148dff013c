import { runAuditVerify } from './audit/audit-verify-cli';

/** `npm run audit:verify -- EXPORT.json [--public-key FILE]` (docs/audit.md, "Export"). */
void runAuditVerify(
  process.argv.slice(2),
  (text) => process.stdout.write(text),
  (text) => process.stderr.write(text),
).then((code) => (process.exitCode = code));
