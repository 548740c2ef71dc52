/**
 * grpc-js service definitions made straight from a protobufjs reflection root: what
 * @grpc/proto-loader builds, without its descriptor round-trip (which costs a provider start
 * tens of milliseconds). Messages cross the wire as plain objects, the way proto-loader hands
 * them over: fromObject → encode on the way out, decode → toObject(options) on the way in.
 */
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import * as protobuf from 'protobufjs/light';
import { lazy } from '../../kernel/lazy';

/** Plain-object shape of decoded messages: 64-bit integers as strings, enums by name, proto3 defaults filled in, oneof names set. */
export const WIRE_OBJECTS: protobuf.IConversionOptions = { longs: String, enums: String, defaults: true, oneofs: true };

export type ServiceDefinitions = Readonly<Record<string, ServiceDefinition>>;

/** Resolves the message type on first use: a process calls a few of the methods it serves. */
function codec(lookup: () => protobuf.Type, options: protobuf.IConversionOptions) {
  let type: protobuf.Type | undefined;
  const resolved = () => (type ??= lookup());
  return {
    serialize: (value: object): Buffer => {
      const t = resolved();
      return Buffer.from(t.encode(t.fromObject(value as Record<string, unknown>)).finish());
    },
    deserialize: (bytes: Buffer): object => {
      const t = resolved();
      return t.toObject(t.decode(bytes), options);
    },
  };
}

function serviceDefinition(service: protobuf.Service, options: protobuf.IConversionOptions): ServiceDefinition {
  const fullName = service.fullName.replace(/^\./, '');
  const methods: Record<string, MethodDefinition<object, object>> = {};
  for (const method of service.methodsArray) {
    const request = codec(() => service.lookupType(method.requestType), options);
    const response = codec(() => service.lookupType(method.responseType), options);
    methods[method.name] = {
      path: `/${fullName}/${method.name}`,
      requestStream: Boolean(method.requestStream),
      responseStream: Boolean(method.responseStream),
      requestSerialize: request.serialize,
      requestDeserialize: request.deserialize,
      responseSerialize: response.serialize,
      responseDeserialize: response.deserialize,
      originalName: method.name,
    };
  }
  return methods;
}

function collectServices(ns: protobuf.NamespaceBase, out: protobuf.Service[]): void {
  for (const nested of ns.nestedArray) {
    if (nested instanceof protobuf.Service) out.push(nested);
    else if (nested instanceof protobuf.Namespace) collectServices(nested, out);
  }
}

/**
 * Every service of `root`, keyed by full name (`tfplugin6.Provider`), shaped like a proto-loader
 * package definition: grpc-js servers take the values, `grpc.loadPackageDefinition` makes clients.
 */
export function grpcServices(root: protobuf.Root, options: protobuf.IConversionOptions = WIRE_OBJECTS): ServiceDefinitions {
  const services: protobuf.Service[] = [];
  collectServices(root, services);
  return Object.fromEntries(services.map((s) => [s.fullName.replace(/^\./, ''), serviceDefinition(s, options)]));
}

/**
 * A reflection root from a generated descriptor (see tools/build/proto-descriptors.ts).
 * Types resolve their references when first used, not all up front (Root.fromJSON would).
 */
export function rootFromDescriptor(descriptor: object): protobuf.Root {
  const root = new protobuf.Root();
  root.addJSON((descriptor as protobuf.INamespace).nested ?? {});
  return root;
}

/** A generated descriptor's reflection root and service definitions, each made on first use. */
export function lazyProtocol(descriptor: object, options: protobuf.IConversionOptions = WIRE_OBJECTS): { root: () => protobuf.Root; services: () => ServiceDefinitions } {
  const root = lazy(() => rootFromDescriptor(descriptor));
  return { root, services: lazy(() => grpcServices(root(), options)) };
}
