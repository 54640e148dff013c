import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * The production-like stack of docker-compose.yml (docs/scaling.md) cannot run here (no Docker
 * engine, no Collector binary), so its shape is checked: two API replicas with the same settings
 * behind nginx, live updates through Redis, and a Collector whose otlphttp exporter reaches
 * Closewatch through the load balancer with the ingest key, batching and retrying.
 */
const root = join(__dirname, '..', '..', '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

interface Service {
  image?: string;
  build?: string;
  environment?: Record<string, string | number>;
  volumes?: string[];
  depends_on?: Record<string, unknown> | string[];
  ports?: string[];
}

describe('docker-compose.yml production-like stack', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
  const services = compose.services;
  const settings = new Set(
    read('.env.example')
      .split('\n')
      .map((l) => /^([A-Z][A-Z0-9_]*)=/.exec(l)?.[1])
      .filter((name): name is string => !!name),
  );

  it('runs PostgreSQL, Redis, two API replicas, a load balancer and a Collector', () => {
    expect(Object.keys(services).sort()).toEqual(['api-1', 'api-2', 'lb', 'otel-collector', 'postgres', 'redis']);
  });

  it('gives both replicas the same build and settings, live updates through Redis, and only documented settings', () => {
    const [a, b] = [services['api-1'], services['api-2']];
    expect(a.build).toBe('.');
    expect(b.environment).toEqual(a.environment);
    expect(a.environment).toMatchObject({ REDIS_URL: 'redis://redis:6379', CLOSEWATCH_LIVE_ADAPTER: 'redis' });
    expect(String(a.environment!.DATABASE_URL)).toMatch(/@postgres:5432\//);
    for (const name of Object.keys(a.environment!)) expect(settings).toContain(name);
    // The second replica starts after the first (migrations, the audit key in the shared volume).
    expect(b.depends_on).toMatchObject({ 'api-1': { condition: 'service_healthy' } });
  });

  it('balances both replicas with WebSocket upgrades and sticky clients for socket.io long-polling', () => {
    const lb = services.lb;
    const mount = lb.volumes!.find((v) => v.includes('nginx'))!;
    const conf = read(mount.split(':')[0].replace(/^\.\//, ''));
    expect(conf).toMatch(/server api-1:3000/);
    expect(conf).toMatch(/server api-2:3000/);
    expect(conf).toMatch(/ip_hash;/);
    expect(conf).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(conf).toMatch(/proxy_set_header Connection \$connection_upgrade;/);
    expect(lb.ports).toContain('8080:8080');
    expect(conf).toMatch(/listen 8080;/);
  });

  it('has the Collector batch and export OTLP/HTTP to Closewatch through the load balancer, retrying 429 and 503', () => {
    const collector = services['otel-collector'];
    const mount = collector.volumes!.find((v) => v.endsWith(':ro') && v.includes('config'))!;
    const path = mount.split(':')[0].replace(/^\.\//, '');
    expect(existsSync(join(root, path))).toBe(true);
    const config = parse(read(path)) as {
      receivers: { otlp: { protocols: Record<string, unknown> } };
      processors: Record<string, Record<string, unknown>>;
      exporters: Record<
        string,
        { endpoint: string; headers: Record<string, string>; retry_on_failure: { enabled: boolean }; sending_queue: { enabled: boolean } }
      >;
      service: { pipelines: { traces: { receivers: string[]; processors: string[]; exporters: string[] } } };
    };
    expect(Object.keys(config.receivers.otlp.protocols).sort()).toEqual(['grpc', 'http']);
    const pipeline = config.service.pipelines.traces;
    expect(pipeline.receivers).toEqual(['otlp']);
    expect(pipeline.processors).toContain('batch');
    expect(pipeline.processors.at(-1)).toBe('batch');
    for (const p of pipeline.processors) expect(config.processors[p]).toBeDefined();
    expect(Number(config.processors.batch.send_batch_size)).toBeLessThanOrEqual(2000);

    expect(pipeline.exporters).toHaveLength(1);
    const exporterName = pipeline.exporters[0];
    expect(exporterName.split('/')[0]).toBe('otlphttp');
    const exporter = config.exporters[exporterName];
    // The otlphttp exporter appends /v1/traces (Closewatch's OTLP endpoint) to its endpoint.
    expect(exporter.endpoint).toBe('http://lb:8080');
    expect(exporter.headers.Authorization).toBe('Bearer ${env:CLOSEWATCH_INGEST_KEY}');
    expect(collector.environment).toHaveProperty('CLOSEWATCH_INGEST_KEY');
    // otlphttp retries 429, 502, 503 and 504 (honouring Retry-After) when retry_on_failure is on.
    expect(exporter.retry_on_failure.enabled).toBe(true);
    expect(exporter.sending_queue.enabled).toBe(true);
  });
});
