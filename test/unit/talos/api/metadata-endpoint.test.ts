import { replyFailure, routingMetadata } from '../../../../providers/talos/api/metadata';
import { parseEndpoint } from '../../../../providers/talos/api/endpoint';

describe('routingMetadata', () => {
  it('sets a single node value', () => {
    expect(routingMetadata({ node: '10.0.0.2' }).get('node')).toEqual(['10.0.0.2']);
  });

  it('repeats the nodes key for fan-out', () => {
    const md = routingMetadata({ nodes: ['10.0.0.2', '10.0.0.3'] });
    expect(md.get('nodes')).toEqual(['10.0.0.2', '10.0.0.3']);
    expect(md.get('node')).toEqual([]);
  });

  it('sends nothing without routing and rejects empty targets', () => {
    expect(routingMetadata(undefined).getMap()).toEqual({});
    expect(() => routingMetadata({ node: '' })).toThrow(/node is empty/);
    expect(() => routingMetadata({ nodes: [] })).toThrow(/nodes is empty/);
  });
});

describe('replyFailure', () => {
  it('reads a fan-out failure from common.Metadata', () => {
    expect(replyFailure({ hostname: '10.0.0.3', error: 'rpc error: code = Unavailable', status: { code: 14, message: 'connection refused' } })).toEqual({
      hostname: '10.0.0.3',
      code: 14,
      message: 'connection refused',
    });
  });

  it('is undefined for successful or undecorated replies', () => {
    expect(replyFailure(null)).toBeUndefined();
    expect(replyFailure({ hostname: '10.0.0.3', error: '', status: null })).toBeUndefined();
  });

  it('uses the error text and Unknown when the status is missing', () => {
    expect(replyFailure({ hostname: 'n', error: 'boom', status: null })).toEqual({ hostname: 'n', code: 2, message: 'boom' });
  });
});

describe('parseEndpoint', () => {
  it.each([
    ['10.0.0.2', '10.0.0.2', 50000, '10.0.0.2:50000'],
    ['10.0.0.2:50001', '10.0.0.2', 50001, '10.0.0.2:50001'],
    ['https://node1.lab:50000/', 'node1.lab', 50000, 'node1.lab:50000'],
    ['fd00::2', 'fd00::2', 50000, '[fd00::2]:50000'],
    ['[fd00::2]:6000', 'fd00::2', 6000, '[fd00::2]:6000'],
  ])('%s', (input, host, port, address) => {
    expect(parseEndpoint(input)).toEqual({ host, port, address });
  });

  it('rejects empty, http and malformed endpoints with the fix', () => {
    expect(() => parseEndpoint('')).toThrow(/endpoint is empty/);
    expect(() => parseEndpoint('http://10.0.0.2')).toThrow(/only https/);
    expect(() => parseEndpoint('10.0.0.2:0')).toThrow(/port must be 1-65535/);
    expect(() => parseEndpoint('a:b:c')).toThrow(/\[addr\]:port/);
  });
});
