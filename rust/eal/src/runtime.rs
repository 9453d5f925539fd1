//! The runtime directory (`/var/run/dpdk/<prefix>` for root,
//! `$XDG_RUNTIME_DIR/dpdk/<prefix>` or `/tmp/dpdk/<prefix>` otherwise) and
//! the primary process's lock on its `config` file. The lock is an fcntl(2)
//! record lock, so the kernel drops it when its holder dies: a directory left
//! by a killed primary is simply reused by the next one.

use std::fs::{File, OpenOptions};
use std::os::fd::AsRawFd;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use crate::Error;

/// The directory under which every prefix's runtime directory lives.
pub fn base_dir() -> PathBuf {
    // SAFETY: getuid cannot fail.
    let root = unsafe { libc::getuid() } == 0;
    let base = if root {
        PathBuf::from("/var/run")
    } else {
        std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/tmp"))
    };
    base.join("dpdk")
}

/// A runtime directory this process uses, with its config lock if primary.
#[derive(Debug)]
pub struct RuntimeDir {
    /// The directory.
    pub path: PathBuf,
    created: bool,
    lock: Option<(File, PathBuf)>,
}

/// What happened when taking the config lock.
#[derive(Debug, PartialEq, Eq)]
pub enum LockOutcome {
    /// This process holds it: it is the primary.
    Primary,
    /// Another live process holds it (its pid, when the kernel says).
    HeldBy(Option<i32>),
}

impl RuntimeDir {
    /// Creates (or reuses) `base/<prefix>`.
    pub fn create(base: &Path, prefix: &str) -> Result<RuntimeDir, Error> {
        let path = base.join(prefix);
        let created = !path.exists();
        std::fs::DirBuilder::new().recursive(true).mode(0o700).create(&path).map_err(|e| Error::Os {
            what: format!("cannot create runtime directory {}", path.display()),
            errno: e.raw_os_error().unwrap_or(libc::EIO),
        })?;
        Ok(RuntimeDir { path, created, lock: None })
    }

    /// Takes the write lock on `config`, as a primary process does.
    pub fn lock_config(&mut self) -> Result<LockOutcome, Error> {
        let file = self.path.join("config");
        let f =
            OpenOptions::new().read(true).write(true).create(true).truncate(false).mode(0o600).open(&file).map_err(
                |e| Error::Os {
                    what: format!("cannot open {}", file.display()),
                    errno: e.raw_os_error().unwrap_or(libc::EIO),
                },
            )?;
        // SAFETY: flock is plain data; zero is a valid starting value.
        let mut fl: libc::flock = unsafe { std::mem::zeroed() };
        fl.l_type = libc::F_WRLCK as _;
        fl.l_whence = libc::SEEK_SET as _;
        // SAFETY: fcntl on an open fd with a valid flock struct.
        if unsafe { libc::fcntl(f.as_raw_fd(), libc::F_SETLK, &fl) } == 0 {
            self.lock = Some((f, file));
            return Ok(LockOutcome::Primary);
        }
        let err = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
        if err != libc::EAGAIN && err != libc::EACCES {
            return Err(Error::Os { what: format!("cannot lock {}", file.display()), errno: err });
        }
        // SAFETY: as above; F_GETLK fills in the holder's pid.
        let holder = unsafe { (libc::fcntl(f.as_raw_fd(), libc::F_GETLK, &mut fl) == 0).then_some(fl.l_pid) };
        Ok(LockOutcome::HeldBy(holder.filter(|&p| p > 0)))
    }

    /// The locked config file, when this process is the primary.
    pub fn config_file(&self) -> Option<&File> {
        self.lock.as_ref().map(|(f, _)| f)
    }

    /// Releases the lock and removes what this process created: the config
    /// file it locked, and the directory if it is then empty.
    pub fn remove(mut self) {
        if let Some((f, file)) = self.lock.take() {
            let _ = std::fs::remove_file(&file);
            drop(f);
        }
        // Only an empty directory goes: another process with --no-shconf
        // may share the prefix.
        let _ = std::fs::remove_dir(&self.path);
        if self.created {
            if let Some(parent) = self.path.parent() {
                let _ = std::fs::remove_dir(parent);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};

    #[test]
    fn a_live_holder_refuses_the_lock_and_its_death_frees_it() {
        let base = std::env::temp_dir().join(format!("rte-rt-{}", std::process::id()));
        let mut a = RuntimeDir::create(&base, "p1").unwrap();
        assert_eq!(a.lock_config().unwrap(), LockOutcome::Primary);
        let cfg = a.path.join("config");
        a.remove();
        assert!(!cfg.exists(), "remove() deletes the config file it created");

        // Another process takes the record lock, as a running primary would.
        std::fs::create_dir_all(base.join("p1")).unwrap();
        std::fs::write(&cfg, b"").unwrap();
        let mut child = Command::new("python3")
            .args(["-c", "import fcntl,sys,time; f=open(sys.argv[1],'r+'); fcntl.lockf(f, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(30)"])
            .arg(&cfg)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        assert_eq!(line.trim(), "locked");
        let mut b = RuntimeDir::create(&base, "p1").unwrap();
        assert_eq!(b.lock_config().unwrap(), LockOutcome::HeldBy(Some(child.id() as i32)));
        // Killed without cleanup: the stale directory is reclaimed.
        child.kill().unwrap();
        child.wait().unwrap();
        assert_eq!(b.lock_config().unwrap(), LockOutcome::Primary);
        b.remove();
        let _ = std::fs::remove_dir_all(&base);
    }
}
