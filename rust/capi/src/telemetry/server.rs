//! The telemetry socket (protocol v2): `<runtime dir>/dpdk_telemetry.v2`, a
//! SOCK_SEQPACKET Unix socket. A client gets a JSON greeting (version, pid,
//! max_output_len), then sends `/command[,params]` and reads one JSON
//! object `{"/command": value}` per request: `{}` for an unknown command,
//! null when the callback fails. Built-in commands: `/` (the command list),
//! `/info` and `/help,<command>`. Started by rte_eal_init unless
//! --no-telemetry; stopped (socket removed) by rte_eal_cleanup.

use std::ffi::{c_char, c_int, CStr, CString};
use std::io::Write;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::Mutex;

use rte_eal::rte_log;

use super::rte_telemetry::{self as tel, rte_tel_data, Kind, Value, COMMANDS};

/// Largest reply (`MAX_OUTPUT_LEN`).
const MAX_OUTPUT_LEN: usize = 16 * 1024;
/// Longest command, terminator included.
const MAX_CMD_LEN: usize = 56;
/// Most clients served at once.
const MAX_CONNECTIONS: i32 = 10;

/// The listening socket (-1 when not serving).
static LISTEN_FD: AtomicI32 = AtomicI32::new(-1);
static CLIENTS: AtomicI32 = AtomicI32::new(0);
static SOCK_PATH: Mutex<Option<CString>> = Mutex::new(None);

fn json_str(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'"');
    for &c in s {
        match c {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            c if c < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c);
            }
            c => out.push(c),
        }
    }
    out.push(b'"');
}

fn json_value(out: &mut Vec<u8>, v: &Value) {
    match v {
        Value::Str(s) => json_str(out, s),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::U64(u) => {
            let _ = write!(out, "{u}");
        }
        // SAFETY: a container added to its parent, alive while the parent is.
        Value::Container(p, _) => json_data(out, unsafe { &**p }),
    }
}

/// The JSON text of a container (`null` for one never started).
pub fn json_data(out: &mut Vec<u8>, d: &rte_tel_data) {
    match &d.kind {
        Kind::Null => out.extend_from_slice(b"null"),
        Kind::Str(s) => json_str(out, s),
        Kind::Dict(entries) => {
            out.push(b'{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                json_str(out, k);
                out.push(b':');
                json_value(out, v);
            }
            out.push(b'}');
        }
        Kind::Array(_, vals) => {
            out.push(b'[');
            for (i, v) in vals.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                json_value(out, v);
            }
            out.push(b']');
        }
    }
}

/// The reply to one request line.
pub fn answer(req: &[u8]) -> Vec<u8> {
    // Leading commas are skipped; the parameters are what follows the next one.
    let req = {
        let n = req.iter().take_while(|&&c| c == b',').count();
        &req[n..]
    };
    let (cmd, params) = match req.iter().position(|&c| c == b',') {
        Some(i) => (&req[..i], Some(&req[i + 1..]).filter(|p| !p.is_empty())),
        None => (req, None),
    };
    let cb = if !cmd.is_empty() && cmd.len() < MAX_CMD_LEN {
        let cmds = COMMANDS.lock().unwrap_or_else(|e| e.into_inner());
        cmds.iter().find(|c| c.name == cmd).map(|c| c.cb)
    } else {
        None
    };
    let mut out = Vec::new();
    let Some(cb) = cb else {
        out.extend_from_slice(b"{}");
        return out;
    };
    let d = tel::rte_tel_data_alloc();
    let c = CString::new(cmd).unwrap_or_default();
    let p = params.and_then(|p| CString::new(p).ok());
    // SAFETY: the registered telemetry_cb with its command, parameters
    // (NULL when none) and a fresh container.
    let r = unsafe {
        let f: unsafe extern "C" fn(*const c_char, *const c_char, *mut rte_tel_data) -> c_int = std::mem::transmute(cb);
        f(c.as_ptr(), p.as_ref().map_or(std::ptr::null(), |p| p.as_ptr()), d)
    };
    out.push(b'{');
    json_str(&mut out, &cmd[..cmd.len().min(MAX_CMD_LEN)]);
    out.push(b':');
    if r < 0 {
        out.extend_from_slice(b"null");
    } else {
        // SAFETY: d from rte_tel_data_alloc, filled by the callback.
        let data = unsafe { &*d };
        if let Kind::Null = data.kind {
            out.clear();
            out.extend_from_slice(b"{}");
        } else {
            json_data(&mut out, data);
            out.push(b'}');
        }
    }
    if r < 0 {
        out.push(b'}');
    }
    // SAFETY: d from rte_tel_data_alloc, freed once.
    unsafe { tel::rte_tel_data_free(d) };
    if out.len() > MAX_OUTPUT_LEN {
        rte_log!(ERR, EAL, "TELEMETRY: reply to {} over {MAX_OUTPUT_LEN} bytes\n", String::from_utf8_lossy(cmd));
        out.clear();
        out.push(b'{');
        json_str(&mut out, cmd);
        out.extend_from_slice(b":null}");
    }
    out
}

