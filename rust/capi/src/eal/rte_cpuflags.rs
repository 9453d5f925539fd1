//! `rte_cpuflags.h`: CPU feature flags read with CPUID.

use std::ffi::{c_char, c_int, c_uint};

use rte_abi::cpuflags::rte_cpu_flag_t::RTE_CPUFLAG_NUMFLAGS;

#[derive(Clone, Copy)]
enum Reg {
    Eax,
    Ebx,
    Ecx,
    Edx,
}

/// Name, CPUID leaf, subleaf, register and bit of each flag, indexed by
/// `rte_cpu_flag_t` (Intel SDM vol. 2A, CPUID).
const FLAGS: [(&str, u32, u32, Reg, u32); RTE_CPUFLAG_NUMFLAGS as usize] = [
    ("SSE3", 0x1, 0, Reg::Ecx, 0),
    ("PCLMULQDQ", 0x1, 0, Reg::Ecx, 1),
    ("DTES64", 0x1, 0, Reg::Ecx, 2),
    ("MONITOR", 0x1, 0, Reg::Ecx, 3),
    ("DS_CPL", 0x1, 0, Reg::Ecx, 4),
    ("VMX", 0x1, 0, Reg::Ecx, 5),
    ("SMX", 0x1, 0, Reg::Ecx, 6),
    ("EIST", 0x1, 0, Reg::Ecx, 7),
    ("TM2", 0x1, 0, Reg::Ecx, 8),
    ("SSSE3", 0x1, 0, Reg::Ecx, 9),
    ("CNXT_ID", 0x1, 0, Reg::Ecx, 10),
    ("FMA", 0x1, 0, Reg::Ecx, 12),
    ("CMPXCHG16B", 0x1, 0, Reg::Ecx, 13),
    ("XTPR", 0x1, 0, Reg::Ecx, 14),
    ("PDCM", 0x1, 0, Reg::Ecx, 15),
    ("PCID", 0x1, 0, Reg::Ecx, 17),
    ("DCA", 0x1, 0, Reg::Ecx, 18),
    ("SSE4_1", 0x1, 0, Reg::Ecx, 19),
    ("SSE4_2", 0x1, 0, Reg::Ecx, 20),
    ("X2APIC", 0x1, 0, Reg::Ecx, 21),
    ("MOVBE", 0x1, 0, Reg::Ecx, 22),
    ("POPCNT", 0x1, 0, Reg::Ecx, 23),
    ("TSC_DEADLINE", 0x1, 0, Reg::Ecx, 24),
    ("AES", 0x1, 0, Reg::Ecx, 25),
    ("XSAVE", 0x1, 0, Reg::Ecx, 26),
    ("OSXSAVE", 0x1, 0, Reg::Ecx, 27),
    ("AVX", 0x1, 0, Reg::Ecx, 28),
    ("F16C", 0x1, 0, Reg::Ecx, 29),
    ("RDRAND", 0x1, 0, Reg::Ecx, 30),
    ("HYPERVISOR", 0x1, 0, Reg::Ecx, 31),
    ("FPU", 0x1, 0, Reg::Edx, 0),
    ("VME", 0x1, 0, Reg::Edx, 1),
    ("DE", 0x1, 0, Reg::Edx, 2),
    ("PSE", 0x1, 0, Reg::Edx, 3),
    ("TSC", 0x1, 0, Reg::Edx, 4),
    ("MSR", 0x1, 0, Reg::Edx, 5),
    ("PAE", 0x1, 0, Reg::Edx, 6),
    ("MCE", 0x1, 0, Reg::Edx, 7),
    ("CX8", 0x1, 0, Reg::Edx, 8),
    ("APIC", 0x1, 0, Reg::Edx, 9),
    ("SEP", 0x1, 0, Reg::Edx, 11),
    ("MTRR", 0x1, 0, Reg::Edx, 12),
    ("PGE", 0x1, 0, Reg::Edx, 13),
    ("MCA", 0x1, 0, Reg::Edx, 14),
    ("CMOV", 0x1, 0, Reg::Edx, 15),
    ("PAT", 0x1, 0, Reg::Edx, 16),
    ("PSE36", 0x1, 0, Reg::Edx, 17),
    ("PSN", 0x1, 0, Reg::Edx, 18),
    ("CLFSH", 0x1, 0, Reg::Edx, 19),
    ("DS", 0x1, 0, Reg::Edx, 21),
    ("ACPI", 0x1, 0, Reg::Edx, 22),
    ("MMX", 0x1, 0, Reg::Edx, 23),
    ("FXSR", 0x1, 0, Reg::Edx, 24),
    ("SSE", 0x1, 0, Reg::Edx, 25),
    ("SSE2", 0x1, 0, Reg::Edx, 26),
    ("SS", 0x1, 0, Reg::Edx, 27),
    ("HTT", 0x1, 0, Reg::Edx, 28),
    ("TM", 0x1, 0, Reg::Edx, 29),
    ("PBE", 0x1, 0, Reg::Edx, 31),
    ("DIGTEMP", 0x6, 0, Reg::Eax, 0),
    ("TRBOBST", 0x6, 0, Reg::Eax, 1),
    ("ARAT", 0x6, 0, Reg::Eax, 2),
    ("PLN", 0x6, 0, Reg::Eax, 4),
    ("ECMD", 0x6, 0, Reg::Eax, 5),
    ("PTM", 0x6, 0, Reg::Eax, 6),
    ("MPERF_APERF_MSR", 0x6, 0, Reg::Ecx, 0),
    ("ACNT2", 0x6, 0, Reg::Ecx, 1),
    ("ENERGY_EFF", 0x6, 0, Reg::Ecx, 3),
    ("FSGSBASE", 0x7, 0, Reg::Ebx, 0),
    ("BMI1", 0x7, 0, Reg::Ebx, 3),
    ("HLE", 0x7, 0, Reg::Ebx, 4),
    ("AVX2", 0x7, 0, Reg::Ebx, 5),
    ("SMEP", 0x7, 0, Reg::Ebx, 7),
    ("BMI2", 0x7, 0, Reg::Ebx, 8),
    ("ERMS", 0x7, 0, Reg::Ebx, 9),
    ("INVPCID", 0x7, 0, Reg::Ebx, 10),
    ("RTM", 0x7, 0, Reg::Ebx, 11),
    ("AVX512F", 0x7, 0, Reg::Ebx, 16),
    ("RDSEED", 0x7, 0, Reg::Ebx, 18),
    ("LAHF_SAHF", 0x80000001, 0, Reg::Ecx, 0),
    ("LZCNT", 0x80000001, 0, Reg::Ecx, 5),
    ("SYSCALL", 0x80000001, 0, Reg::Edx, 11),
    ("XD", 0x80000001, 0, Reg::Edx, 20),
    ("1GB_PG", 0x80000001, 0, Reg::Edx, 26),
    ("RDTSCP", 0x80000001, 0, Reg::Edx, 27),
    ("EM64T", 0x80000001, 0, Reg::Edx, 29),
    ("INVTSC", 0x80000007, 0, Reg::Edx, 8),
    ("AVX512DQ", 0x7, 0, Reg::Ebx, 17),
    ("AVX512IFMA", 0x7, 0, Reg::Ebx, 21),
    ("AVX512CD", 0x7, 0, Reg::Ebx, 28),
    ("AVX512BW", 0x7, 0, Reg::Ebx, 30),
    ("AVX512VL", 0x7, 0, Reg::Ebx, 31),
    ("AVX512VBMI", 0x7, 0, Reg::Ecx, 1),
    ("AVX512VBMI2", 0x7, 0, Reg::Ecx, 6),
    ("GFNI", 0x7, 0, Reg::Ecx, 8),
    ("VAES", 0x7, 0, Reg::Ecx, 9),
    ("VPCLMULQDQ", 0x7, 0, Reg::Ecx, 10),
    ("AVX512VNNI", 0x7, 0, Reg::Ecx, 11),
    ("AVX512BITALG", 0x7, 0, Reg::Ecx, 12),
    ("AVX512VPOPCNTDQ", 0x7, 0, Reg::Ecx, 14),
    ("CLDEMOTE", 0x7, 0, Reg::Ecx, 25),
    ("MOVDIRI", 0x7, 0, Reg::Ecx, 27),
    ("MOVDIR64B", 0x7, 0, Reg::Ecx, 28),
    ("AVX512VP2INTERSECT", 0x7, 0, Reg::Edx, 8),
    ("WAITPKG", 0x7, 0, Reg::Ecx, 5),
];

