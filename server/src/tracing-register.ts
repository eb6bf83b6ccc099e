// First import of main.ts: tracing (when OTEL_EXPORTER_OTLP_ENDPOINT is set) must patch http, pg and
// graphql before anything loads them.
import { startTracing } from './shared/tracing';

startTracing();
