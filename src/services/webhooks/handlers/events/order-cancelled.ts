import { statusChangeHandler } from '../status-change.js';

/** `order.cancelled`: created or paid → cancelled. */
export const handler = statusChangeHandler('order.cancelled', 'cancelled');
