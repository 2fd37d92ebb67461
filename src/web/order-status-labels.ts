import type { OrderStatus } from '../lab-events.js';

/** Order statuses as the dashboard names them; the API's names (`paid`, `PAID`) stay in `data-status`. */
export const orderStatusLabels: Readonly<Record<OrderStatus, string>> = {
  created: 'Creado',
  paid: 'Pagado',
  shipped: 'Enviado',
  cancelled: 'Cancelado',
};

export function toStatusLabel(status: string): string {
  return orderStatusLabels[status.toLowerCase() as OrderStatus] ?? status;
}