/// NUL-terminated copies of the names, for `rte_cpu_get_flag_name`.
static NAMES: std::sync::OnceLock<Vec<std::ffi::CString>> = std::sync::OnceLock::new();

fn enabled(leaf: u32, subleaf: u32, reg: Reg, bit: u32) -> bool {
    let max = core::arch::x86_64::__cpuid(leaf & 0x8000_0000).eax;
    if leaf > max {
        return false;
    }
    let r = core::arch::x86_64::__cpuid_count(leaf, subleaf);
    let v = match reg {
        Reg::Eax => r.eax,
        Reg::Ebx => r.ebx,
        Reg::Ecx => r.ecx,
        Reg::Edx => r.edx,
    };
    v & (1 << bit) != 0
}

/// 1 if the CPU has `feature` (an `enum rte_cpu_flag_t`), 0 if not, or
/// `-ENOENT` for a value that is no flag.
#[no_mangle]
pub extern "C" fn rte_cpu_get_flag_enabled(feature: c_uint) -> c_int {
    entry!("rte_cpu_get_flag_enabled", -libc::ENOENT, {
        match FLAGS.get(feature as usize) {
            Some(&(_, leaf, sub, reg, bit)) => enabled(leaf, sub, reg, bit) as c_int,
            None => -libc::ENOENT,
        }
    })
}