unsafe extern "C" fn list_commands(_c: *const c_char, _p: *const c_char, d: *mut rte_tel_data) -> c_int {
    // SAFETY: d is the server's container.
    unsafe { tel::rte_tel_data_start_array(d, tel::RTE_TEL_STRING_VAL) };
    let names: Vec<CString> = COMMANDS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .filter_map(|c| CString::new(c.name.clone()).ok())
        .collect();
    for n in names {
        // SAFETY: as above.
        unsafe { tel::rte_tel_data_add_array_string(d, n.as_ptr()) };
    }
    0
}

unsafe extern "C" fn json_info(_c: *const c_char, _p: *const c_char, d: *mut rte_tel_data) -> c_int {
    // SAFETY: d is the server's container; the strings are static.
    unsafe {
        tel::rte_tel_data_start_dict(d);
        tel::rte_tel_data_add_dict_string(d, c"version".as_ptr(), crate::eal::rte_version::rte_version());
        tel::rte_tel_data_add_dict_int(d, c"pid".as_ptr(), libc::getpid());
        tel::rte_tel_data_add_dict_int(d, c"max_output_len".as_ptr(), MAX_OUTPUT_LEN as c_int);
    }
    0
}

unsafe extern "C" fn command_help(c: *const c_char, p: *const c_char, d: *mut rte_tel_data) -> c_int {
    // SAFETY: the server's strings.
    let look = unsafe { CStr::from_ptr(if p.is_null() { c } else { p }) }.to_bytes().to_vec();
    let help = COMMANDS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .find(|x| x.name == look)
        .and_then(|x| CString::new(x.help.clone()).ok());
    let Some(h) = help else { return -1 };
    // SAFETY: d is the server's container.
    unsafe {
        if p.is_null() {
            tel::rte_tel_data_string(d, h.as_ptr());
        } else {
            tel::rte_tel_data_start_dict(d);
            tel::rte_tel_data_add_dict_string(d, p, h.as_ptr());
        }
    }
    0
}

fn serve_client(fd: c_int) {
    let mut greeting = Vec::new();
    // SAFETY: a NUL-terminated static string.
    let ver = unsafe { CStr::from_ptr(crate::eal::rte_version::rte_version()) }.to_bytes();
    greeting.extend_from_slice(b"{\"version\":");
    json_str(&mut greeting, ver);
    // SAFETY: getpid has no preconditions.
    let _ = write!(greeting, ",\"pid\":{},\"max_output_len\":{}}}", unsafe { libc::getpid() }, MAX_OUTPUT_LEN);
    // SAFETY: fd is our connected socket; the buffers are valid.
    unsafe {
        if libc::write(fd, greeting.as_ptr().cast(), greeting.len()) < 0 {
            libc::close(fd);
            return;
        }
        let mut buf = [0u8; 1024];
        loop {
            let n = libc::read(fd, buf.as_mut_ptr().cast(), buf.len() - 1);
            if n <= 0 {
                break;
            }
            let req = &buf[..n as usize];
            let req = req.split(|&c| c == 0).next().unwrap_or(b"");
            let out = answer(req);
            if libc::write(fd, out.as_ptr().cast(), out.len()) < 0 {
                break;
            }
        }
        libc::close(fd);
    }
    CLIENTS.fetch_sub(1, Ordering::Relaxed);
}

