import { describe, expect, it } from "vitest";
import { addressFromHeader, phantomLockUntil, throttleDecision, throttleDelaySeconds, throttledMessage } from "./login-throttle";

const T0 = new Date("2026-12-02T08:00:00Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe("throttleDelaySeconds", () => {
  it("costs nothing below the free failures, then doubles from 1 second", () => {
    expect([0, 1, 9].map((n) => throttleDelaySeconds(n))).toEqual([0, 0, 0]);
    expect([10, 11, 12, 13, 14].map((n) => throttleDelaySeconds(n))).toEqual([1, 2, 4, 8, 16]);
  });

  it("is capped at 15 minutes, also for absurd counts", () => {
    expect(throttleDelaySeconds(19)).toBe(512);
    expect(throttleDelaySeconds(20)).toBe(900);
    expect(throttleDelaySeconds(10_000)).toBe(900);
  });

  it("takes the threshold and the cap as parameters", () => {
    expect([4, 5, 6].map((n) => throttleDelaySeconds(n, 5, 60))).toEqual([0, 1, 2]);
    expect(throttleDelaySeconds(100, 5, 60)).toBe(60);
  });
});

describe("throttleDecision", () => {
  it("allows anything while under the threshold", () => {
    expect(throttleDecision(9, at(0), at(0))).toEqual({ allowed: true });
    expect(throttleDecision(0, null, at(0))).toEqual({ allowed: true });
  });

  it("counts the wait from the latest failure, rounding up to whole seconds", () => {
    // 12 failures: 4 seconds after the 12th.
    expect(throttleDecision(12, at(0), at(0))).toEqual({ allowed: false, retryAfterSeconds: 4 });
    expect(throttleDecision(12, at(0), at(2.5))).toEqual({ allowed: false, retryAfterSeconds: 2 });
    expect(throttleDecision(12, at(0), at(3.9))).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(throttleDecision(12, at(0), at(4))).toEqual({ allowed: true });
  });

  it("68 failures in 25 seconds cannot happen: the schedule allows only a handful past the free ones", () => {
    // Attempt as fast as allowed, failing every time, starting at T0.
    let failures = 0;
    let last: Date | null = null;
    let t = 0;
    while (t <= 25) {
      const d = throttleDecision(failures, last, at(t));
      if (d.allowed) {
        failures++;
        last = at(t);
      } else t += d.retryAfterSeconds;
    }
    expect(failures).toBeLessThan(16);
    expect(failures).toBeGreaterThan(10);
  });
});

describe("throttledMessage", () => {
  it("says seconds for short waits and minutes for long ones", () => {
    expect(throttledMessage(4)).toBe("尝试过于频繁，请 4 秒后再试");
    expect(throttledMessage(119)).toBe("尝试过于频繁，请 119 秒后再试");
    expect(throttledMessage(900)).toBe("尝试过于频繁，请 15 分钟后再试");
    expect(throttledMessage(601)).toBe("尝试过于频繁，请 11 分钟后再试");
  });
});

describe("phantomLockUntil", () => {
  it("locks after every 5th recorded failure, for 15 minutes from it", () => {
    expect(phantomLockUntil(4, at(3), 5, 15, at(4))).toBeNull();
    expect(phantomLockUntil(5, at(4), 5, 15, at(5))).toEqual(at(4 + 900));
    expect(phantomLockUntil(5, at(4), 5, 15, at(4 + 900))).toBeNull();
    // After the lock, counting starts again: the 6th to 9th failures do not lock, the 10th does.
    expect(phantomLockUntil(9, at(1003), 5, 15, at(1004))).toBeNull();
    expect(phantomLockUntil(10, at(1004), 5, 15, at(1005))).toEqual(at(1004 + 900));
  });

  it("no failures, no lock", () => {
    expect(phantomLockUntil(0, null, 5, 15, at(0))).toBeNull();
  });
});

describe("addressFromHeader", () => {
  it("takes the last entry of a list: the one the trusted proxy appended", () => {
    expect(addressFromHeader("6.6.6.6, 10.1.2.3")).toBe("10.1.2.3");
    expect(addressFromHeader(" 10.1.2.3 ")).toBe("10.1.2.3");
    expect(addressFromHeader(["6.6.6.6", "10.1.2.3"])).toBe("10.1.2.3");
  });

  it("writes IPv4-mapped IPv6 as IPv4 and IPv6 in lower case", () => {
    expect(addressFromHeader("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(addressFromHeader("2001:DB8::1")).toBe("2001:db8::1");
  });

  it("gives null for nothing or for something that is not an address", () => {
    expect(addressFromHeader(undefined)).toBeNull();
    expect(addressFromHeader("")).toBeNull();
    expect(addressFromHeader("1.2.3.4, ")).toBeNull();
    expect(addressFromHeader("evil.example.com")).toBeNull();
    expect(addressFromHeader("1".repeat(46))).toBeNull();
  });
});
