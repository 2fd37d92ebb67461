import { describe, expect, it } from 'vitest';
import { suggestSimilar, toDidYouMean } from './suggest-similar.js';

const services = ['webhooks-receiver', 'webhooks-sender', 'ws-server', 'ws-client', 'mongo'];

describe('suggestSimilar', () => {
  it('finds the name a typo was meant to be: a missing, extra, wrong or swapped letter', () => {
    expect(suggestSimilar('webhook-receiver', services)).toEqual(['webhooks-receiver']);
    expect(suggestSimilar('ws-sever', services)).toEqual(['ws-server']);
    expect(suggestSimilar('webhooks-reciever', services)).toEqual(['webhooks-receiver']);
    expect(suggestSimilar('WS-CLIENT', services)).toEqual(['ws-client']);
  });

  it('suggests nothing for a word that is not close to any, or that is already right', () => {
    expect(suggestSimilar('grafana', services)).toEqual([]);
    expect(suggestSimilar('ws', services)).toEqual([]);
    expect(suggestSimilar('mongo', services)).toEqual([]);
    expect(toDidYouMean('postgres', services)).toBe('');
  });

  it('names every candidate equally close', () => {
    expect(toDidYouMean('ws-xerver', ['ws-server', 'ws-zerver'])).toBe('Did you mean ws-server or ws-zerver?');
  });
});
