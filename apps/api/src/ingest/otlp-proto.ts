import { parse, type Type } from 'protobufjs';

/**
 * The OTLP trace messages (and google.rpc.Status) as a protobufjs schema, decoded and encoded by
 * protobufjs, a maintained protobuf implementation; no wire format is parsed by hand here.
 *
 * Why a schema in our code: @opentelemetry/otlp-transformer 0.2xx no longer ships OTLP decoders
 * (only a hand-written writer and a response reader), and no maintained npm package publishes
 * the OTLP trace definitions or generated decoders (checked: @opentelemetry/proto,
 * opentelemetry-proto, @opentelemetry/otlp-proto do not exist). The messages below are those of
 * opentelemetry-proto v1 (common/v1/common.proto, resource/v1/resource.proto,
 * trace/v1/trace.proto, collector/trace/v1/trace_service.proto) and google/rpc/status.proto,
 * with their published field numbers. Fields added later upstream are skipped as unknown fields.
 */
const OTLP_TRACE_PROTO = `
syntax = "proto3";

package opentelemetry.proto.common.v1;
message AnyValue {
  oneof value {
    string string_value = 1;
    bool bool_value = 2;
    int64 int_value = 3;
    double double_value = 4;
    ArrayValue array_value = 5;
    KeyValueList kvlist_value = 6;
    bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message InstrumentationScope {
  string name = 1;
  string version = 2;
  repeated KeyValue attributes = 3;
  uint32 dropped_attributes_count = 4;
}
`;

const OTLP_RESOURCE_PROTO = `
syntax = "proto3";
package opentelemetry.proto.resource.v1;
message Resource {
  repeated opentelemetry.proto.common.v1.KeyValue attributes = 1;
  uint32 dropped_attributes_count = 2;
}
`;

const OTLP_SPANS_PROTO = `
syntax = "proto3";
package opentelemetry.proto.trace.v1;
message ResourceSpans {
  opentelemetry.proto.resource.v1.Resource resource = 1;
  repeated ScopeSpans scope_spans = 2;
  string schema_url = 3;
}
message ScopeSpans {
  opentelemetry.proto.common.v1.InstrumentationScope scope = 1;
  repeated Span spans = 2;
  string schema_url = 3;
}
message Span {
  bytes trace_id = 1;
  bytes span_id = 2;
  string trace_state = 3;
  bytes parent_span_id = 4;
  fixed32 flags = 16;
  string name = 5;
  enum SpanKind {
    SPAN_KIND_UNSPECIFIED = 0;
    SPAN_KIND_INTERNAL = 1;
    SPAN_KIND_SERVER = 2;
    SPAN_KIND_CLIENT = 3;
    SPAN_KIND_PRODUCER = 4;
    SPAN_KIND_CONSUMER = 5;
  }
  SpanKind kind = 6;
  fixed64 start_time_unix_nano = 7;
  fixed64 end_time_unix_nano = 8;
  repeated opentelemetry.proto.common.v1.KeyValue attributes = 9;
  uint32 dropped_attributes_count = 10;
  message Event {
    fixed64 time_unix_nano = 1;
    string name = 2;
    repeated opentelemetry.proto.common.v1.KeyValue attributes = 3;
    uint32 dropped_attributes_count = 4;
  }
  repeated Event events = 11;
  uint32 dropped_events_count = 12;
  message Link {
    bytes trace_id = 1;
    bytes span_id = 2;
    string trace_state = 3;
    repeated opentelemetry.proto.common.v1.KeyValue attributes = 4;
    uint32 dropped_attributes_count = 5;
    fixed32 flags = 6;
  }
  repeated Link links = 13;
  uint32 dropped_links_count = 14;
  Status status = 15;
}
message Status {
  reserved 1;
  string message = 2;
  enum StatusCode {
    STATUS_CODE_UNSET = 0;
    STATUS_CODE_OK = 1;
    STATUS_CODE_ERROR = 2;
  }
  StatusCode code = 3;
}
`;

const OTLP_TRACE_SERVICE_PROTO = `
syntax = "proto3";
package opentelemetry.proto.collector.trace.v1;
message ExportTraceServiceRequest {
  repeated opentelemetry.proto.trace.v1.ResourceSpans resource_spans = 1;
}
message ExportTraceServiceResponse {
  ExportTracePartialSuccess partial_success = 1;
}
message ExportTracePartialSuccess {
  int64 rejected_spans = 1;
  string error_message = 2;
}
`;

const GOOGLE_PROTOBUF_ANY_PROTO = `
syntax = "proto3";
package google.protobuf;
message Any { string type_url = 1; bytes value = 2; }
`;

const GOOGLE_RPC_STATUS_PROTO = `
syntax = "proto3";
package google.rpc;
message Status {
  int32 code = 1;
  string message = 2;
  repeated google.protobuf.Any details = 3;
}
`;

function buildRoot() {
  let root = parse(OTLP_TRACE_PROTO).root;
  for (const source of [OTLP_RESOURCE_PROTO, OTLP_SPANS_PROTO, OTLP_TRACE_SERVICE_PROTO, GOOGLE_PROTOBUF_ANY_PROTO, GOOGLE_RPC_STATUS_PROTO]) {
    root = parse(source, root).root;
  }
  return root.resolveAll();
}

const root = buildRoot();

/** The protobufjs message types, resolved once per process. */
export const otlpTypes: {
  ExportTraceServiceRequest: Type;
  ExportTraceServiceResponse: Type;
  RpcStatus: Type;
} = {
  ExportTraceServiceRequest: root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest'),
  ExportTraceServiceResponse: root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse'),
  RpcStatus: root.lookupType('google.rpc.Status'),
};

/** Span.status.code values (trace.proto StatusCode). */
export const SPAN_STATUS_ERROR = 2;

/** Shapes of decoded protobufjs messages (field names in camelCase, 64-bit values as Long). */
export interface PbLong {
  low: number;
  high: number;
  unsigned: boolean;
}
export type PbInt64 = number | PbLong;

export interface PbAnyValue {
  value?: 'stringValue' | 'boolValue' | 'intValue' | 'doubleValue' | 'arrayValue' | 'kvlistValue' | 'bytesValue';
  stringValue: string;
  boolValue: boolean;
  intValue: PbInt64;
  doubleValue: number;
  arrayValue: { values: PbAnyValue[] } | null;
  kvlistValue: { values: PbKeyValue[] } | null;
  bytesValue: Uint8Array;
}
export interface PbKeyValue {
  key: string;
  value: PbAnyValue | null;
}
export interface PbSpan {
  traceId: Uint8Array;
  spanId: Uint8Array;
  parentSpanId: Uint8Array;
  name: string;
  kind: number;
  startTimeUnixNano: PbInt64;
  endTimeUnixNano: PbInt64;
  attributes: PbKeyValue[];
  status: { message: string; code: number } | null;
}
export interface PbScopeSpans {
  scope: { name: string; version: string } | null;
  spans: PbSpan[];
}
export interface PbResourceSpans {
  resource: { attributes: PbKeyValue[] } | null;
  scopeSpans: PbScopeSpans[];
}
export interface PbExportTraceServiceRequest {
  resourceSpans: PbResourceSpans[];
}
