import { statusChangeHandler } from '../status-change.js';

/** `order.shipped`: paid → shipped. */
export const handler = statusChangeHandler('order.shipped', 'shipped');
