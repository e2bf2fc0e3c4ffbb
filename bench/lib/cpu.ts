import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/**
 * CPU accounting from /proc (Linux; undefined elsewhere). On a shared or virtual machine the
 * throughput figures move with whatever else runs; steal time and the platform's own CPU per
 * event say how much of a difference is the platform's.
 */
export interface CpuSnapshot {
  readonly system: readonly number[];
  readonly platformTicks: number;
}

export interface CpuUsage {
  /** Share of all cores busy, whoever used them. */
  readonly busyPercent: number;
  /** Share of the time the hypervisor gave the virtual cores to someone else. */
  readonly stealPercent: number;
  /** Cores' worth of CPU the platform process used (all its threads). */
  readonly platformCores: number;
  readonly platformCpuSeconds: number;
}

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export function cpuSnapshot(pid: number): CpuSnapshot | undefined {
  if (!existsSync('/proc/stat') || !existsSync(`/proc/${pid}/stat`)) return undefined;
  const system = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  // Fields after the parenthesised command name; utime and stime are the 14th and 15th of the line.
  const fields = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
  return { system, platformTicks: Number(fields[11]) + Number(fields[12]) };
}

export function cpuSince(before: CpuSnapshot | undefined, pid: number, seconds: number): CpuUsage | undefined {
  const after = cpuSnapshot(pid);
  if (!before || !after) return undefined;
  // /proc/stat: user nice system idle iowait irq softirq steal ...
  const [user, nice, system, idle, iowait, irq, softirq, steal] = after.system.map(
    (v, i) => v - (before.system[i] ?? 0),
  );
  const busy = (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0);
  const total = busy + (idle ?? 0) + (iowait ?? 0) + (steal ?? 0);
  const platformCpuSeconds = (after.platformTicks - before.platformTicks) / TICKS_PER_SECOND;
  return {
    busyPercent: total > 0 ? (100 * busy) / total : 0,
    stealPercent: total > 0 ? (100 * (steal ?? 0)) / total : 0,
    platformCores: platformCpuSeconds / seconds,
    platformCpuSeconds,
  };
}
