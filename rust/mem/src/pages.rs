//! Virtual address reservations and the pages mapped into them: anonymous
//! shared memory from a memfd (`--no-huge`), one hugetlbfs file per page,
//! one hugetlbfs file per list (`--single-file-segments`), or a hugetlb
//! memfd (`--in-memory`, no file at all).

use std::ffi::CString;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::path::{Path, PathBuf};

/// What failed, with the errno.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapError {
    /// What was being done.
    pub what: String,
    /// The errno.
    pub errno: i32,
}

impl std::fmt::Display for MapError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.what, std::io::Error::from_raw_os_error(self.errno))
    }
}

fn last_error(what: impl Into<String>) -> MapError {
    MapError { what: what.into(), errno: std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EIO) }
}

/// Reserves `len` bytes of address space aligned to `align` (a power of
/// two), inaccessible until pages are mapped in. `hint` asks for a base
/// address (`--base-virtaddr`); it is a hint, not a demand.
pub fn reserve_va(len: usize, align: usize, hint: Option<usize>) -> Result<usize, MapError> {
    let total = len.checked_add(align).ok_or(MapError { what: "VA size overflows".into(), errno: libc::EINVAL })?;
    // SAFETY: a fresh PROT_NONE anonymous mapping at an address the kernel
    // picks (the hint is only a hint); nothing existing is replaced.
    let p = unsafe {
        libc::mmap(
            hint.unwrap_or(0) as *mut libc::c_void,
            total,
            libc::PROT_NONE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
            -1,
            0,
        )
    };
    if p == libc::MAP_FAILED {
        return Err(last_error(format!("cannot reserve {len} bytes of address space")));
    }
    let start = p as usize;
    let aligned = (start + align - 1) & !(align - 1);
    // SAFETY: both trimmed pieces lie inside the mapping just made, which
    // nothing else uses yet.
    unsafe {
        if aligned > start {
            libc::munmap(p, aligned - start);
        }
        let end = aligned + len;
        if start + total > end {
            libc::munmap(end as *mut libc::c_void, start + total - end);
        }
    }
    Ok(aligned)
}

/// Returns a reservation (or any part of it) to the kernel.
///
/// # Safety
/// `[addr, addr+len)` must be a reservation (or pages in it) this process
/// owns and no longer uses.
pub unsafe fn release_va(addr: usize, len: usize) {
    // SAFETY: the caller owns the range.
    unsafe { libc::munmap(addr as *mut libc::c_void, len) };
}

/// Turns mapped pages back into an inaccessible reservation.
///
/// # Safety
/// `[addr, addr+len)` must be pages this process mapped and no longer uses.
pub unsafe fn unmap_to_reservation(addr: usize, len: usize) -> Result<(), MapError> {
    // SAFETY: replaces the caller's own pages with PROT_NONE (MAP_FIXED on a
    // range the caller owns).
    let p = unsafe {
        libc::mmap(
            addr as *mut libc::c_void,
            len,
            libc::PROT_NONE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE | libc::MAP_FIXED,
            -1,
            0,
        )
    };
    if p == libc::MAP_FAILED {
        return Err(last_error("cannot return pages to the reservation"));
    }
    Ok(())
}

/// Where the bytes of a page come from.
#[derive(Debug)]
pub struct PageBacking {
    /// The file descriptor (kept open while mapped unless `--huge-unlink`).
    pub fd: Option<OwnedFd>,
    /// Offset of the page in that file.
    pub offset: u64,
    /// The hugetlbfs file, if it has a name.
    pub path: Option<PathBuf>,
}

/// Creates a memfd of `len` bytes (`hugetlb`: backed by hugepages of
/// `page_sz`).
pub fn memfd(name: &str, len: u64, hugetlb: Option<u64>) -> Result<OwnedFd, MapError> {
    let cname = CString::new(name).map_err(|_| MapError { what: "NUL in name".into(), errno: libc::EINVAL })?;
    let mut flags = libc::MFD_CLOEXEC;
    if let Some(sz) = hugetlb {
        flags |= libc::MFD_HUGETLB | ((sz.trailing_zeros() as libc::c_uint) << libc::MFD_HUGE_SHIFT);
    }
    // SAFETY: memfd_create with a valid name; the fd is owned right away.
    let fd = unsafe { libc::memfd_create(cname.as_ptr(), flags) };
    if fd < 0 {
        return Err(last_error(format!("memfd_create({name})")));
    }
    // SAFETY: fd is a fresh descriptor that nothing else owns.
    let fd = unsafe { OwnedFd::from_raw_fd(fd) };
    // SAFETY: ftruncate on an owned fd.
    if unsafe { libc::ftruncate(fd.as_raw_fd(), len as libc::off_t) } != 0 {
        return Err(last_error(format!("cannot size memfd {name} to {len} bytes")));
    }
    Ok(fd)
}

