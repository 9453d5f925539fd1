//! `rte_debug.h`. `rte_panic`'s `__rte_panic`, `rte_exit` and
//! `rte_dump_stack` are C (variadic, backtrace) in `csrc/log.c`.
