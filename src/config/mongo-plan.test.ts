import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { toMongoPlan } from './mongo-plan.js';

const settings = { mongoUrl: undefined, mongoPort: 27017, home: '/lab/.rtlab' };

describe('the MongoDB plan', () => {
  it('is the embedded engine by default, on MONGO_PORT with its data under RTLAB_HOME', () => {
    expect(toMongoPlan(undefined, settings)).toEqual({ kind: 'lite', port: 27017, dataDir: '/lab/.rtlab/data' });
  });

  it('is MONGO_URL when set, and --mongo wins over it', () => {
    const withUrl = { ...settings, mongoUrl: 'mongodb://db:27017' };
    expect(toMongoPlan(undefined, withUrl)).toEqual({ kind: 'url', url: 'mongodb://db:27017' });
    expect(toMongoPlan('lite', withUrl)).toMatchObject({ kind: 'lite' });
    expect(toMongoPlan('memory', withUrl)).toEqual({ kind: 'memory' });
    expect(toMongoPlan('mongodb+srv://u:p@cluster.example.net/x', withUrl)).toEqual({
      kind: 'url',
      url: 'mongodb+srv://u:p@cluster.example.net/x',
    });
  });

  it('refuses a --mongo that is none of them, with an example', () => {
    expect(() => toMongoPlan('postgres://x', settings)).toThrow(UsageError);
    expect(() => toMongoPlan('postgres://x', settings)).toThrow(
      '--mongo "postgres://x" is not lite, memory or a mongodb:// connection string.',
    );
  });
});
