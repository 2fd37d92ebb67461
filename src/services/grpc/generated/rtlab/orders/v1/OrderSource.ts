// Original file: proto/orders.proto

export const OrderSource = {
  ORDER_SOURCE_UNSPECIFIED: 'ORDER_SOURCE_UNSPECIFIED',
  GRPC: 'GRPC',
  WEBHOOK: 'WEBHOOK',
  HTTP: 'HTTP',
  /**
   * An order changed by an rtlab command other than `rtlab grpc` (the lab's own tools).
   */
  CLI: 'CLI',
} as const;

export type OrderSource =
  | 'ORDER_SOURCE_UNSPECIFIED'
  | 0
  | 'GRPC'
  | 1
  | 'WEBHOOK'
  | 2
  | 'HTTP'
  | 3
  /**
   * An order changed by an rtlab command other than `rtlab grpc` (the lab's own tools).
   */
  | 'CLI'
  | 4

export type OrderSource__Output = typeof OrderSource[keyof typeof OrderSource]
