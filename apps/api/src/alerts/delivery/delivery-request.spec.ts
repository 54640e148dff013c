import { type OpenLineageRunEvent } from '@closewatch/contracts/openlineage';
import { openLineageRequest } from './delivery-request';

describe(openLineageRequest.name, () => {
  const event = { eventType: 'START', eventTime: '2026-12-01T00:00:00.000Z' } as OpenLineageRunEvent;

  it('posts the event as it is to {url}/api/v1/lineage with the delivery id', () => {
    const r = openLineageRequest({ url: 'http://marquez:5000/', apiKey: undefined }, event, 'n-1');
    expect(r.url).toBe('http://marquez:5000/api/v1/lineage');
    expect(JSON.parse(r.body)).toEqual(event);
    expect(r.headers).toMatchObject({ 'content-type': 'application/json', 'x-closewatch-delivery': 'n-1' });
    expect(r.headers.authorization).toBeUndefined();
  });

  it('sends the API key as a bearer token when one is set', () => {
    expect(openLineageRequest({ url: 'https://lineage.example', apiKey: 'k' }, event, 'n-1').headers.authorization).toBe('Bearer k');
  });
});
