//! Termination signals while the TUI owns the terminal.
//!
//! SIGTERM and SIGHUP (`kill`, `timeout`, a closed terminal window), and SIGINT, SIGQUIT,
//! SIGUSR1, SIGUSR2 and SIGALRM sent by another process, would otherwise end the process
//! at once, leaving the shell in raw mode on the alternate screen. While a
//! [`Signals`] is alive they only record which one arrived: the run loop sees it within a
//! tick and leaves the way quitting does, so the terminal is restored, and the process
//! then exits with 128 + the signal's number, the status a shell reports for a process
//! the signal killed.
//!
//! Two ways out remain for a loop that does not come back. A second signal, or any after
//! the [`Signals`] is dropped, gets the default action. And a watchdog thread gives the
//! loop [`GRACE`] after the first: crossterm's input poll spins without returning once the
//! terminal has hung up (read returns end-of-file forever), which is just when SIGHUP
//! comes, so past the grace the signal gets its default action after all (the terminal
//! is gone, there is nothing to restore).
//!
//! In raw mode Ctrl-C arrives as a key, not as SIGINT; SIGINT is caught for `kill -INT`.
//! Off Unix nothing is caught.

use std::io;

/// The signals caught while the TUI runs: every signal whose default action ends the
/// process and that a handler may catch (not SIGKILL, nor the faults SIGSEGV, SIGBUS,
/// SIGILL, SIGFPE, after which nothing can be trusted).
#[cfg(unix)]
pub const CAUGHT: [i32; 7] = {
    use signal_hook::consts::*;
    [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM]
};

/// How long the run loop has to restore the terminal after a signal before the watchdog
/// ends the process (a tick is 50 ms).
#[cfg(unix)]
pub const GRACE: std::time::Duration = std::time::Duration::from_secs(2);

/// Records the [`CAUGHT`] signals instead of dying of them, until dropped.
#[cfg(unix)]
pub struct Signals {
    /// The number of the last signal caught, 0 before any.
    received: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    /// Once true, a caught signal gets its default action (the process ends).
    release: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// Stops the watchdog's wait for a first signal.
    watchdog: Option<signal_hook::iterator::Handle>,
    /// Dropped with `self`, which tells a watchdog counting down that the loop is done.
    _done: std::sync::mpsc::Sender<()>,
}

#[cfg(unix)]
impl Signals {
    /// Installs the handlers and starts the watchdog thread.
    pub fn catch() -> io::Result<Signals> {
        use signal_hook::flag;
        use std::sync::Arc;
        let (done, finished) = std::sync::mpsc::channel();
        // Built first, so that `Drop` releases the handlers if a step below fails.
        let mut signals = Signals {
            received: Arc::default(),
            release: Arc::default(),
            watchdog: None,
            _done: done,
        };
        for signal in CAUGHT {
            // The order matters: the default action checks `release` before the first
            // signal sets it, so only a second signal ends the process at once.
            flag::register_conditional_default(signal, Arc::clone(&signals.release))?;
            flag::register_usize(signal, Arc::clone(&signals.received), signal as usize)?;
            flag::register(signal, Arc::clone(&signals.release))?;
        }
        let mut incoming = signal_hook::iterator::Signals::new(CAUGHT)?;
        signals.watchdog = Some(incoming.handle());
        std::thread::Builder::new()
            .name("signal watchdog".into())
            .spawn(move || {
                // `None` once the handle is closed: no signal came.
                if let Some(signal) = incoming.forever().next() {
                    if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                        finished.recv_timeout(GRACE)
                    {
                        let _ = signal_hook::low_level::emulate_default_handler(signal);
                    }
                }
            })?;
        Ok(signals)
    }

    /// The signal caught, if any.
    pub fn received(&self) -> Option<i32> {
        match self.received.load(std::sync::atomic::Ordering::SeqCst) {
            0 => None,
            signal => i32::try_from(signal).ok(),
        }
    }
}

#[cfg(unix)]
impl Drop for Signals {
    /// Gives the caught signals their default action back (the handlers stay installed,
    /// but they now end the process as if there were none) and stops the watchdog.
    fn drop(&mut self) {
        self.release
            .store(true, std::sync::atomic::Ordering::SeqCst);
        if let Some(watchdog) = &self.watchdog {
            watchdog.close();
        }
    }
}

/// Off Unix: catches nothing.
#[cfg(not(unix))]
pub struct Signals;

#[cfg(not(unix))]
impl Signals {
    pub fn catch() -> io::Result<Signals> {
        Ok(Signals)
    }

    pub fn received(&self) -> Option<i32> {
        None
    }
}
