/** Which machines a scale-down marks for deletion: Cluster API's own first, newest first; marks already present count. */
import type { KubeObject } from '../../../../providers/capi/adoption/kube';
import { machinesToMark } from '../../../../providers/capi/adoption/scale-down';
import { CAPI } from '../../../../providers/capi/adoption/names';

const machine = (name: string, created: string, extra: { marked?: boolean; deleting?: boolean } = {}): KubeObject => ({
  apiVersion: 'cluster.x-k8s.io/v1beta2',
  kind: 'Machine',
  metadata: {
    name,
    creationTimestamp: created,
    ...(extra.marked ? { annotations: { [CAPI.deleteMachineAnnotation]: '' } } : {}),
    ...(extra.deleting ? { deletionTimestamp: '2026-12-06T08:00:00Z' } : {}),
  },
});
const adopted = new Set(['lab-cp-1', 'lab-cp-2']);
const names = (ms: KubeObject[]) => ms.map((m) => m.metadata.name);

describe('machinesToMark', () => {
  const cps = [
    machine('lab-cp-1', '2026-12-06T06:00:00Z'),
    machine('lab-cp-2', '2026-12-06T06:00:00Z'),
    machine('lab-cp-abcde', '2026-12-06T07:00:00Z'),
    machine('lab-cp-fghij', '2026-12-06T07:05:00Z'),
  ];

  test('CAPI-made machines go first, the newest first; adopted ones are never chosen while others remain', () => {
    expect(names(machinesToMark(cps, adopted, 3))).toEqual(['lab-cp-fghij']);
    expect(names(machinesToMark(cps, adopted, 2))).toEqual(['lab-cp-fghij', 'lab-cp-abcde']);
    // Below the adopted count (only with machineOwner: clusterApi): then adopted ones, newest first.
    expect(names(machinesToMark(cps, adopted, 1))).toEqual(['lab-cp-fghij', 'lab-cp-abcde', 'lab-cp-2']);
  });

  test('nothing to mark when replicas do not drop', () => {
    expect(machinesToMark(cps, adopted, 4)).toEqual([]);
    expect(machinesToMark(cps, adopted, 5)).toEqual([]);
  });

  test('marks already present (a user’s choice, an earlier run) count toward the excess; deleting machines do not count', () => {
    const userMarked = [...cps.slice(0, 3), machine('lab-cp-fghij', '2026-12-06T07:05:00Z'), machine('lab-cp-xyz', '2026-12-06T07:10:00Z', { marked: true })];
    expect(names(machinesToMark(userMarked, adopted, 4))).toEqual([]);
    expect(names(machinesToMark(userMarked, adopted, 3))).toEqual(['lab-cp-fghij']);
    const deleting = [...cps, machine('lab-cp-old', '2026-12-06T07:10:00Z', { deleting: true })];
    expect(names(machinesToMark(deleting, adopted, 3))).toEqual(['lab-cp-fghij']);
  });
});
