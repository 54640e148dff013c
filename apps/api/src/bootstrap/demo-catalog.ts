import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The simulator's catalog (apps/simulator/demo-catalog.yaml), found relative to this compiled
 * file the same way demo-simulator.ts finds the simulator: apps/api/{src,dist}/bootstrap → apps.
 */
export function demoCatalogPath(): string {
  return join(__dirname, '..', '..', '..', 'simulator', 'demo-catalog.yaml');
}

/** The file's text, or undefined when there is no such file. */
export function readCatalogFile(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}
