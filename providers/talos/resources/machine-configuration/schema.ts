/** The Terraform schema of `talos_machine_configuration`; what it does is beside it. */
import { attr, defineSchema } from '../../../runtime';
import type { MachineType } from '../../../machinery/config/generate';
import { machineSecretsType, type MachineSecretsValue } from '../../../machinery/secrets/secrets-value';

export const MACHINE_TYPES: readonly MachineType[] = ['controlplane', 'worker'];

export const schema = defineSchema({
  description: 'Talos machine configuration for one machine type (and optionally one node), with patches applied.',
  attributes: {
    id: attr.string({ mode: 'computed' }),
    cluster_name: attr.string({ mode: 'required', validators: [(v) => (v.trim() ? undefined : 'must not be empty')] }),
    cluster_endpoint: attr.string({ mode: 'required', description: 'Kubernetes API URL, e.g. https://10.0.0.10:6443.' }),
    machine_type: attr.string({
      mode: 'required',
      validators: [(v) => (MACHINE_TYPES.includes(v as MachineType) ? undefined : `must be one of ${MACHINE_TYPES.join(', ')}`)],
    }),
    machine_secrets: attr.typed<MachineSecretsValue>(machineSecretsType)({ mode: 'required', sensitive: true }),
    config_patches: attr.stringList({ mode: 'optional', description: 'Strategic-merge or JSON6902 patches (YAML/JSON text), applied in order.' }),
    kubernetes_version: attr.string({ mode: 'optional' }),
    talos_version: attr.string({ mode: 'optional', description: 'Config contract, e.g. v1.13 (does not choose the installed Talos).' }),
    install_disk: attr.string({ mode: 'optional' }),
    install_image: attr.string({ mode: 'optional' }),
    additional_sans: attr.stringList({ mode: 'optional' }),
    dns_domain: attr.string({ mode: 'optional' }),
    pod_subnets: attr.stringList({ mode: 'optional' }),
    service_subnets: attr.stringList({ mode: 'optional' }),
    vip_address: attr.string({ mode: 'optional', description: 'Control planes: shared Layer 2 VIP for the Kubernetes API.' }),
    vip_link: attr.string({ mode: 'optional', description: 'Link the VIP is announced on (default eth0).' }),
    hostname: attr.string({ mode: 'optional' }),
    provider_id: attr.string({ mode: 'optional', description: 'Kubelet providerID, e.g. proxmox://<SMBIOS UUID> (Cluster API adoption).' }),
    node_labels: attr.stringMap({ mode: 'optional' }),
    docs: attr.bool({ mode: 'optional', description: 'Accepted for compatibility; documentation comments are not emitted.' }),
    examples: attr.bool({ mode: 'optional', description: 'Accepted for compatibility; examples are not emitted.' }),
    machine_configuration: attr.string({ mode: 'computed', sensitive: true }),
  },
});
