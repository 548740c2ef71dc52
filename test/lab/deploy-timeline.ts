/**
 * Where a `cdktf deploy` spends its time, read from its plain (non-TTY) output: per stack, when
 * it started initializing, when its plan was ready and when its apply completed, plus the slowest
 * resources. `npm start` prints it under its own phases (builds, lab up), and `npm run bench --
 * start` reports it.
 */

export interface StackTimes {
  /** Seconds from the timeline's origin; undefined until seen. */
  initAt?: number;
  plannedAt?: number;
  appliedAt?: number;
  /** Resources by how long Terraform said they took ("... complete after 5s"). */
  readonly slow: { readonly address: string; readonly seconds: number }[];
}

// cdktf prefixes a stack's lines with its name and two spaces; continuation lines are indented.
const STACK_LINE = /^([a-z0-9][a-z0-9-]*)\s{2}(.*)$/;
// Colour and cursor sequences of cdktf's renderer.
// eslint-disable-next-line no-control-regex -- ESC starts every such sequence
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;
const COMPLETE = /^(\S+?)(?: \([^)]*\))?: (?:Creation|Modifications|Destruction|Read) complete after (?:(\d+)m)?(\d+)s/;

export class DeployTimeline {
  readonly stacks = new Map<string, StackTimes>();
  private current: string | undefined;
  private firstStackAt: number | undefined;

  constructor(private readonly origin: number = Date.now()) {}

  private now(): number {
    return (Date.now() - this.origin) / 1000;
  }

  /** Feeds one output line (at the time it arrived). */
  line(raw: string, at = this.now()): void {
    const text = raw.replace(ANSI, '').replace(/\r/g, '');
    const m = STACK_LINE.exec(text);
    let body = text.trim();
    if (m && (this.stacks.has(m[1]) || /Initializing the backend/.test(m[2]))) {
      this.current = m[1];
      body = m[2].trim();
      if (!this.stacks.has(m[1])) this.stacks.set(m[1], { slow: [] });
      this.firstStackAt ??= at;
    }
    const stack = this.current === undefined ? undefined : this.stacks.get(this.current);
    if (!stack) return;
    if (/Initializing the backend/.test(body)) stack.initAt ??= at;
    else if (/^Plan: \d+ to add|^No changes\./.test(body)) stack.plannedAt ??= at;
    else if (/^Apply complete!/.test(body)) stack.appliedAt ??= at;
    const done = COMPLETE.exec(body);
    if (done) stack.slow.push({ address: done[1], seconds: Number(done[2] ?? 0) * 60 + Number(done[3]) });
  }

  /** Seconds from the origin to the first stack line (synthesis and CLI start-up before it). */
  get firstStackSeconds(): number | undefined {
    return this.firstStackAt;
  }

  /** One line per stack, in order of their apply: init, plan and apply spans and the slowest resources. */
  summary(): string[] {
    const stacks = [...this.stacks].sort(([, a], [, b]) => (a.appliedAt ?? Infinity) - (b.appliedAt ?? Infinity));
    return stacks.map(([name, t]) => {
      const startOfPlan = Math.max(t.initAt ?? 0, ...stacks.filter(([, o]) => o !== t && (o.appliedAt ?? Infinity) <= (t.plannedAt ?? 0)).map(([, o]) => o.appliedAt ?? 0));
      const plan = t.plannedAt !== undefined ? `plan ready at ${t.plannedAt.toFixed(1)} s (${(t.plannedAt - startOfPlan).toFixed(1)} s)` : 'no plan seen';
      const apply = t.appliedAt !== undefined && t.plannedAt !== undefined ? `, applied at ${t.appliedAt.toFixed(1)} s (${(t.appliedAt - t.plannedAt).toFixed(1)} s)` : '';
      const slow = [...t.slow]
        .sort((a, b) => b.seconds - a.seconds)
        .filter((r) => r.seconds > 0)
        .slice(0, 3);
      return `${name}: ${plan}${apply}${slow.length ? `; slowest: ${slow.map((r) => `${r.address} ${r.seconds} s`).join(', ')}` : ''}`;
    });
  }
}