fn accept_loop(lfd: c_int) {
    loop {
        // SAFETY: lfd is the listening socket (shut down to stop this loop).
        let fd = unsafe { libc::accept(lfd, std::ptr::null_mut(), std::ptr::null_mut()) };
        if fd < 0 {
            let e = std::io::Error::last_os_error().raw_os_error();
            if e == Some(libc::EINTR) {
                continue;
            }
            break;
        }
        // ORDERING: a plain counter of live client threads.
        if CLIENTS.fetch_add(1, Ordering::Relaxed) >= MAX_CONNECTIONS {
            CLIENTS.fetch_sub(1, Ordering::Relaxed);
            // SAFETY: our accepted socket.
            unsafe { libc::close(fd) };
            continue;
        }
        let _ = std::thread::Builder::new().name("telemetry-client".into()).spawn(move || serve_client(fd));
    }
}

/// Registers the built-in commands and starts serving in `runtime_dir`
/// (errors are logged; the EAL goes on without telemetry, as 22.11 does).
pub fn start(runtime_dir: &str) {
    // SAFETY: static strings and our callbacks.
    unsafe {
        tel::rte_telemetry_register_cmd(
            c"/".as_ptr(),
            Some(list_commands),
            c"Returns list of available commands, Takes no parameters".as_ptr(),
        );
        tel::rte_telemetry_register_cmd(
            c"/info".as_ptr(),
            Some(json_info),
            c"Returns DPDK Telemetry information. Takes no parameters".as_ptr(),
        );
        tel::rte_telemetry_register_cmd(
            c"/help".as_ptr(),
            Some(command_help),
            c"Returns help text for a command. Parameters: string command".as_ptr(),
        );
    }
    super::ethdev::register();
    if runtime_dir.is_empty() || LISTEN_FD.load(Ordering::Relaxed) >= 0 {
        return;
    }
    let path = format!("{runtime_dir}/dpdk_telemetry.v2");
    let Ok(cpath) = CString::new(path.clone()) else { return };
    // SAFETY: plain socket calls on our own descriptor and a zeroed address
    // filled with a path that fits (checked).
    unsafe {
        let fd = libc::socket(libc::AF_UNIX, libc::SOCK_SEQPACKET | libc::SOCK_CLOEXEC, 0);
        if fd < 0 {
            rte_log!(ERR, EAL, "TELEMETRY: cannot create socket: {}\n", std::io::Error::last_os_error());
            return;
        }
        let mut sun: libc::sockaddr_un = std::mem::zeroed();
        sun.sun_family = libc::AF_UNIX as libc::sa_family_t;
        let b = cpath.as_bytes();
        if b.len() >= sun.sun_path.len() {
            libc::close(fd);
            rte_log!(ERR, EAL, "TELEMETRY: socket path too long: {path}\n");
            return;
        }
        for (i, &c) in b.iter().enumerate() {
            sun.sun_path[i] = c as c_char;
        }
        libc::unlink(cpath.as_ptr());
        let len = std::mem::size_of::<libc::sockaddr_un>() as libc::socklen_t;
        if libc::bind(fd, (&sun as *const libc::sockaddr_un).cast(), len) < 0 || libc::listen(fd, 1) < 0 {
            rte_log!(ERR, EAL, "TELEMETRY: cannot serve {path}: {}\n", std::io::Error::last_os_error());
            libc::close(fd);
            return;
        }
        LISTEN_FD.store(fd, Ordering::Relaxed);
        *SOCK_PATH.lock().unwrap_or_else(|e| e.into_inner()) = Some(cpath);
        if std::thread::Builder::new().name("telemetry-v2".into()).spawn(move || accept_loop(fd)).is_err() {
            rte_log!(ERR, EAL, "TELEMETRY: cannot start the server thread\n");
        }
    }
}

/// Stops serving: wakes the accept loop and removes the socket file.
pub fn stop() {
    let fd = LISTEN_FD.swap(-1, Ordering::Relaxed);
    if fd < 0 {
        return;
    }
    // SAFETY: our listening socket; shutdown wakes a blocked accept().
    unsafe {
        libc::shutdown(fd, libc::SHUT_RDWR);
    }
    if let Some(p) = SOCK_PATH.lock().unwrap_or_else(|e| e.into_inner()).take() {
        // SAFETY: a NUL-terminated path.
        unsafe { libc::unlink(p.as_ptr()) };
    }
}
