/**
 * The part of the Talos API we use (written from the Talos v1.13 facts), from the descriptor
 * generated out of the .proto files beside this module (`npm run generate:proto`).
 */
import type * as protobuf from 'protobufjs/light';
import { grpcServices, rootFromDescriptor, WIRE_OBJECTS, type ServiceDefinitions } from '../../../runtime/proto/grpc-services';
import { TALOS_API_DESCRIPTOR } from './generated/talos-api';

/** Field names as on the wire, 64-bit integers as strings, enums by name, proto3 defaults filled in. */
export const TALOS_WIRE_OBJECTS = WIRE_OBJECTS;

let cachedRoot: protobuf.Root | undefined;
let cachedServices: ServiceDefinitions | undefined;

/** The protobufjs root holding every Talos message we declare (used to decode COSI specs). */
export function talosProtoRoot(): protobuf.Root {
  cachedRoot ??= rootFromDescriptor(TALOS_API_DESCRIPTOR);
  return cachedRoot;
}

/** grpc-js service definitions for machine.MachineService, storage.StorageService and cosi.resource.State. */
export function talosPackageDefinition(): ServiceDefinitions {
  cachedServices ??= grpcServices(talosProtoRoot(), TALOS_WIRE_OBJECTS);
  return cachedServices;
}
