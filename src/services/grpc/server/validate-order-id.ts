import { orderIdSchema } from '../../visible-text-schema.js';
import { invalidArgument, type RpcError } from './rpc-error.js';

/** INVALID_ARGUMENT for an id no order of the lab can have (empty, too long, control characters); undefined when it may be one. */
export function validateOrderId(id: string, field: string): RpcError | undefined {
  const parsed = orderIdSchema.safeParse(id);
  if (parsed.success) return undefined;
  return invalidArgument([{ field, description: parsed.error.issues[0]?.message ?? 'is not an order id' }]);
}
