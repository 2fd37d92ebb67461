// Original file: proto/orders.proto

/**
 * Enum values are scoped to the package in proto3, hence the prefixed zero values.
 */
export const OrderStatus = {
  ORDER_STATUS_UNSPECIFIED: 'ORDER_STATUS_UNSPECIFIED',
  CREATED: 'CREATED',
  PAID: 'PAID',
  SHIPPED: 'SHIPPED',
  CANCELLED: 'CANCELLED',
} as const;

/**
 * Enum values are scoped to the package in proto3, hence the prefixed zero values.
 */
export type OrderStatus =
  | 'ORDER_STATUS_UNSPECIFIED'
  | 0
  | 'CREATED'
  | 1
  | 'PAID'
  | 2
  | 'SHIPPED'
  | 3
  | 'CANCELLED'
  | 4

/**
 * Enum values are scoped to the package in proto3, hence the prefixed zero values.
 */
export type OrderStatus__Output = typeof OrderStatus[keyof typeof OrderStatus]
