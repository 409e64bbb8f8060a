/** Injectable time: tests pass a fixed clock, the server passes the system clock. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

export function fixedClock(iso: string): Clock & { set(iso: string): void; advance(ms: number): void } {
  let now = new Date(iso).getTime();
  const clock = (() => new Date(now)) as Clock & { set(iso: string): void; advance(ms: number): void };
  clock.set = (next: string) => {
    now = new Date(next).getTime();
  };
  clock.advance = (ms: number) => {
    now += ms;
  };
  return clock;
}