/// The name of `feature` ("SSE4_2"), or NULL for a value that is no flag.
#[no_mangle]
pub extern "C" fn rte_cpu_get_flag_name(feature: c_uint) -> *const c_char {
    entry!("rte_cpu_get_flag_name", std::ptr::null(), {
        let names =
            NAMES.get_or_init(|| FLAGS.iter().map(|f| std::ffi::CString::new(f.0).unwrap_or_default()).collect());
        names.get(feature as usize).map_or(std::ptr::null(), |n| n.as_ptr())
    })
}

/// 1 if this CPU runs code built for the reference's baseline
/// (`-march=corei7`: SSE up to 4.2 and POPCNT), else 0.
#[no_mangle]
pub extern "C" fn rte_cpu_is_supported() -> c_int {
    entry!("rte_cpu_is_supported", 0, {
        let ok = std::is_x86_feature_detected!("sse4.2") && std::is_x86_feature_detected!("popcnt");
        ok as c_int
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rte_abi::cpuflags::rte_cpu_flag_t;

    #[test]
    fn flags_agree_with_std_detection() {
        let f = |x: rte_cpu_flag_t| rte_cpu_get_flag_enabled(x as c_uint) == 1;
        assert_eq!(f(rte_cpu_flag_t::RTE_CPUFLAG_SSE4_2), std::is_x86_feature_detected!("sse4.2"));
        assert_eq!(f(rte_cpu_flag_t::RTE_CPUFLAG_AVX2), std::is_x86_feature_detected!("avx2"));
        assert_eq!(f(rte_cpu_flag_t::RTE_CPUFLAG_AVX512F), std::is_x86_feature_detected!("avx512f"));
        assert_eq!(f(rte_cpu_flag_t::RTE_CPUFLAG_LZCNT), std::is_x86_feature_detected!("lzcnt"));
        assert_eq!(f(rte_cpu_flag_t::RTE_CPUFLAG_BMI2), std::is_x86_feature_detected!("bmi2"));
        assert!(f(rte_cpu_flag_t::RTE_CPUFLAG_SSE2));
        assert_eq!(rte_cpu_get_flag_enabled(RTE_CPUFLAG_NUMFLAGS as c_uint), -libc::ENOENT);
        // SAFETY: a non-null result is one of NAMES' NUL-terminated strings.
        let name =
            unsafe { std::ffi::CStr::from_ptr(rte_cpu_get_flag_name(rte_cpu_flag_t::RTE_CPUFLAG_1GB_PG as c_uint)) };
        assert_eq!(name.to_str().unwrap(), "1GB_PG");
        assert!(rte_cpu_get_flag_name(RTE_CPUFLAG_NUMFLAGS as c_uint).is_null());
    }
}