/// Opens (creating) a hugetlbfs file of at least `len` bytes.
pub fn hugetlbfs_file(path: &Path, len: u64) -> Result<OwnedFd, MapError> {
    let c = CString::new(path.to_string_lossy().as_bytes())
        .map_err(|_| MapError { what: "NUL in path".into(), errno: libc::EINVAL })?;
    // SAFETY: open with a valid path; the fd is owned right away.
    let fd = unsafe { libc::open(c.as_ptr(), libc::O_CREAT | libc::O_RDWR | libc::O_CLOEXEC, 0o600) };
    if fd < 0 {
        return Err(last_error(format!("cannot open {}", path.display())));
    }
    // SAFETY: fresh descriptor.
    let fd = unsafe { OwnedFd::from_raw_fd(fd) };
    let mut st: libc::stat = unsafe_zeroed_stat();
    // SAFETY: fstat fills `st` for an owned fd.
    if unsafe { libc::fstat(fd.as_raw_fd(), &mut st) } == 0 && (st.st_size as u64) < len {
        // SAFETY: ftruncate on an owned fd.
        if unsafe { libc::ftruncate(fd.as_raw_fd(), len as libc::off_t) } != 0 {
            return Err(last_error(format!("cannot size {}", path.display())));
        }
    }
    Ok(fd)
}

fn unsafe_zeroed_stat() -> libc::stat {
    // SAFETY: stat is plain data; all-zero is a valid value to overwrite.
    unsafe { std::mem::zeroed() }
}

/// Maps `len` bytes of `fd` at `offset` over `addr` (inside a reservation).
/// With `populate`, the pages are faulted in now, so that a hugepage
/// shortage shows here rather than as SIGBUS later; small pages are left
/// to fault in on first touch.
///
/// # Safety
/// `[addr, addr+len)` must be part of a reservation this process owns and
/// does not use for anything else.
pub unsafe fn map_fixed(addr: usize, len: usize, fd: &OwnedFd, offset: u64, populate: bool) -> Result<(), MapError> {
    // SAFETY: MAP_FIXED over the caller's own reservation (contract).
    let p = unsafe {
        libc::mmap(
            addr as *mut libc::c_void,
            len,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_SHARED | libc::MAP_FIXED | if populate { libc::MAP_POPULATE } else { 0 },
            fd.as_raw_fd(),
            offset as libc::off_t,
        )
    };
    if p == libc::MAP_FAILED {
        return Err(last_error(format!("cannot map {len} bytes at {addr:#x}")));
    }
    Ok(())
}

/// Frees a file range's pages (hugetlbfs or memfd: punches a hole).
pub fn punch_hole(fd: &OwnedFd, offset: u64, len: u64) {
    // SAFETY: fallocate on an owned fd; failure only means the pages stay.
    unsafe {
        libc::fallocate(
            fd.as_raw_fd(),
            libc::FALLOC_FL_PUNCH_HOLE | libc::FALLOC_FL_KEEP_SIZE,
            offset as libc::off_t,
            len as libc::off_t,
        )
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserve_map_write_unmap() {
        let page = 4096;
        let base = reserve_va(16 * page, 1 << 21, None).unwrap();
        assert_eq!(base % (1 << 21), 0);
        let fd = memfd("rte-test", 4 * page as u64, None).unwrap();
        // SAFETY: pages inside the reservation just made.
        unsafe { map_fixed(base + page, 2 * page, &fd, 0, true).unwrap() };
        // SAFETY: mapped read-write just above.
        unsafe { std::ptr::write_volatile((base + page) as *mut u64, 0xdead_beef) };
        // The same file mapped again elsewhere shows the write: it is shared.
        let other = reserve_va(page, page, None).unwrap();
        // SAFETY: a fresh reservation of our own.
        unsafe { map_fixed(other, page, &fd, 0, false).unwrap() };
        // SAFETY: mapped read-write just above.
        assert_eq!(unsafe { std::ptr::read_volatile(other as *const u64) }, 0xdead_beef);
        // SAFETY: our own pages, no longer used.
        unsafe {
            unmap_to_reservation(base + page, 2 * page).unwrap();
            release_va(base, 16 * page);
            release_va(other, page);
        }
    }
}
