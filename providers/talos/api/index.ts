/** Talos API client: public surface. */
export { TalosClient, TALOS_MAX_MESSAGE_BYTES, DEFAULT_CALL_TIMEOUT_MS, type TalosClientOptions, type TalosCallOptions } from './client';
export { type TalosAuth, type TalosClientCertificate, mtlsChannelCredentials, maintenanceChannelCredentials } from './credentials';
export { parseEndpoint, TALOS_API_PORT, type TalosEndpoint } from './endpoint';
export { TalosApiError, classifyGrpcError, isTransientTalosError, grpcCodeName, type TalosErrorKind, type GrpcCodeName } from './errors';
export { extractKubeconfig } from './kubeconfig-archive';
export { readTar, type TarEntry } from './tar';
export { routingMetadata, replyFailure, type Routing } from './metadata';
export { retryWithBackoff, backoffDelay, DEFAULT_RETRY, type RetryPolicy } from './retry';
export { probeServerCertificate, MAINTENANCE_CERT_COMMON_NAME } from './tls-probe';
export { decodeMachineStatus, decodeDiskSpec, MACHINE_STATUS_TYPE, MACHINE_STATUS_NAMESPACE, MACHINE_STATUS_ID, DISK_TYPE, DISK_NAMESPACE } from './wire';
export * from './types';
