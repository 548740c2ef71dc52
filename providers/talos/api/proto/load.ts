/**
 * The part of the Talos API we use (written from the Talos v1.13 facts), from the descriptor
 * generated out of the .proto files beside this module (`npm run generate:proto`). Decoded
 * messages: field names as on the wire, 64-bit integers as strings, enums by name, proto3
 * defaults filled in (WIRE_OBJECTS).
 */
import { lazyProtocol } from '../../../runtime/proto/grpc-services';
import { TALOS_API_DESCRIPTOR } from './generated/talos-api';

const protocol = lazyProtocol(TALOS_API_DESCRIPTOR);

/** The protobufjs root holding every Talos message we declare (used to decode COSI specs). */
export const talosProtoRoot = protocol.root;

/** grpc-js service definitions for machine.MachineService, storage.StorageService and cosi.resource.State. */
export const talosPackageDefinition = protocol.services;
