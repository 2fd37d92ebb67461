import { createOrderClient, type OrderClient } from '../../services/grpc/client/create-order-client.js';
import { toOrderCallError } from '../../services/grpc/client/order-call-error.js';
import { parseOrderRequest } from '../../services/grpc/client/parse-order-request.js';
import { toOrderJson } from '../../services/grpc/client/to-order-json.js';
import type { GetOrdersRequest } from '../../services/grpc/generated/rtlab/orders/v1/GetOrdersRequest.js';
import type { OrderStatus } from '../../services/grpc/generated/rtlab/orders/v1/OrderStatus.js';
import type { ScenarioLab } from '../lab/scenario-lab.js';
import type { GrpcAction } from '../schema/action-schema.js';
import type { ActionResult } from './action-result.js';
import { chatOrders, importOrders, StreamScriptError } from './run-grpc-streams.js';

/**
 * One OrderService call through the lab's typed client. A status other than OK is a result
 * (`{ ok: false, status, details }`), for the expectations to check, not a failed action.
 */
export async function runGrpc(
  action: GrpcAction,
  lab: ScenarioLab,
  options: { signal: AbortSignal; timeoutMs: number },
): Promise<ActionResult> {
  const server = lab.services['grpc-server']?.url;
  if (server === undefined) throw new Error('no grpc-server runs in this lab (add the grpc profile)');
  const client = createOrderClient({
    target: new URL(server).host,
    auth: action.token === undefined ? { secret: lab.jwtSecret } : { token: action.token },
    deadlineMs: options.timeoutMs,
  });
  try {
    return { ok: true, status: 'OK', ...(await call(client, action, options.signal)) };
  } catch (error) {
    if (error instanceof StreamScriptError) throw error;
    const failure = toOrderCallError(error);
    return { ok: false, status: failure.statusName, code: failure.code, details: failure.details };
  } finally {
    client.close();
  }
}

async function call(client: OrderClient, action: GrpcAction, signal: AbortSignal): Promise<ActionResult> {
  const { request } = action;
  const id = String(request['id'] ?? '');
  switch (action.call) {
    case 'CreateOrder': {
      const parsed = parseOrderRequest(request);
      if (!parsed.ok)
        throw new Error(
          `grpc CreateOrder request: ${parsed.issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}`,
        );
      return { response: toOrderJson(await client.createOrder(parsed.request, { signal })) };
    }
    case 'GetOrder':
      return { response: toOrderJson(await client.getOrder(id, { signal })) };
    case 'UpdateOrderStatus':
      return {
        response: toOrderJson(await client.updateOrderStatus(id, request['status'] as OrderStatus, { signal })),
      };
    case 'GetOrders': {
      const responses = [];
      for await (const order of client.getOrders(request as GetOrdersRequest, { signal }))
        responses.push(toOrderJson(order));
      return { responses, count: responses.length };
    }
    case 'ImportOrders':
      return importOrders(client, action, signal);
    case 'ChatOrders':
      return chatOrders(client, action, signal);
  }
}
