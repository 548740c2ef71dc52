/** Disks and Memory answers: per-node deterministic, sized like the VM where known. */
import { DEFAULT_DISK_BYTES, DEFAULT_MEMORY_BYTES, simulatedDisks, simulatedMemInfo, validateHardware } from '../../../lab/talos/node-hardware';

describe('simulated hardware', () => {
  it('reports one /dev/sda disk of the VM size (default 32 GiB), stable per address', () => {
    const [d] = simulatedDisks('127.0.0.5', { diskBytes: 64 * 1024 ** 3 }, true) as Record<string, unknown>[];
    expect(d).toMatchObject({ device_name: '/dev/sda', size: String(64 * 1024 ** 3), system_disk: true, type: 'HDD' });
    expect(simulatedDisks('127.0.0.5', {}, false)).toEqual(simulatedDisks('127.0.0.5', {}, false));
    expect((simulatedDisks('127.0.0.6', {}, false)[0] as { size: string; serial: string }).size).toBe(String(DEFAULT_DISK_BYTES));
    expect((simulatedDisks('127.0.0.6', {}, false)[0] as { serial: string }).serial).not.toBe((simulatedDisks('127.0.0.5', {}, false)[0] as { serial: string }).serial);
  });

  it('reports meminfo in kB (as /proc/meminfo), consistent with the VM memory', () => {
    for (const [hw, busy] of [
      [{ memoryBytes: 2 * 1024 ** 3 }, true],
      [{}, false],
    ] as const) {
      const m = simulatedMemInfo('127.0.0.5', hw, busy);
      const total = Number(m.memtotal);
      expect(total * 1024).toBe('memoryBytes' in hw ? hw.memoryBytes : DEFAULT_MEMORY_BYTES);
      expect(Number(m.memfree)).toBeGreaterThan(0);
      expect(Number(m.memfree)).toBeLessThan(Number(m.memavailable));
      expect(Number(m.memavailable)).toBeLessThan(total);
    }
    expect(simulatedMemInfo('127.0.0.5', {}, true)).toEqual(simulatedMemInfo('127.0.0.5', {}, true));
  });

  it('refuses impossible sizes with the field named', () => {
    expect(() => validateHardware('127.0.0.5', { diskBytes: 10 })).toThrow('hardware[127.0.0.5].diskBytes: expected an integer number of bytes >= 1073741824, got 10');
    expect(() => validateHardware('127.0.0.5', { memoryBytes: 1.5 })).toThrow('hardware[127.0.0.5].memoryBytes');
  });
});
