import { MongoServerError } from 'mongodb';
import { expect } from 'vitest';

/** The server's error of a driver call (the driver itself accepts each of these calls). */
export async function serverError(call: Promise<unknown>): Promise<MongoServerError> {
  const error = await call.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(MongoServerError);
  return error as MongoServerError;
}
