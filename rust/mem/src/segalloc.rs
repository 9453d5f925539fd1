//! Mapping and unmapping the pages of memseg lists, with the backing each
//! mode asks for, and the process-local table of their file descriptors
//! (for `rte_memseg_get_fd`):
//! - `--no-huge`: one memfd per list (so a vhost-user peer can map it);
//! - hugetlbfs, one file per page: `<huge dir>/<prefix>map_<list>_<seg>`;
//! - `--single-file-segments`: one file per list, `<prefix>map_<list>`, with
//!   each page at its offset;
//! - `--in-memory`: a hugetlb memfd per list (no file at all).
//!
//! With `--huge-unlink=always` (and `--in-memory`) files are unlinked right
//! after mapping; with `existing` (the default) stale files of the same
//! prefix are removed at init; with `never` they are reused.

use std::collections::HashMap;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::pages::{self, MapError};

/// When hugetlbfs files are unlinked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unlink {
    /// Stale files of this prefix are removed at init; ours stay while used.
    Existing,
    /// Right after mapping.
    Always,
    /// Never (files are reused).
    Never,
}

/// How the pages of one memseg list are backed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backing {
    /// Anonymous shared memory (a memfd), 4 KiB pages.
    NoHuge,
    /// hugetlbfs files in `dir`, named after `prefix`.
    Hugetlbfs {
        /// The mount point.
        dir: PathBuf,
        /// `--file-prefix`.
        prefix: String,
        /// One file per list instead of per page.
        single_file: bool,
        /// Unlink policy.
        unlink: Unlink,
    },
    /// A hugetlb memfd per list (`--in-memory`).
    HugeMemfd,
}

struct ListFd {
    fd: OwnedFd,
    /// Per-page file names (one file per page) or the list file.
    path: Option<PathBuf>,
}

/// Open descriptors: per (list, segment) for one-file-per-page, per list
/// (segment u32::MAX) for list-wide files and memfds.
static FDS: Mutex<Option<HashMap<(u32, u32), ListFd>>> = Mutex::new(None);

fn with_fds<T>(f: impl FnOnce(&mut HashMap<(u32, u32), ListFd>) -> T) -> T {
    let mut g = FDS.lock().unwrap_or_else(|e| e.into_inner());
    f(g.get_or_insert_with(HashMap::new))
}

const LIST_WIDE: u32 = u32::MAX;

/// The hugetlbfs file of one page (or, with `seg` None, of a whole list).
pub fn file_name(dir: &Path, prefix: &str, list: u32, seg: Option<u32>) -> PathBuf {
    match seg {
        Some(s) => dir.join(format!("{prefix}map_{list}_{s}")),
        None => dir.join(format!("{prefix}map_{list}")),
    }
}

/// Removes this prefix's stale hugetlbfs files (left by a killed process)
/// that nobody holds open. Returns how many were removed.
pub fn remove_stale(dir: &Path, prefix: &str) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let want = format!("{prefix}map_");
    let mut n = 0;
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.starts_with(&want) || !name[want.len()..].starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        // A live process keeps a shared lock on its files (see lock_shared).
        if let Ok(f) = std::fs::OpenOptions::new().read(true).open(e.path()) {
            // SAFETY: flock on an fd we own.
            let free = unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0;
            if free && std::fs::remove_file(e.path()).is_ok() {
                n += 1;
            }
        }
    }
    n
}

fn lock_shared(fd: &OwnedFd) {
    // SAFETY: flock on an fd we own; marks the file as in use by this process.
    unsafe { libc::flock(fd.as_raw_fd(), libc::LOCK_SH) };
}

/// Maps `n` pages of `page_sz` starting at segment `first` of list `list`,
/// whose reservation starts at `base`. On failure nothing stays mapped.
///
/// # Safety
/// `[base + first*page_sz, +n*page_sz)` must be unused pages of a
/// reservation this process owns.
pub unsafe fn map_segments(
    list: u32,
    base: usize,
    page_sz: u64,
    list_len: u64,
    first: u32,
    n: u32,
    backing: &Backing,
) -> Result<(), MapError> {
    let addr = |s: u32| base + (s as u64 * page_sz) as usize;
    match backing {
        Backing::NoHuge | Backing::HugeMemfd | Backing::Hugetlbfs { single_file: true, .. } => {
            let fd_exists = with_fds(|m| m.contains_key(&(list, LIST_WIDE)));
            if !fd_exists {
                let (fd, path) = match backing {
                    Backing::NoHuge => (pages::memfd(&format!("rte_nohuge_{list}"), list_len, None)?, None),
                    Backing::HugeMemfd => {
                        (pages::memfd(&format!("rte_hugemem_{list}"), list_len, Some(page_sz))?, None)
                    }
                    Backing::Hugetlbfs { dir, prefix, unlink, .. } => {
                        let p = file_name(dir, prefix, list, None);
                        let fd = pages::hugetlbfs_file(&p, list_len)?;
                        lock_shared(&fd);
                        if *unlink == Unlink::Always {
                            let _ = std::fs::remove_file(&p);
                        }
                        (fd, Some(p))
                    }
                };
                with_fds(|m| m.insert((list, LIST_WIDE), ListFd { fd, path }));
            }
            let r = with_fds(|m| {
                let lf = &m[&(list, LIST_WIDE)];
                // SAFETY: forwarded from this function's contract.
                unsafe {
                    pages::map_fixed(
                        addr(first),
                        (n as u64 * page_sz) as usize,
                        &lf.fd,
                        first as u64 * page_sz,
                        *backing != Backing::NoHuge,
                    )
                }
            });
            if r.is_err() {
                // Give back whatever the failed populate took.
                with_fds(|m| pages::punch_hole(&m[&(list, LIST_WIDE)].fd, first as u64 * page_sz, n as u64 * page_sz));
            }
            r
        }
        Backing::Hugetlbfs { dir, prefix, unlink, single_file: false } => {
            for s in first..first + n {
                let p = file_name(dir, prefix, list, Some(s));
                let done = pages::hugetlbfs_file(&p, page_sz).and_then(|fd| {
                    // SAFETY: forwarded from this function's contract.
                    unsafe { pages::map_fixed(addr(s), page_sz as usize, &fd, 0, true) }?;
                    lock_shared(&fd);
                    if *unlink == Unlink::Always {
                        let _ = std::fs::remove_file(&p);
                    }
                    with_fds(|m| m.insert((list, s), ListFd { fd, path: Some(p.clone()) }));
                    Ok(())
                });
                if let Err(e) = done {
                    let _ = std::fs::remove_file(&p);
                    // SAFETY: the pages mapped so far in this call are ours.
                    unsafe { unmap_segments(list, base, page_sz, first, s - first, backing) };
                    return Err(e);
                }
            }
            Ok(())
        }
    }
}

