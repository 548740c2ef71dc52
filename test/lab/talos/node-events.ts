/**
 * machined's event buffer as the Events API serves it: in memory (a boot starts it empty), at most
 * EVENT_BUFFER_SIZE events, each with a time-ordered xid, replayed by tail_events / tail_seconds /
 * tail_id and then followed live. Only sequence events are recorded: they are what Talos clients
 * (CACPPT's "nodes finished booting" check, `talosctl events`) act on, and every event type a
 * client cannot decode would fail its watch.
 */
import { randomBytes } from 'node:crypto';
import { talosProtoRoot } from '../../../providers/talos/api/proto/load';
import { RpcError } from './rpc-error';
import { status } from '@grpc/grpc-js';

export const EVENT_BUFFER_SIZE = 1000;
export const SEQUENCE_EVENT_TYPE_URL = 'talos/runtime/machine.SequenceEvent';

export type SequenceName = 'initialize' | 'install' | 'boot' | 'reboot' | 'shutdown' | 'reset' | 'upgrade';

export interface LoggedEvent {
  readonly id: string;
  readonly at: number;
  readonly typeUrl: string;
  readonly value: Buffer;
  readonly actorId: string;
}

export interface EventsRequest {
  readonly tail_events?: number;
  readonly tail_id?: string;
  readonly tail_seconds?: number;
  /** Only events of this actor (an API call that started a sequence). */
  readonly with_actor_id?: string;
}

const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';
const XID = /^[0-9a-v]{20}$/;
const machineId = randomBytes(3);
let counter = randomBytes(3).readUIntBE(0, 3);

/** github.com/rs/xid: 4 bytes seconds, 3 machine, 2 pid, 3 counter; 20 chars of lower-case base32hex. */
export function newXid(now = Date.now()): string {
  const b = Buffer.alloc(12);
  b.writeUInt32BE(Math.floor(now / 1000) >>> 0, 0);
  machineId.copy(b, 4);
  b.writeUInt16BE(process.pid & 0xffff, 7);
  counter = (counter + 1) & 0xffffff;
  b.writeUIntBE(counter, 9, 3);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of b) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32HEX[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out + BASE32HEX[(value << (5 - bits)) & 31];
}

export class NodeEventLog {
  private events: LoggedEvent[] = [];
  private readonly watchers = new Set<(event: LoggedEvent) => void>();

  /** machined starts with an empty buffer on every boot. */
  restart(): void {
    this.events = [];
  }

  sequence(name: SequenceName, action: 'START' | 'STOP', actorId = ''): void {
    const type = talosProtoRoot().lookupType('machine.SequenceEvent');
    const value = Buffer.from(type.encode(type.fromObject({ sequence: name, action })).finish());
    this.record({ id: newXid(), at: Date.now(), typeUrl: SEQUENCE_EVENT_TYPE_URL, value, actorId });
  }

  /** The buffered events a request replays before following. */
  backlog(req: EventsRequest, now = Date.now()): readonly LoggedEvent[] {
    const tailEvents = req.tail_events ?? 0;
    if (tailEvents !== 0) return tailEvents < 0 ? [...this.events] : this.events.slice(-tailEvents);
    if (req.tail_id) {
      if (!XID.test(req.tail_id)) throw new RpcError(status.INVALID_ARGUMENT, `invalid tail ID ${JSON.stringify(req.tail_id)}: xid: invalid ID`);
      const at = this.events.findIndex((e) => e.id === req.tail_id);
      return at < 0 ? [...this.events] : this.events.slice(at + 1);
    }
    if ((req.tail_seconds ?? 0) > 0) return this.events.filter((e) => e.at >= now - (req.tail_seconds as number) * 1000);
    return [];
  }

  /** Calls `fn` for each new event until the returned function is called. */
  follow(fn: (event: LoggedEvent) => void): () => void {
    this.watchers.add(fn);
    return () => this.watchers.delete(fn);
  }

  private record(event: LoggedEvent): void {
    this.events.push(event);
    if (this.events.length > EVENT_BUFFER_SIZE) this.events.splice(0, this.events.length - EVENT_BUFFER_SIZE);
    for (const fn of [...this.watchers]) fn(event);
  }
}

/** The wire form of a logged event (machine.Event). */
export function eventMessage(event: LoggedEvent): object {
  return { metadata: null, data: { type_url: event.typeUrl, value: event.value }, id: event.id, actor_id: event.actorId };
}
