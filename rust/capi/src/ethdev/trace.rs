//! The trace point handles librte_ethdev exports (data symbols).

/// Trace point handles of 22.11's ethdev library. librte-rs has no trace
/// buffer: each handle stays 0, which is "disabled" to reference code that
/// reads it.
macro_rules! trace_points {
    ($($name:ident),*) => {$(
        #[no_mangle]
        #[doc(hidden)]
        pub static mut $name: u64 = 0;
    )*};
}
trace_points!(
    __rte_ethdev_trace_close,
    __rte_ethdev_trace_configure,
    __rte_ethdev_trace_rx_burst,
    __rte_ethdev_trace_rxq_setup,
    __rte_ethdev_trace_start,
    __rte_ethdev_trace_stop,
    __rte_ethdev_trace_tx_burst,
    __rte_ethdev_trace_txq_setup
);
