/**
 * An `ephemeral` block (Terraform >= 1.10, OpenTofu >= 1.11) as a construct: cdktf 0.21 has no
 * class for it, so this L1-like element writes `ephemeral.<type>.<name>` into the stack's JSON
 * beside the resources, with its arguments resolved like any other element's (tokens become
 * references), and hands out references to its attributes. Its values are opened anew on each
 * run and never enter plan or state, so they may only flow into write-only arguments, provider
 * blocks and other ephemeral blocks. JSON synthesis only (`cdktf synth --hcl` leaves it out).
 */
import type { Construct } from 'constructs';
import { TerraformElement, Token, ref } from '../cdk';
import { fieldError } from '../../providers/kernel/validation';

export interface EphemeralResourceProps {
  /** The full type name, e.g. `talos_machine_configuration`. */
  readonly type: string;
  /** The arguments, under their Terraform (snake_case) names; values may be tokens. Unset ones are left out. */
  readonly arguments: Readonly<Record<string, unknown>>;
}

const TYPE = /^[a-z][a-z0-9]*_[a-z0-9_]+$/;

export class EphemeralResource extends TerraformElement {
  readonly type: string;
  private readonly args: Readonly<Record<string, unknown>>;

  constructor(scope: Construct, id: string, props: EphemeralResourceProps) {
    if (!TYPE.test(props.type)) throw fieldError(`${scope.node.path}/${id}`, 'type', `"${props.type}" is not a Terraform type name; use <provider>_<type>, e.g. talos_machine_configuration`);
    super(scope, id, `ephemeral.${props.type}`);
    this.type = props.type;
    this.args = Object.fromEntries(Object.entries(props.arguments).filter(([, v]) => v !== undefined));
  }

  /** A reference to one of its attributes (string-typed), e.g. `${ephemeral.talos_machine_configuration.x.machine_configuration}`. */
  attribute(name: string): string {
    return Token.asString(ref(`ephemeral.${this.type}.${this.friendlyUniqueId}.${name}`, this.cdktfStack));
  }

  override toTerraform(): Record<string, unknown> {
    return { ephemeral: { [this.type]: { [this.friendlyUniqueId]: merged(this.args, this.rawOverrides as Record<string, unknown>) } } };
  }
}

/** `overrides` (from addOverride, nested by path) merged into `base`, objects key by key. */
function merged(base: Readonly<Record<string, unknown>>, overrides: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(overrides)) out[k] = isObject(v) && isObject(out[k]) ? merged(out[k] as Record<string, unknown>, v) : v;
  return out;
}