/// Unmaps `n` pages (back to the reservation) and releases their memory.
///
/// # Safety
/// The pages must have been mapped by [`map_segments`] and be unused.
pub unsafe fn unmap_segments(list: u32, base: usize, page_sz: u64, first: u32, n: u32, backing: &Backing) {
    let start = base + (first as u64 * page_sz) as usize;
    // SAFETY: forwarded from this function's contract.
    let _ = unsafe { pages::unmap_to_reservation(start, (n as u64 * page_sz) as usize) };
    match backing {
        Backing::Hugetlbfs { single_file: false, unlink, .. } => {
            for s in first..first + n {
                if let Some(lf) = with_fds(|m| m.remove(&(list, s))) {
                    if *unlink != Unlink::Never {
                        if let Some(p) = &lf.path {
                            let _ = std::fs::remove_file(p);
                        }
                    }
                }
            }
        }
        _ => with_fds(|m| {
            if let Some(lf) = m.get(&(list, LIST_WIDE)) {
                pages::punch_hole(&lf.fd, first as u64 * page_sz, n as u64 * page_sz);
            }
        }),
    }
}

/// Closes a list's descriptors and removes its files (at cleanup).
pub fn release_list(list: u32, backing: &Backing) {
    let removed: Vec<ListFd> = with_fds(|m| {
        let keys: Vec<(u32, u32)> = m.keys().filter(|k| k.0 == list).copied().collect();
        keys.into_iter().filter_map(|k| m.remove(&k)).collect()
    });
    let keep = matches!(backing, Backing::Hugetlbfs { unlink: Unlink::Never, .. });
    for lf in removed {
        if !keep {
            if let Some(p) = &lf.path {
                let _ = std::fs::remove_file(p);
            }
        }
    }
}

/// The descriptor and offset backing segment `seg` of list `list`.
pub fn segment_fd(list: u32, seg: u32, page_sz: u64) -> Option<(RawFd, u64)> {
    with_fds(|m| {
        if let Some(lf) = m.get(&(list, seg)) {
            return Some((lf.fd.as_raw_fd(), 0));
        }
        m.get(&(list, LIST_WIDE)).map(|lf| (lf.fd.as_raw_fd(), seg as u64 * page_sz))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nohuge_list_maps_shares_and_unmaps() {
        let page = 4096u64;
        let base = pages::reserve_va(64 * page as usize, 1 << 21, None).unwrap();
        // SAFETY: pages of the reservation just made, used only here.
        unsafe { map_segments(90, base, page, 64 * page, 3, 4, &Backing::NoHuge).unwrap() };
        let p = (base + 3 * page as usize) as *mut u64;
        // SAFETY: mapped read-write above.
        unsafe { std::ptr::write_volatile(p, 42) };
        let (fd, off) = segment_fd(90, 4, page).unwrap();
        assert_eq!(off, 4 * page);
        let mut b = [0u8; 8];
        // SAFETY: pread into a local buffer from a live fd.
        unsafe { libc::pread(fd, b.as_mut_ptr().cast(), 8, (3 * page) as libc::off_t) };
        assert_eq!(u64::from_ne_bytes(b), 42);
        // SAFETY: our own pages, no longer used.
        unsafe { unmap_segments(90, base, page, 3, 4, &Backing::NoHuge) };
        release_list(90, &Backing::NoHuge);
        assert!(segment_fd(90, 4, page).is_none());
        // SAFETY: our own reservation.
        unsafe { pages::release_va(base, 64 * page as usize) };
    }

    #[test]
    fn stale_files_of_the_prefix_only() {
        let dir = std::env::temp_dir().join(format!("rte-stale-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for n in ["tstmap_0_1", "tstmap_2", "otherpmap_0_0", "tstmapx"] {
            std::fs::write(dir.join(n), b"").unwrap();
        }
        let held = std::fs::File::open(dir.join("tstmap_2")).unwrap();
        // SAFETY: flock on a file we opened.
        unsafe { libc::flock(held.as_raw_fd(), libc::LOCK_SH) };
        assert_eq!(remove_stale(&dir, "tst"), 1);
        assert!(dir.join("tstmap_2").exists(), "a file in use stays");
        assert!(dir.join("otherpmap_0_0").exists() && dir.join("tstmapx").exists());
        drop(held);
        assert_eq!(remove_stale(&dir, "tst"), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
