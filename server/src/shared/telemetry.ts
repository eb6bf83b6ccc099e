import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics of one server instance (its own registry, so several
 * instances in one test process do not mix). Gauges that read the database
 * are registered by the HTTP server, which owns the ORM.
 */
export class Telemetry {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'hak_akses_http_requests_total',
    help: 'HTTP requests by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'hak_akses_http_request_duration_seconds',
    help: 'HTTP request latency by route.',
    labelNames: ['route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly graphqlOperations = new Counter({
    name: 'hak_akses_graphql_operations_total',
    help: 'GraphQL operations by root field, type and outcome (ok or the error code).',
    labelNames: ['field', 'type', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly graphqlDuration = new Histogram({
    name: 'hak_akses_graphql_operation_duration_seconds',
    help: 'GraphQL operation latency by root field.',
    labelNames: ['field'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly deliveryLatency = new Histogram({
    name: 'hak_akses_message_delivery_seconds',
    help: 'From outbox commit to acceptance by the provider, by channel.',
    labelNames: ['channel'] as const,
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });
  readonly sweepRuns = new Counter({
    name: 'hak_akses_expiry_sweep_runs_total',
    help: 'Expiry sweeps run by this instance.',
    registers: [this.registry],
  });
  readonly sweepCancelled = new Counter({
    name: 'hak_akses_expiry_sweep_cancelled_total',
    help: 'Accounts cancelled by the 30-day rule in sweeps of this instance.',
    registers: [this.registry],
  });

  readonly legacyWarned = new Counter({
    name: 'hak_akses_legacy_claim_warnings_total',
    help: 'Claim-deadline warnings queued for OSS 1.1 accounts by this instance.',
    registers: [this.registry],
  });
  readonly legacyRemoved = new Counter({
    name: 'hak_akses_legacy_removed_total',
    help: 'Unclaimed OSS 1.1 accounts removed after the claim deadline by this instance.',
    registers: [this.registry],
  });

  readonly retentionAnonymised = new Counter({
    name: 'hak_akses_retention_anonymised_total',
    help: 'Cancelled accounts anonymised at the end of the retention period by this instance.',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'hak_akses_' });
  }

  gauge(name: string, help: string, labelNames: string[], collect: (g: Gauge<string>) => Promise<void>): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        await collect(this);
      },
    });
  }
}
