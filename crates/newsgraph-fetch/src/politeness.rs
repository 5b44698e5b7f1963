//! Per-host rate limits: at most one request to a host per interval, so following a feed's fifty
//! items does not hammer the site that serves them.

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// A source of time, so the limiter can be tested without sleeping.
pub trait Clock {
    /// The current instant.
    fn now(&mut self) -> Instant;
    /// Waits for `d`.
    fn sleep(&mut self, d: Duration);
}

/// The real clock: `Instant::now` and `thread::sleep`.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&mut self) -> Instant {
        Instant::now()
    }

    fn sleep(&mut self, d: Duration) {
        std::thread::sleep(d)
    }
}

/// Remembers when each host was last asked and makes the next request to it wait out the
/// interval. Hosts are compared lower-case with their port, so two test servers on one machine
/// are two hosts.
#[derive(Debug)]
pub struct HostLimiter<C: Clock = SystemClock> {
    interval: Duration,
    last: HashMap<String, Instant>,
    clock: C,
}

impl HostLimiter<SystemClock> {
    /// A limiter on the real clock.
    pub fn new(interval: Duration) -> HostLimiter<SystemClock> {
        HostLimiter::with_clock(interval, SystemClock)
    }
}

impl<C: Clock> HostLimiter<C> {
    /// A limiter on the given clock.
    pub fn with_clock(interval: Duration, clock: C) -> HostLimiter<C> {
        HostLimiter {
            interval,
            last: HashMap::new(),
            clock,
        }
    }

    /// Waits until a request to `host` is allowed, then records it as made now. Returns how
    /// long it waited.
    pub fn wait(&mut self, host: &str) -> Duration {
        let key = host.to_ascii_lowercase();
        let mut waited = Duration::ZERO;
        if let Some(&last) = self.last.get(&key) {
            let due = last + self.interval;
            let now = self.clock.now();
            if due > now {
                waited = due - now;
                self.clock.sleep(waited);
            }
        }
        let now = self.clock.now();
        self.last.insert(key, now);
        waited
    }

    /// The clock (tests read a fake clock's record through this).
    pub fn clock(&self) -> &C {
        &self.clock
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A clock that moves only when slept on or advanced, recording each sleep.
    struct FakeClock {
        now: Instant,
        slept: Vec<Duration>,
    }

    impl Clock for FakeClock {
        fn now(&mut self) -> Instant {
            self.now
        }
        fn sleep(&mut self, d: Duration) {
            self.slept.push(d);
            self.now += d;
        }
    }

    #[test]
    fn second_request_to_a_host_waits_out_the_interval_and_others_do_not() {
        let clock = FakeClock {
            now: Instant::now(),
            slept: Vec::new(),
        };
        let mut limiter = HostLimiter::with_clock(Duration::from_secs(1), clock);
        assert_eq!(limiter.wait("a.example:80"), Duration::ZERO);
        assert_eq!(limiter.wait("b.example:80"), Duration::ZERO);
        limiter.clock.now += Duration::from_millis(300);
        assert_eq!(limiter.wait("A.example:80"), Duration::from_millis(700));
        // Right after waiting, the next one waits a full interval.
        assert_eq!(limiter.wait("a.example:80"), Duration::from_secs(1));
        limiter.clock.now += Duration::from_secs(5);
        assert_eq!(limiter.wait("a.example:80"), Duration::ZERO);
        assert_eq!(
            limiter.clock().slept,
            vec![Duration::from_millis(700), Duration::from_secs(1)]
        );
    }
}
