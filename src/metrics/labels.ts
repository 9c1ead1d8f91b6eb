/** The metric labels of reference §5.6 and how each is computed from per-minute counters. */
import { z } from "zod";
import type { MetricCounters } from "./counters";

type Sum = { kind: "sum"; counter: keyof MetricCounters };
type Average = { kind: "average"; total: keyof MetricCounters; count: keyof MetricCounters };
export type LabelRule = Sum | Average;

export const STREAM_LABELS: Record<string, LabelRule> = {
  total_put_bytes_per_stream: { kind: "sum", counter: "putBytes" },
  total_get_bytes_per_stream: { kind: "sum", counter: "getBytes" },
  total_put_records_per_stream: { kind: "sum", counter: "putRecords" },
  total_get_records_per_stream: { kind: "sum", counter: "getRecords" },
  total_put_req_latency: { kind: "average", total: "putLatencyMs", count: "putLatencyCount" },
  total_get_req_latency: { kind: "average", total: "getLatencyMs", count: "getLatencyCount" },
  total_put_req_suc_per_stream: { kind: "sum", counter: "putRequests" },
  total_get_req_suc_per_stream: { kind: "sum", counter: "getRequests" },
  traffic_control_put: { kind: "sum", counter: "throttledPuts" },
  traffic_control_get: { kind: "sum", counter: "throttledGets" },
};

export const PARTITION_LABELS: Record<string, LabelRule> = {
  total_put_bytes_per_partition: { kind: "sum", counter: "putBytes" },
  total_get_bytes_per_partition: { kind: "sum", counter: "getBytes" },
  total_put_records_per_partition: { kind: "sum", counter: "putRecords" },
  total_get_records_per_partition: { kind: "sum", counter: "getRecords" },
};

const epochSeconds = z.string().regex(/^\d{10}$/, "must be a 10-digit epoch time in seconds");

/** The query of both metrics operations (reference tables 5-95, 5-99): times in epoch seconds, at most 7 days apart. */
export const metricsQuerySchema = z.object({
  label: z.string().optional(),
  label_list: z.string().optional(),
  start_time: epochSeconds,
  end_time: epochSeconds,
});
