//! The x86 CPU flags of `rte_cpuflags.h`, in the reference's order.

/// A CPU feature flag (x86).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum rte_cpu_flag_t {
    /// CPUID: leaf 0x1, ecx bit 0.
    RTE_CPUFLAG_SSE3,
    /// CPUID: leaf 0x1, ecx bit 1.
    RTE_CPUFLAG_PCLMULQDQ,
    /// CPUID: leaf 0x1, ecx bit 2.
    RTE_CPUFLAG_DTES64,
    /// CPUID: leaf 0x1, ecx bit 3.
    RTE_CPUFLAG_MONITOR,
    /// CPUID: leaf 0x1, ecx bit 4.
    RTE_CPUFLAG_DS_CPL,
    /// CPUID: leaf 0x1, ecx bit 5.
    RTE_CPUFLAG_VMX,
    /// CPUID: leaf 0x1, ecx bit 6.
    RTE_CPUFLAG_SMX,
    /// CPUID: leaf 0x1, ecx bit 7.
    RTE_CPUFLAG_EIST,
    /// CPUID: leaf 0x1, ecx bit 8.
    RTE_CPUFLAG_TM2,
    /// CPUID: leaf 0x1, ecx bit 9.
    RTE_CPUFLAG_SSSE3,
    /// CPUID: leaf 0x1, ecx bit 10.
    RTE_CPUFLAG_CNXT_ID,
    /// CPUID: leaf 0x1, ecx bit 12.
    RTE_CPUFLAG_FMA,
    /// CPUID: leaf 0x1, ecx bit 13.
    RTE_CPUFLAG_CMPXCHG16B,
    /// CPUID: leaf 0x1, ecx bit 14.
    RTE_CPUFLAG_XTPR,
    /// CPUID: leaf 0x1, ecx bit 15.
    RTE_CPUFLAG_PDCM,
    /// CPUID: leaf 0x1, ecx bit 17.
    RTE_CPUFLAG_PCID,
    /// CPUID: leaf 0x1, ecx bit 18.
    RTE_CPUFLAG_DCA,
    /// CPUID: leaf 0x1, ecx bit 19.
    RTE_CPUFLAG_SSE4_1,
    /// CPUID: leaf 0x1, ecx bit 20.
    RTE_CPUFLAG_SSE4_2,
    /// CPUID: leaf 0x1, ecx bit 21.
    RTE_CPUFLAG_X2APIC,
    /// CPUID: leaf 0x1, ecx bit 22.
    RTE_CPUFLAG_MOVBE,
    /// CPUID: leaf 0x1, ecx bit 23.
    RTE_CPUFLAG_POPCNT,
    /// CPUID: leaf 0x1, ecx bit 24.
    RTE_CPUFLAG_TSC_DEADLINE,
    /// CPUID: leaf 0x1, ecx bit 25.
    RTE_CPUFLAG_AES,
    /// CPUID: leaf 0x1, ecx bit 26.
    RTE_CPUFLAG_XSAVE,
    /// CPUID: leaf 0x1, ecx bit 27.
    RTE_CPUFLAG_OSXSAVE,
    /// CPUID: leaf 0x1, ecx bit 28.
    RTE_CPUFLAG_AVX,
    /// CPUID: leaf 0x1, ecx bit 29.
    RTE_CPUFLAG_F16C,
    /// CPUID: leaf 0x1, ecx bit 30.
    RTE_CPUFLAG_RDRAND,
    /// CPUID: leaf 0x1, ecx bit 31.
    RTE_CPUFLAG_HYPERVISOR,
    /// CPUID: leaf 0x1, edx bit 0.
    RTE_CPUFLAG_FPU,
    /// CPUID: leaf 0x1, edx bit 1.
    RTE_CPUFLAG_VME,
    /// CPUID: leaf 0x1, edx bit 2.
    RTE_CPUFLAG_DE,
    /// CPUID: leaf 0x1, edx bit 3.
    RTE_CPUFLAG_PSE,
    /// CPUID: leaf 0x1, edx bit 4.
    RTE_CPUFLAG_TSC,
    /// CPUID: leaf 0x1, edx bit 5.
    RTE_CPUFLAG_MSR,
    /// CPUID: leaf 0x1, edx bit 6.
    RTE_CPUFLAG_PAE,
    /// CPUID: leaf 0x1, edx bit 7.
    RTE_CPUFLAG_MCE,
    /// CPUID: leaf 0x1, edx bit 8.
    RTE_CPUFLAG_CX8,
    /// CPUID: leaf 0x1, edx bit 9.
    RTE_CPUFLAG_APIC,
    /// CPUID: leaf 0x1, edx bit 11.
    RTE_CPUFLAG_SEP,
    /// CPUID: leaf 0x1, edx bit 12.
    RTE_CPUFLAG_MTRR,
    /// CPUID: leaf 0x1, edx bit 13.
    RTE_CPUFLAG_PGE,
    /// CPUID: leaf 0x1, edx bit 14.
    RTE_CPUFLAG_MCA,
    /// CPUID: leaf 0x1, edx bit 15.
    RTE_CPUFLAG_CMOV,
    /// CPUID: leaf 0x1, edx bit 16.
    RTE_CPUFLAG_PAT,
    /// CPUID: leaf 0x1, edx bit 17.
    RTE_CPUFLAG_PSE36,
    /// CPUID: leaf 0x1, edx bit 18.
    RTE_CPUFLAG_PSN,
    /// CPUID: leaf 0x1, edx bit 19.
    RTE_CPUFLAG_CLFSH,
    /// CPUID: leaf 0x1, edx bit 21.
    RTE_CPUFLAG_DS,
    /// CPUID: leaf 0x1, edx bit 22.
    RTE_CPUFLAG_ACPI,
    /// CPUID: leaf 0x1, edx bit 23.
    RTE_CPUFLAG_MMX,
    /// CPUID: leaf 0x1, edx bit 24.
    RTE_CPUFLAG_FXSR,
    /// CPUID: leaf 0x1, edx bit 25.
    RTE_CPUFLAG_SSE,
    /// CPUID: leaf 0x1, edx bit 26.
    RTE_CPUFLAG_SSE2,
    /// CPUID: leaf 0x1, edx bit 27.
    RTE_CPUFLAG_SS,
    /// CPUID: leaf 0x1, edx bit 28.
    RTE_CPUFLAG_HTT,
    /// CPUID: leaf 0x1, edx bit 29.
    RTE_CPUFLAG_TM,
    /// CPUID: leaf 0x1, edx bit 31.
    RTE_CPUFLAG_PBE,
    /// CPUID: leaf 0x6, eax bit 0.
    RTE_CPUFLAG_DIGTEMP,
    /// CPUID: leaf 0x6, eax bit 1.
    RTE_CPUFLAG_TRBOBST,
    /// CPUID: leaf 0x6, eax bit 2.
    RTE_CPUFLAG_ARAT,
    /// CPUID: leaf 0x6, eax bit 4.
    RTE_CPUFLAG_PLN,
    /// CPUID: leaf 0x6, eax bit 5.
    RTE_CPUFLAG_ECMD,
    /// CPUID: leaf 0x6, eax bit 6.
    RTE_CPUFLAG_PTM,
    /// CPUID: leaf 0x6, ecx bit 0.
    RTE_CPUFLAG_MPERF_APERF_MSR,
    /// CPUID: leaf 0x6, ecx bit 1.
    RTE_CPUFLAG_ACNT2,
    /// CPUID: leaf 0x6, ecx bit 3.
    RTE_CPUFLAG_ENERGY_EFF,
    /// CPUID: leaf 0x7, ebx bit 0.
    RTE_CPUFLAG_FSGSBASE,
    /// CPUID: leaf 0x7, ebx bit 3.
    RTE_CPUFLAG_BMI1,
    /// CPUID: leaf 0x7, ebx bit 4.
    RTE_CPUFLAG_HLE,
    /// CPUID: leaf 0x7, ebx bit 5.
    RTE_CPUFLAG_AVX2,
    /// CPUID: leaf 0x7, ebx bit 7.
    RTE_CPUFLAG_SMEP,
    /// CPUID: leaf 0x7, ebx bit 8.
    RTE_CPUFLAG_BMI2,
    /// CPUID: leaf 0x7, ebx bit 9.
    RTE_CPUFLAG_ERMS,
    /// CPUID: leaf 0x7, ebx bit 10.
    RTE_CPUFLAG_INVPCID,
    /// CPUID: leaf 0x7, ebx bit 11.
    RTE_CPUFLAG_RTM,
    /// CPUID: leaf 0x7, ebx bit 16.
    RTE_CPUFLAG_AVX512F,
    /// CPUID: leaf 0x7, ebx bit 18.
    RTE_CPUFLAG_RDSEED,
    /// CPUID: leaf 0x80000001, ecx bit 0.
    RTE_CPUFLAG_LAHF_SAHF,
    /// CPUID: leaf 0x80000001, ecx bit 5.
    RTE_CPUFLAG_LZCNT,
    /// CPUID: leaf 0x80000001, edx bit 11.
    RTE_CPUFLAG_SYSCALL,
    /// CPUID: leaf 0x80000001, edx bit 20.
    RTE_CPUFLAG_XD,
    /// CPUID: leaf 0x80000001, edx bit 26.
    RTE_CPUFLAG_1GB_PG,
    /// CPUID: leaf 0x80000001, edx bit 27.
    RTE_CPUFLAG_RDTSCP,
    /// CPUID: leaf 0x80000001, edx bit 29.
    RTE_CPUFLAG_EM64T,
    /// CPUID: leaf 0x80000007, edx bit 8.
    RTE_CPUFLAG_INVTSC,
    /// CPUID: leaf 0x7, ebx bit 17.
    RTE_CPUFLAG_AVX512DQ,
    /// CPUID: leaf 0x7, ebx bit 21.
    RTE_CPUFLAG_AVX512IFMA,
    /// CPUID: leaf 0x7, ebx bit 28.
    RTE_CPUFLAG_AVX512CD,
    /// CPUID: leaf 0x7, ebx bit 30.
    RTE_CPUFLAG_AVX512BW,
    /// CPUID: leaf 0x7, ebx bit 31.
    RTE_CPUFLAG_AVX512VL,
    /// CPUID: leaf 0x7, ecx bit 1.
    RTE_CPUFLAG_AVX512VBMI,
    /// CPUID: leaf 0x7, ecx bit 6.
    RTE_CPUFLAG_AVX512VBMI2,
    /// CPUID: leaf 0x7, ecx bit 8.
    RTE_CPUFLAG_GFNI,
    /// CPUID: leaf 0x7, ecx bit 9.
    RTE_CPUFLAG_VAES,
    /// CPUID: leaf 0x7, ecx bit 10.
    RTE_CPUFLAG_VPCLMULQDQ,
    /// CPUID: leaf 0x7, ecx bit 11.
    RTE_CPUFLAG_AVX512VNNI,
    /// CPUID: leaf 0x7, ecx bit 12.
    RTE_CPUFLAG_AVX512BITALG,
    /// CPUID: leaf 0x7, ecx bit 14.
    RTE_CPUFLAG_AVX512VPOPCNTDQ,
    /// CPUID: leaf 0x7, ecx bit 25.
    RTE_CPUFLAG_CLDEMOTE,
    /// CPUID: leaf 0x7, ecx bit 27.
    RTE_CPUFLAG_MOVDIRI,
    /// CPUID: leaf 0x7, ecx bit 28.
    RTE_CPUFLAG_MOVDIR64B,
    /// CPUID: leaf 0x7, edx bit 8.
    RTE_CPUFLAG_AVX512VP2INTERSECT,
    /// CPUID: leaf 0x7, ecx bit 5.
    RTE_CPUFLAG_WAITPKG,
    /// The number of flags; not a flag.
    RTE_CPUFLAG_NUMFLAGS,
}
