import { statusChangeHandler } from '../status-change.js';

/** `order.paid`: created → paid. */
export const handler = statusChangeHandler('order.paid', 'paid');
